"""The tools Leah's LLM may call, as OpenAI function schemas, and their execution on a turn.

Every tool ends in the same ``LeadWriter`` calls the offline engine's actions use, so both
modes capture leads and book meetings identically (and only in free, open slots).
"""

from __future__ import annotations

import json
from datetime import date, datetime, time
from typing import Any

from agentlocator.agent.lead_sync import BookingFailed
from agentlocator.agent.port import TurnContext
from agentlocator.agent.state import BookedMeeting
from agentlocator.calendar.request import PARTS_OF_DAY, WhenRequest
from agentlocator.crm.models import DEAL_TYPES, PROPERTY_TYPES, StatusId

_PARTS = list(PARTS_OF_DAY)
# The statuses the model may move a lead to, and every enum below, come from the CRM's domain
# words (crm.models): the schema cannot drift from what the CRM accepts.
_STATUSES = [
    status.value for status in (StatusId.IN_PROGRESS, StatusId.MEETING_SET, StatusId.NOT_RELEVANT)
]


def _function(
    name: str, description: str, properties: dict[str, Any], required: list[str] | None = None
) -> dict[str, Any]:
    return {
        "type": "function",
        "function": {
            "name": name,
            "description": description,
            "parameters": {
                "type": "object",
                "properties": properties,
                "required": required or [],
                "additionalProperties": False,
            },
        },
    }


TOOLS: list[dict[str, Any]] = [
    _function(
        "find_free_slots",
        "Free meeting slots (Asia/Jerusalem). Without arguments: the next few, spread out.",
        {
            "day": {"type": "string", "description": "YYYY-MM-DD"},
            "part_of_day": {"type": "string", "enum": _PARTS},
            "time": {"type": "string", "description": "HH:MM, 24h"},
        },
    ),
    _function(
        "book_meeting",
        "Book a meeting with an agent at a free slot's start.",
        {"start": {"type": "string", "description": "ISO 8601 start from find_free_slots"}},
        ["start"],
    ),
    _function(
        "move_meeting",
        "Move the caller's existing meeting to another free slot.",
        {"start": {"type": "string", "description": "ISO 8601 start"}},
        ["start"],
    ),
    _function("cancel_meeting", "Cancel the caller's existing meeting.", {}),
    _function(
        "save_lead_details",
        "Save what the caller said about themselves and what they want.",
        {
            "name": {"type": "string"},
            "deal_type": {"type": "string", "enum": list(DEAL_TYPES)},
            "property_type": {"type": "string", "enum": list(PROPERTY_TYPES)},
            "rooms": {"type": "number", "description": "whole or half, e.g. 3.5"},
            "city": {"type": "string", "description": "city or area, in Hebrew"},
            "budget": {"type": "integer", "description": "ILS; monthly for rent/let"},
            "timing": {"type": "string"},
            "notes": {"type": "string"},
        },
    ),
    _function(
        "set_lead_status",
        "Move the lead to a status.",
        {"status": {"type": "string", "enum": _STATUSES}},
        ["status"],
    ),
    _function(
        "request_human_callback",
        "The caller wants a person from the office to call back.",
        {"reason": {"type": "string"}},
    ),
]


def _parse_start(context: TurnContext, raw: str) -> datetime:
    start = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if start.tzinfo is None:
        start = start.replace(tzinfo=context.finder.hours.tz)
    return start


def _slot_json(context: TurnContext, start: datetime, end: datetime) -> dict[str, str]:
    return {
        "start": context.finder.local(start).isoformat(),
        "end": context.finder.local(end).isoformat(),
    }


def run_tool(context: TurnContext, name: str, arguments: str) -> str:
    """Execute one tool call; the result (JSON) goes back to the model."""
    try:
        args: dict[str, Any] = json.loads(arguments or "{}")
        result = _dispatch(context, name, args)
    except (ValueError, KeyError, TypeError, BookingFailed) as exc:
        result = {"ok": False, "error": str(exc)}
    return json.dumps(result, ensure_ascii=False)


def _dispatch(context: TurnContext, name: str, args: dict[str, Any]) -> dict[str, Any]:
    state, writer, finder = context.state, context.writer, context.finder
    if name == "find_free_slots":
        request = WhenRequest(
            day=date.fromisoformat(args["day"]) if args.get("day") else None,
            at=time.fromisoformat(args["time"]) if args.get("time") else None,
            part=args.get("part_of_day") if args.get("part_of_day") in _PARTS else None,
        )
        exact = finder.find_exact(request)
        if exact is not None:
            slots = [exact]
        elif request.day is not None and request.at is None:
            slots = finder.matching(request)[:8]  # a whole day: let the model pick and offer
        else:
            slots = finder.propose(request, 3)
        return {"slots": [_slot_json(context, s.start, s.end) for s in slots]}
    if name in ("book_meeting", "move_meeting"):
        start = _parse_start(context, args["start"])
        local = finder.local(start)
        slot = finder.exact(local.date(), local.time().replace(tzinfo=None))
        if slot is None:
            return {"ok": False, "error": "slot not free or outside business hours"}
        if name == "move_meeting" and state.meeting is not None:
            from agentlocator.agent.actions import MoveMeeting

            state.meeting = writer.move(
                MoveMeeting(state.meeting.id, slot.start, slot.end, slot.agent_id)
            )
        else:
            state.meeting = writer.book(slot.start, slot.end, slot.agent_id)
        writer.set_status(StatusId.MEETING_SET)
        state.offered = []
        return {"ok": True, "meeting": _slot_json(context, slot.start, slot.end)}
    if name == "cancel_meeting":
        if state.meeting is None:
            return {"ok": False, "error": "no meeting"}
        writer.cancel(state.meeting.id)
        state.meeting = None
        writer.set_status(StatusId.IN_PROGRESS)
        return {"ok": True}
    if name == "save_lead_details":
        notes = args.pop("notes", None)
        details = writer.lead_details(args)
        writer.repos.leads.upsert(writer.business.id, writer.phone, details, note=notes)
        state.lead.update(details.present())
        if state.meeting is None:
            writer.set_status(StatusId.IN_PROGRESS)
        return {"ok": True, "saved": details.present()}
    if name == "set_lead_status":
        writer.set_status(str(args["status"]))
        return {"ok": True}
    if name == "request_human_callback":
        from agentlocator.agent.actions import RequestCallback

        writer.apply([RequestCallback(str(args.get("reason") or "LLM"))], state)
        return {"ok": True}
    raise KeyError(f"unknown tool {name}")


def known_meeting(meeting: BookedMeeting | None, context: TurnContext) -> str:
    if meeting is None:
        return "אין פגישה קבועה."
    start = context.finder.local(meeting.start_at)
    return f"פגישה קבועה: {start:%Y-%m-%d %H:%M}."
