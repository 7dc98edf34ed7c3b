"""The ``agentlocator`` command: talk to Leah against the local stack; provision tenants
(``agentlocator tenants create|list|disable``, see ``agentlocator.tenants.cli``); refund an
office's invoice (``agentlocator billing refund``, see ``agentlocator.billing.cli``).

    agentlocator converse --business demo-realestate --channel whatsapp --phone +972501234567 \
        [--now 2026-11-24T11:00:00+02:00] [--json] < lines.txt

One caller line per stdin line; Leah's replies on stdout, one line each. With ``--json`` the
last stdout line is ``{"lead": {...}, "appointment": {...} | null}``. Diagnostics go to stderr.
Uses the running local stack (``make run``) when there is one; otherwise starts a Firestore
emulator just for this run, seeds the demo business and stops it at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agentlocator.agent.port import ConversationRef
from agentlocator.agent.replies_he import TECHNICAL_TROUBLE
from agentlocator.billing import cli as billing_cli
from agentlocator.clock import SYSTEM_CLOCK, Clock, SteppingClock
from agentlocator.config import Settings, load_settings
from agentlocator.crm.models import MessageRole
from agentlocator.errors import AgentLocatorError, NotFound
from agentlocator.tenants import cli as tenants_cli

log = logging.getLogger("agentlocator.cli")
JERUSALEM = ZoneInfo("Asia/Jerusalem")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="agentlocator", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    converse = commands.add_parser("converse", help="talk to Leah, one caller line per stdin line")
    converse.add_argument("--business", required=True, help="business id, e.g. demo-realestate")
    converse.add_argument("--channel", choices=("voice", "whatsapp"), default="whatsapp")
    converse.add_argument("--phone", required=True, help="the caller's phone (E.164)")
    converse.add_argument(
        "--now",
        help="ISO 8601 time the script starts at, a second further per message "
        "(default: the real clock); a time without an offset is Asia/Jerusalem",
    )
    converse.add_argument("--json", action="store_true", help="end with the lead as JSON")
    converse.add_argument("--quiet-greeting", action="store_true", help="do not print a greeting")
    tenants_cli.add_parser(commands)
    billing_cli.add_parser(commands)
    return parser


def parse_now(raw: str | None) -> datetime | None:
    if not raw:
        return None
    value = datetime.fromisoformat(raw.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=JERUSALEM)
    return value


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("AGENTLOCATOR_LOG", "WARNING"),
        stream=sys.stderr,
        format="%(levelname)s %(name)s: %(message)s",
    )
    if args.command == "converse":
        try:
            return _converse(args)
        except AgentLocatorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.command == "billing":
        try:
            return billing_cli.run(args)
        except AgentLocatorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    if args.command == "tenants":
        try:
            return tenants_cli.run(args)
        except AgentLocatorError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
    return 1


def _local_settings() -> tuple[Settings, Any]:
    """Settings for a running stack, or a fresh Firestore emulator (returned to be stopped)."""
    from agentlocator.devstack.processes import port_open
    from agentlocator.devstack.stack import running_stack_env, start_stack

    def answering(host: str | None) -> bool:
        if not host or ":" not in host:
            return False
        address, port = host.rsplit(":", 1)
        return port.isdigit() and port_open(address, int(port))

    env = running_stack_env()
    if env and answering(env.get("FIRESTORE_EMULATOR_HOST")):
        print(f"using the running local stack ({env['FIRESTORE_EMULATOR_HOST']})", file=sys.stderr)
        os.environ.update(env)
        return load_settings(), None
    host = os.environ.get("FIRESTORE_EMULATOR_HOST")
    if answering(host):
        print(f"using the Firestore emulator at {host}", file=sys.stderr)
        return load_settings(), None
    print("no local stack running: starting a Firestore emulator for this run", file=sys.stderr)
    stack = start_stack(["firestore"])
    stack.export()
    return stack.settings(), stack


def _converse(args: argparse.Namespace) -> int:
    from agentlocator.crm.repositories import Repositories

    clock = clock_for(parse_now(args.now))
    settings, stack = _local_settings()
    try:
        repos = Repositories.from_settings(settings, clock)
        _ensure_business(repos, args.business)
        return asyncio.run(_talk(repos, settings, args, clock))
    finally:
        if stack is not None:
            stack.stop()
            print("stopped the Firestore emulator", file=sys.stderr)


def _ensure_business(repos: Any, business_id: str) -> None:
    from agentlocator.crm.seed import DEMO_BUSINESS_ID, seed_demo

    try:
        repos.businesses.get(business_id)
    except NotFound:
        if business_id != DEMO_BUSINESS_ID:
            raise
        print("seeding the demo business", file=sys.stderr)
        seed_demo(repos)


def clock_for(now: datetime | None) -> Clock:
    """``--now`` pins the script's time (a second further on each read); else the real clock."""
    return SteppingClock(now) if now is not None else SYSTEM_CLOCK


async def _talk(repos: Any, settings: Settings, args: argparse.Namespace, clock: Clock) -> int:
    from agentlocator.agent.factory import build_brain
    from agentlocator.phones import normalize_phone

    phone = normalize_phone(args.phone)
    ref = ConversationRef(args.business, phone, args.channel)
    brain = build_brain(repos, settings)
    if not args.quiet_greeting:
        _say(await brain.greeting(ref, clock.now()))
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        text = line.strip()
        if not text:
            continue
        now = clock.now()
        await asyncio.to_thread(_store, repos, ref, "caller", text, now)
        try:
            clauses = [c async for c in brain.respond(ref, text, now)]
        except Exception as exc:  # one bad turn must not lose the rest of the script
            log.exception("turn failed: %r", exc)
            clauses = [TECHNICAL_TROUBLE]
        reply = " ".join(clauses)
        await asyncio.to_thread(_store, repos, ref, "leah", reply, clock.now())
        _say(reply)
    if args.json:
        summary = await asyncio.to_thread(lead_summary, repos, args.business, phone)
        sys.stdout.write(json.dumps(summary, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def _say(text: str) -> None:
    sys.stdout.write(" ".join(text.split()) + "\n")
    sys.stdout.flush()


def _store(repos: Any, ref: ConversationRef, role: MessageRole, text: str, now: datetime) -> None:
    from agentlocator.crm.models import Message

    repos.messages.append(
        Message(
            business_id=ref.business_id,
            lead_id=ref.lead_phone,
            channel=ref.channel,
            role=role,
            text=text,
            call_sid=ref.call_sid,
            created_at=now,
        )
    )


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else float(value)


def lead_summary(repos: Any, business_id: str, phone: str) -> dict[str, Any]:
    """The JSON the CLI ends with: the lead's details and its current meeting."""
    lead = repos.leads.get(business_id, phone)
    appointment = None
    meeting_id = (lead.agent_state.get("meeting") or {}).get("id")
    scheduled = [
        a for a in repos.appointments.list_for_lead(business_id, lead.id) if a.status == "scheduled"
    ]
    chosen = next((a for a in scheduled if a.id == meeting_id), None)
    if chosen is None and scheduled:
        chosen = scheduled[-1]
    if chosen is not None:
        appointment = {
            "id": chosen.id,
            "start": chosen.start.astimezone(JERUSALEM).isoformat(),
            "end": chosen.end.astimezone(JERUSALEM).isoformat(),
            "agent_id": chosen.agent_id,
        }
    return {
        "lead": {
            "name": lead.name,
            "deal_type": lead.deal_type,
            "property_type": lead.property_type,
            "rooms": _number(lead.rooms),
            "city": lead.city,
            "budget": lead.budget,
            "timing": lead.timing,
            "phone": lead.phone,
            "status": lead.status_id,
            "wants_callback": lead.wants_callback,
        },
        "appointment": appointment,
    }


if __name__ == "__main__":
    raise SystemExit(main())
