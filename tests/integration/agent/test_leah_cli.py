"""``agentlocator converse`` as a script would run it: stdin lines in, replies and JSON out."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.emulators import reset_firestore
from agentlocator.devstack.stack import LocalStack
from tests.unit.agent.conversation_eval import (
    DEFAULT_NOW,
    load_conversations,
    run_cli,
    score,
)

pytestmark = pytest.mark.emulators
LINES = ['היי, מחפשת לשכור דירה 3 חדרים בר"ג עד 6500', "נועה", "מחר בעשר"]


def converse(
    lines: list[str], env: dict[str, str], *extra: str
) -> subprocess.CompletedProcess[str]:
    argv = [
        sys.executable, "-m", "agentlocator.cli", "converse", "--business", "demo-realestate",
        "--channel", "whatsapp", "--phone", "+972501112233", "--now", DEFAULT_NOW, *extra,
    ]  # fmt: skip
    return subprocess.run(
        argv,
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
        check=True,
    )


def test_json_summary_is_the_last_stdout_line(repos: Repositories, demo_business: Business) -> None:
    done = converse(LINES, dict(os.environ), "--json")
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1 + len(LINES) + 1  # greeting, one reply per line, JSON
    summary = json.loads(lines[-1])
    assert summary["lead"] | {
        "phone": None,
        "status": None,
        "timing": None,
        "wants_callback": None,
    } == {
        "name": "נועה",
        "deal_type": "rent",
        "property_type": "apartment",
        "rooms": 3,
        "city": "רמת גן",
        "budget": 6500,
        "phone": None,
        "status": None,
        "timing": None,
        "wants_callback": None,
    }
    assert summary["appointment"]["start"] == "2026-11-25T10:00:00+02:00"
    assert summary["appointment"]["end"] == "2026-11-25T10:30:00+02:00"
    assert "{" not in "".join(lines[:-1])


def test_without_json_only_replies_are_printed(
    repos: Repositories, demo_business: Business
) -> None:
    done = converse(["שלום"], dict(os.environ))
    assert len(done.stdout.strip().splitlines()) == 2
    assert not done.stdout.strip().endswith("}")


def test_conversations_through_the_cli(
    repos: Repositories, demo_business: Business, local_stack: LocalStack
) -> None:
    chosen = load_conversations()[:6]
    outcomes = []
    for i, conversation in enumerate(chosen):
        reset_firestore(local_stack.processes["firestore"].address, local_stack.project)
        outcomes.append(run_cli(conversation, f"+97250{8000000 + i:07d}", dict(os.environ)))
    result = score(chosen, outcomes)
    assert result.outside_hours == 0
    assert result.failures == []


@pytest.mark.slow
def test_starts_its_own_emulator_when_no_stack_runs(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_EMULATOR_HOST")}
    env["TMPDIR"] = str(tmp_path)  # no stack file there: nothing is running
    done = converse(LINES[:1], env, "--json")
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["lead"]["city"] == "רמת גן"
    assert summary["appointment"] is None
    assert "starting a Firestore emulator" in done.stderr
    assert "stopped" in done.stderr


def test_now_stamps_the_stored_messages_in_the_order_they_were_said(
    repos: Repositories, demo_business: Business
) -> None:
    """``--now`` used to pin Leah's decisions only; messages were stamped with the wall clock."""
    start = datetime.fromisoformat(DEFAULT_NOW)
    converse(LINES, dict(os.environ))
    stored = repos.messages.list_recent(demo_business.id, "+972501112233", limit=20)
    stamps = sorted(m.created_at for m in stored)
    assert [m.role for m in sorted(stored, key=lambda m: m.created_at)] == [
        "caller",
        "leah",
    ] * len(LINES)
    assert stamps[0] >= start and stamps[-1] - start < timedelta(minutes=1)
    assert len(set(stamps)) == len(stamps)  # distinct, so a transcript replays in order
