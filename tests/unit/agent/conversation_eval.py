"""Run the Hebrew conversation set through Leah and score field and booking accuracy.

    .venv/bin/python tests/unit/agent/conversation_eval.py          # the pure engine
    .venv/bin/python tests/unit/agent/conversation_eval.py --cli 10 # also 10 through the CLI

The engine run needs nothing; the CLI run starts one Firestore emulator for all conversations
and drives ``agentlocator converse --json`` as a subprocess, exactly as a script would.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

# Run as a script from any checkout, this tree's own package is the one scored (the venv's
# editable install may point at another worktree); the CLI subprocesses get it too.
SHARED = Path(__file__).resolve().parents[3] / "shared"
sys.path.insert(0, str(SHARED))

from agentlocator.agent.calendar_bridge import finder_for  # noqa: E402
from agentlocator.agent.engine import respond  # noqa: E402
from agentlocator.agent.state import DialogueState  # noqa: E402
from agentlocator.calendar.hours import within_business_hours  # noqa: E402
from agentlocator.calendar.request import PART_HOURS  # noqa: E402
from agentlocator.crm.models import Appointment  # noqa: E402
from agentlocator.crm.seed import demo_business  # noqa: E402

CONVERSATIONS = Path(__file__).with_name("conversations.json")
FRESH = Path(__file__).with_name("conversations_fresh.json")
BLIND = Path(__file__).with_name("conversations_blind.json")
ASR = Path(__file__).with_name("conversations_asr.json")
MIXED = Path(__file__).with_name("conversations_mixed.json")
ALL_FILES = (CONVERSATIONS, FRESH, BLIND, ASR, MIXED)
# Issue 18's sets, written before their first run (scores in docs/leah.md).
V2_FILES = tuple(
    Path(__file__).with_name(f"conversations_v2_{name}.json")
    for name in ("callers", "calendar", "service")
)
# The v3 held-out round (Israeli WhatsApp slang, owners, calendar edges, phone speech), also
# written and committed before their first run.
V3_FILES = tuple(
    Path(__file__).with_name(f"conversations_v3_{name}.json")
    for name in ("whatsapp", "owners", "calendar", "voice")
)
JERUSALEM = ZoneInfo("Asia/Jerusalem")
DEFAULT_NOW = "2026-11-24T11:00:00+02:00"  # a Tuesday morning
LEAD_KEYS = ("name", "deal_type", "property_type", "rooms", "city", "budget")


@dataclass
class Outcome:
    conversation_id: str
    lead: dict[str, Any]
    appointment: dict[str, str] | None
    status: str | None
    replies: list[str] = field(default_factory=list)


@dataclass
class Score:
    fields_right: int = 0
    fields_total: int = 0
    bookings_right: int = 0
    bookings_total: int = 0
    outside_hours: int = 0
    failures: list[str] = field(default_factory=list)

    @property
    def field_accuracy(self) -> float:
        return self.fields_right / self.fields_total if self.fields_total else 0.0

    @property
    def booking_accuracy(self) -> float:
        return self.bookings_right / self.bookings_total if self.bookings_total else 0.0


def load_conversations(path: Path = CONVERSATIONS) -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _busy(conversation: dict[str, Any]) -> list[Appointment]:
    out = []
    for i, (start, end, agent) in enumerate(conversation.get("busy", [])):
        s, e = datetime.fromisoformat(start), datetime.fromisoformat(end)
        out.append(
            Appointment(
                id=f"busy-{i}",
                business_id="demo-realestate",
                lead_id="+97250000000",
                agent_id=agent,
                start=s,
                end=e,
                created_at=s,
                updated_at=s,
            )
        )
    return out


def run_engine(conversation: dict[str, Any]) -> Outcome:
    """The pure engine, with bookings applied to the dialogue state only."""
    now = datetime.fromisoformat(conversation.get("now", DEFAULT_NOW))
    business = demo_business()
    finder = finder_for(business, _busy(conversation), now)
    state = DialogueState()
    replies = []
    for line in conversation["lines"]:
        turn = respond(state, line, now, finder, conversation.get("channel", "whatsapp"))
        state = turn.state
        replies.append(turn.reply)
    appointment = None
    if state.meeting is not None:
        appointment = {
            "start": state.meeting.start_at.astimezone(JERUSALEM).isoformat(),
            "end": datetime.fromisoformat(state.meeting.end).astimezone(JERUSALEM).isoformat(),
        }
    lead = {k: state.lead.get(k) for k in LEAD_KEYS}
    return Outcome(conversation["id"], lead, appointment, state.status, replies)


def run_cli(conversation: dict[str, Any], phone: str, env: dict[str, str]) -> Outcome:
    argv = [
        sys.executable, "-m", "agentlocator.cli", "converse", "--business", "demo-realestate",
        "--channel", conversation.get("channel", "whatsapp"), "--phone", phone,
        "--now", conversation.get("now", DEFAULT_NOW), "--json",
    ]  # fmt: skip
    done = subprocess.run(
        argv,
        input="\n".join(conversation["lines"]) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=True,
    )
    lines = done.stdout.strip().splitlines()
    summary = json.loads(lines[-1])
    return Outcome(
        conversation["id"],
        summary["lead"],
        summary["appointment"],
        summary["lead"]["status"],
        lines[:-1],
    )


def _same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, int | float) and isinstance(actual, int | float):
        return float(expected) == float(actual)
    if isinstance(expected, str) and isinstance(actual, str):
        return expected.strip().lower() == actual.strip().lower()
    return bool(expected == actual)


def score(conversations: list[dict[str, Any]], outcomes: list[Outcome]) -> Score:
    result = Score()
    business = demo_business()
    from agentlocator.agent.calendar_bridge import business_hours

    hours = business_hours(business)
    for conversation, outcome in zip(conversations, outcomes, strict=True):
        expect = conversation["expect"]
        for key, wanted in expect["lead"].items():
            result.fields_total += 1
            got = outcome.lead.get(key)
            if _same(wanted, got):
                result.fields_right += 1
            else:
                result.failures.append(f"{outcome.conversation_id}: {key} {got!r} != {wanted!r}")
        result.bookings_total += 1
        ok, why = _booking_ok(expect, outcome)
        if outcome.appointment is not None:
            start = datetime.fromisoformat(outcome.appointment["start"])
            end = datetime.fromisoformat(outcome.appointment["end"])
            if not within_business_hours(hours, start, end):
                result.outside_hours += 1
                ok, why = False, "outside business hours"
        for banned in expect.get("reply_must_not_contain", []):
            if any(banned in reply for reply in outcome.replies):
                ok, why = False, f"reply contains {banned!r}"
        if ok:
            result.bookings_right += 1
        else:
            result.failures.append(f"{outcome.conversation_id}: booking {why}")
    return result


def _booking_ok(expect: dict[str, Any], outcome: Outcome) -> tuple[bool, str]:
    wanted = expect.get("appointment")
    got = outcome.appointment
    if "status" in expect and outcome.status != expect["status"]:
        return False, f"status {outcome.status!r} != {expect['status']!r}"
    if wanted is None:
        return got is None, f"expected none, got {got}"
    if got is None:
        return False, f"expected {wanted}, got none"
    if wanted == "any":
        return True, ""
    start = datetime.fromisoformat(got["start"]).astimezone(JERUSALEM)
    if "start" in wanted:
        ok = start == datetime.fromisoformat(wanted["start"])
        return ok, f"start {start.isoformat()} != {wanted['start']}"
    if start.date().isoformat() != wanted["day"]:
        return False, f"day {start.date()} != {wanted['day']}"
    if "part" in wanted:
        low, high = PART_HOURS[wanted["part"]]
        if not time(low) <= start.time() < time(high):
            return False, f"{start.time()} not in {wanted['part']}"
    return True, ""


def _print(title: str, result: Score, count: int) -> None:
    print(f"\n{title}: {count} conversations")
    print(
        f"  field accuracy   {result.fields_right}/{result.fields_total} = "
        f"{result.field_accuracy:.1%}"
    )
    print(
        f"  booking accuracy {result.bookings_right}/{result.bookings_total} = "
        f"{result.booking_accuracy:.1%}"
    )
    print(f"  appointments outside business hours: {result.outside_hours}")
    for failure in result.failures:
        print(f"  - {failure}")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cli", type=int, default=0, help="also run N conversations via the CLI")
    parser.add_argument("--show", help="print the dialogue of one conversation id")
    parser.add_argument("--file", type=Path, default=CONVERSATIONS, help="a conversations file")
    args = parser.parse_args()
    conversations = load_conversations(args.file)
    outcomes = [run_engine(c) for c in conversations]
    if args.show:
        for conversation, outcome in zip(conversations, outcomes, strict=True):
            if conversation["id"] == args.show:
                for line, reply in zip(conversation["lines"], outcome.replies, strict=True):
                    print(f"C: {line}\nL: {reply}")
                print(outcome)
        return 0
    _print("offline engine", score(conversations, outcomes), len(conversations))
    if args.cli:
        from agentlocator.devstack.emulators import reset_firestore
        from agentlocator.devstack.stack import start_stack

        chosen = conversations[: args.cli]
        stack = start_stack(["firestore"])
        try:
            env = {**os.environ, **stack.env(), "PYTHONPATH": str(SHARED)}
            cli_outcomes = []
            for i, conversation in enumerate(chosen):
                # Each conversation starts from an empty calendar, as in the engine run.
                reset_firestore(stack.processes["firestore"].address, stack.project)
                cli_outcomes.append(run_cli(conversation, f"+97250{7000000 + i:07d}", env))
        finally:
            stack.stop()
        _print("CLI (agentlocator converse --json)", score(chosen, cli_outcomes), len(chosen))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
