"""A call's short Hebrew summary: what the caller wants, the details captured, and the meeting
booked or the next step. Pure: the facts come in, the sentence goes out.

``offline_summary`` is built from the offline engine's state (the lead's captured details and
the booked meeting); an LLM summary, when one is configured, is tried first by the adapter
(``telephony.summary_llm``) and falls back to this one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agentlocator.agent.memory import describe_lead
from agentlocator.telephony import summary_he

MAX_SAID_CHARS = 80


@dataclass(frozen=True)
class CallFacts:
    details: Mapping[str, Any]  # the lead's captured fields (LeadDetails.present())
    caller_lines: Sequence[str] = ()
    leah_lines: Sequence[str] = ()
    meeting_start: datetime | None = None
    wants_callback: bool = False
    asked_for_person: bool = False
    timezone: str = "Asia/Jerusalem"
    extra: Mapping[str, Any] = field(default_factory=dict)

    def transcript(self) -> str:
        """Both sides, in order as far as the facts know it (for the LLM)."""
        lines = [f"פונה: {line}" for line in self.caller_lines]
        lines += [f"לאה: {line}" for line in self.leah_lines]
        return "\n".join(lines)


def meeting_phrase(start: datetime, timezone: str) -> str:
    return start.astimezone(ZoneInfo(timezone)).strftime(summary_he.WHEN_FORMAT)


def offline_summary(facts: CallFacts) -> str:
    parts = []
    details = {
        # 4.0 rooms reads "4"; 3.5 stays
        k: int(v) if isinstance(v, float) and v.is_integer() else v
        for k, v in facts.details.items()
    }
    described = describe_lead(details)
    if described:
        parts.append(summary_he.WANTS.format(details=described))
    elif facts.caller_lines:
        line = facts.caller_lines[0].strip()
        if len(line) > MAX_SAID_CHARS:
            line = line[:MAX_SAID_CHARS].rsplit(" ", 1)[0] + "…"
        parts.append(summary_he.SAID.format(line=line))
    else:
        parts.append(summary_he.NOTHING_CAPTURED)
    if facts.meeting_start is not None:
        parts.append(
            summary_he.MEETING.format(when=meeting_phrase(facts.meeting_start, facts.timezone))
        )
    elif facts.asked_for_person:
        parts.append(summary_he.NEXT_HANDOFF)
    elif facts.wants_callback:
        parts.append(summary_he.NEXT_CALLBACK)
    else:
        parts.append(summary_he.NEXT_CONTACT)
    return " ".join(parts)
