"""The web app's TypeScript client and Firebase sign-in against the real local stack.

Seeds the demo business on the Firestore emulator, creates a staff account on the Auth
emulator, serves ``crm_api`` over HTTP, then runs web/tests/live (vitest, node environment):
the Firebase JS SDK signs in and the app's own API client reads and edits through the API.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import functions_framework
import pytest

from agentlocator.api.firebase import firebase_app
from agentlocator.config import Settings
from agentlocator.crm.models import Business, Call, LeadDetails, Message, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.api.world import PASSWORD, mint

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "web"
CRM_SOURCE = str(ROOT / "functions" / "crm.py")
MONDAY = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # 10:00 in Israel; its week starts 2030-03-03

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.emulators,
    pytest.mark.slow,
]

# (name, local phone, source), oldest first.
LEADS = [
    ("אביגיל לוי", "050-7000001", "voice"),
    ("בני כהן", "052-7000002", "whatsapp"),
    ("גלית מזרחי", "054-7000003", "voice"),
    ("דוד פרץ", "053-7000004", "whatsapp"),
    ("הילה ביטון", "058-7000005", "voice"),
]


@pytest.fixture
def crm_api_url(settings: Settings, auth_emulator_host: str) -> Iterator[str]:
    with serve_wsgi(functions_framework.create_app("crm_api", CRM_SOURCE, "http")) as url:
        yield url


def _seed(repos: Repositories, business: Business) -> dict[str, Any]:
    bid = business.id
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    leads = []
    for i, (name, phone, source) in enumerate(LEADS):
        lead, _ = repos.leads.upsert(
            bid, phone, LeadDetails(name=name), source=source, now=start + timedelta(hours=i)
        )
        leads.append({"id": lead.id, "name": name, "local": phone, "source": source})
    leads.reverse()  # newest first, as the list shows them
    hot = repos.statuses.create(bid, "חם מאוד")
    newest = leads[0]["id"]
    repos.leads.set_status(bid, newest, hot.id)

    call_sid = "CA" + "7" * 32
    repos.calls.create_call_once(
        Call(call_sid=call_sid, business_id=bid, from_phone=newest,
             to_phone=business.voice_numbers[0], lead_id=newest, status="completed",
             duration_seconds=95, started_at=start, created_at=start)
    )  # fmt: skip
    repos.calls.set_recording(
        call_sid, Recording(sid="RE7", url="https://api.twilio.com/rec/7", status="completed")
    )
    for i, (role, text) in enumerate((("leah", "שלום, כאן לאה"), ("caller", "אני מחפשת דירה"))):
        repos.messages.append(
            Message(business_id=bid, lead_id=newest, channel="voice", role=role, text=text,
                    call_sid=call_sid, created_at=start + timedelta(seconds=i))
        )  # fmt: skip
    appointment = repos.appointments.book(
        bid, newest, business.agents[0].id, MONDAY, MONDAY + timedelta(minutes=30)
    )
    return {
        "business_id": bid,
        "leads": leads,
        "hot_status": hot.id,
        "call_sid": call_sid,
        "appointment_id": appointment.id,
        "week_sunday": "2030-03-03",
    }


def test_web_client_against_the_local_stack(
    repos: Repositories,
    demo_business: Business,
    settings: Settings,
    auth_emulator_host: str,
    crm_api_url: str,
    tmp_path: Path,
) -> None:
    if not (WEB / "node_modules" / ".bin" / "vitest").exists():
        pytest.fail("web/node_modules is missing: run `make setup` (npm ci in web/)")
    fixture = _seed(repos, demo_business)
    owner = mint(
        auth_emulator_host,
        firebase_app(settings),
        {"business_id": demo_business.id, "role": "owner"},
    )
    # The API acts with the membership record's role (the claims name the business).
    MembershipRepository(repos.client, repos.clock).put(demo_business.id, owner.uid, "owner", email=owner.email)
    fixture.update(project=settings.gcp_project, email=owner.email, password=PASSWORD)
    env = {
        **os.environ,
        "CI": "1",
        "NO_COLOR": "1",
        "TMPDIR": str(tmp_path),
        "LIVE_API_BASE": crm_api_url,
        "LIVE_AUTH_EMULATOR_HOST": auth_emulator_host,
        "LIVE_FIXTURE": json.dumps(fixture, ensure_ascii=False),
    }
    result = subprocess.run(
        [str(WEB / "node_modules" / ".bin" / "vitest"), "run"],
        cwd=WEB, env=env, capture_output=True, text=True, timeout=280, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-8000:]
    counted = re.search(r"Tests\s+(\d+) passed", output)
    assert counted and int(counted.group(1)) >= 12 and " failed" not in output, output[-3000:]
