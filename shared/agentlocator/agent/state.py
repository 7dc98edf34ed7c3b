"""Leah's dialogue state for one lead, kept between turns, calls and channels.

Stored as a plain dict on the lead (``Lead.agent_state``), so every field is JSON-friendly.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from agentlocator.crm.models import PropertyType

FIELD_ORDER = ("deal_type", "property_type", "city", "rooms", "budget", "name")
_NO_ROOMS: tuple[PropertyType, ...] = ("land", "commercial")


class Expecting(StrEnum):
    """What Leah asked last, so a bare answer ("ארבע", "כן") is read as its answer."""

    DEAL_TYPE = "deal_type"
    PROPERTY_TYPE = "property_type"
    CITY = "city"
    ROOMS = "rooms"
    BUDGET = "budget"
    NAME = "name"
    SLOT = "slot"  # she offered meeting times
    RESCHEDULE_CONFIRM = "reschedule_confirm"  # "יש לך כבר פגישה… רוצה להזיז אותה?"

    @classmethod
    def read(cls, raw: object) -> Expecting | None:
        try:
            return cls(str(raw)) if raw else None
        except ValueError:
            return None  # an old or foreign value: ask afresh rather than misread the answer


@dataclass
class OfferedSlot:
    start: str  # ISO, UTC
    end: str
    agent_id: str | None

    @property
    def start_at(self) -> datetime:
        return datetime.fromisoformat(self.start)

    @property
    def end_at(self) -> datetime:
        return datetime.fromisoformat(self.end)


@dataclass
class BookedMeeting:
    id: str
    start: str
    end: str
    agent_id: str | None = None

    @property
    def start_at(self) -> datetime:
        return datetime.fromisoformat(self.start)


@dataclass
class DialogueState:
    lead: dict[str, Any] = field(default_factory=dict)  # the lead's details, by LeadDetails field
    status: str | None = None  # the lead's status id (a StatusId, or one staff defined)
    expecting: Expecting | None = None
    asked: dict[str, int] = field(default_factory=dict)
    offered: list[OfferedSlot] = field(default_factory=list)
    rescheduling: bool = False
    meeting: BookedMeeting | None = None
    meeting_declined: bool = False
    tentative: bool = False  # booked from "Thursday afternoon": a time said next moves it
    focus_day: str | None = None  # the day being discussed: "ב-11" then means that day
    focus_time: str | None = None  # the time asked for last: "באותה שעה" means it
    ended: bool = False
    turns: int = 0
    price_answers: int = 0  # price questions answered so far: asked again, she words it anew
    summary: str = ""

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["expecting"] = str(self.expecting) if self.expecting else None
        data["status"] = str(self.status) if self.status is not None else None
        return data

    @classmethod
    def from_dict(cls, raw: dict[str, Any] | None) -> DialogueState:
        if not raw:
            return cls()
        meeting = raw.get("meeting")
        lead = dict(raw.get("lead") or {})
        legacy_status = lead.pop("_status", None)  # states saved before the status had a field
        return cls(
            lead=lead,
            status=raw.get("status") or legacy_status,
            expecting=Expecting.read(raw.get("expecting")),
            asked={str(k): int(v) for k, v in (raw.get("asked") or {}).items()},
            offered=[OfferedSlot(**o) for o in raw.get("offered") or []],
            rescheduling=bool(raw.get("rescheduling")),
            meeting=BookedMeeting(**meeting) if meeting else None,
            meeting_declined=bool(raw.get("meeting_declined")),
            tentative=bool(raw.get("tentative")),
            focus_day=raw.get("focus_day"),
            focus_time=raw.get("focus_time"),
            ended=bool(raw.get("ended")),
            turns=int(raw.get("turns") or 0),
            price_answers=int(raw.get("price_answers") or 0),
            summary=str(raw.get("summary") or ""),
        )

    def missing_fields(self) -> list[str]:
        needed = list(FIELD_ORDER)
        if self.lead.get("property_type") in _NO_ROOMS:
            needed.remove("rooms")
        return [f for f in needed if self.lead.get(f) is None]
