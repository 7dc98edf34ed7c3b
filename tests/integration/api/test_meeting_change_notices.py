"""Notices that outlive the instance, and meetings moved or cancelled told to both sides.

Through the real pieces: the CRM API in-process (Auth-emulator tokens, Firestore emulator),
the Cloud Tasks emulator delivering to ``notice_task`` / ``meeting_reminder_task`` /
``meeting_ics`` served over HTTP, and the Twilio REST stand-in receiving the messages."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import firebase_admin
import functions_framework
import meetings
import notices as notice_functions
import pytest
import requests
import runtime
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from agentlocator.agent.actions import CancelMeeting, MoveMeeting
from agentlocator.agent.agent_notices import QueuedAgentNotices
from agentlocator.agent.calendar_bridge import business_hours
from agentlocator.agent.lead_sync import LeadWriter
from agentlocator.agent.state import DialogueState
from agentlocator.api.app import CrmApi
from agentlocator.api.firebase import FirebaseTokenVerifier, FirebaseUserDirectory
from agentlocator.api.services import Services
from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.models import Appointment, Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_AGENT_PHONES, DEMO_BUSINESS_ID
from agentlocator.crm.users import MembershipRepository
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from agentlocator.meetings.notices import reminder_task_id
from agentlocator.meetings.wiring import meeting_notices, reminder_queue
from agentlocator.notices.jobs import meeting_change_job
from agentlocator.notices.outbox import notice_outbox, notice_queue
from agentlocator.tasks.queue import cloud_tasks_client, task_id_for
from tests.integration.api.conftest import ClockedApi
from tests.integration.api.world import People
from tests.integration.voice.conftest import twilio_standin  # noqa: F401 (fixture used by name)
from tests.integration.voice.voice_harness import MAIN

pytestmark = [pytest.mark.emulators, pytest.mark.slow]

REPO = Path(__file__).resolve().parents[3]
LEAD = "+972507770003"
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)  # Monday 10:00 in Tel Aviv
TZ = ZoneInfo("Asia/Jerusalem")
TARGETS = ("notice_task", "meeting_reminder_task", "meeting_ics")


class CountingApp:
    """Counts requests answered (the send happens before the answer)."""

    def __init__(self, app: Any) -> None:
        self.app, self.answered = app, 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        body = self.app(environ, start_response)
        self.answered += 1
        return body


@dataclass
class Served:
    settings: Settings
    apps: dict[str, CountingApp]
    standin: TwilioStandin

    def texts_to(self, phone: str) -> list[str]:
        return [m["body"] for m in self.standin.messages.values() if m["to"] == phone]

    def wait_answered(self, target: str, count: int, timeout_s: float = 60) -> None:
        deadline = time.monotonic() + timeout_s
        while self.apps[target].answered < count:
            assert time.monotonic() < deadline, f"{target}: {self.apps[target].answered}/{count}"
            time.sleep(0.1)


def _clear_function_caches() -> None:
    for cached in (runtime.settings, runtime.repos, meetings.notices, notice_functions.delivery,
                   notice_functions.task_tokens):  # fmt: skip
        cached.cache_clear()


@pytest.fixture
def served(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> Iterator[Served]:
    apps = {t: CountingApp(functions_framework.create_app(t, MAIN)) for t in TARGETS}
    mounts = {f"/{t}": app for t, app in apps.items()}
    stamp = time.monotonic_ns()
    with serve_wsgi(DispatcherMiddleware(lambda e, s: [], mounts)) as base_url:  # type: ignore[arg-type]
        monkeypatch.setenv("PUBLIC_BASE_URL", base_url)
        monkeypatch.setenv("TWILIO_API_BASE", twilio_standin.base_url)
        monkeypatch.setenv("NOTICES_QUEUE", f"notices-{stamp}")
        monkeypatch.setenv("MEETINGS_QUEUE", f"reminders-{stamp}")
        monkeypatch.setattr(notice_functions, "clock", FixedClock(NOW))
        _clear_function_caches()
        try:
            config = runtime.settings()
            # the reminders are looked at, not run (they are due days from now)
            cloud_tasks_client(config).pause_queue(name=reminder_queue(config).queue_path)
            yield Served(config, apps, twilio_standin)
        finally:
            _clear_function_caches()


def _booked(repos: Repositories, business: Business, start: datetime) -> Appointment:
    repos.businesses.update(business.id, {"address": "רחוב הרצל 10, תל אביב"})
    repos.leads.upsert(business.id, LEAD, LeadDetails(name="נועה"), source="voice")
    return repos.appointments.book(
        business.id, LEAD, business.agents[0].id, start, start + timedelta(minutes=30)
    )


def _local(moment: datetime) -> str:
    return f"{moment.astimezone(TZ):%d.%m.%Y} בשעה {moment.astimezone(TZ):%H:%M}"


def _api(
    repos: Repositories, firebase: firebase_admin.App, config: Settings, people: People
) -> ClockedApi:
    members = MembershipRepository(repos.client, repos.clock)
    members.put(DEMO_BUSINESS_ID, people.owner.uid, "owner", email=people.owner.email)
    clock = FixedClock(NOW)
    clocked = Repositories.from_client(repos.client, clock=clock)
    services = Services.build(
        clocked, FirebaseUserDirectory(firebase), notices=notice_outbox(config)
    )
    return ClockedApi(CrmApi(services, FirebaseTokenVerifier(firebase), []), clock, clocked)


def _reminder_tasks(config: Settings) -> list[tuple[str, datetime]]:
    queue = reminder_queue(config)
    return sorted(
        (t.name.rsplit("/", 1)[-1], t.schedule_time)
        for t in cloud_tasks_client(config).list_tasks(parent=queue.queue_path)
    )


def test_staff_moving_a_meeting_tells_the_agent_and_the_lead_once_and_moves_the_reminder(
    served: Served,
    repos: Repositories,
    demo_business: Business,
    firebase: firebase_admin.App,
    people: People,
) -> None:
    config = served.settings
    start = NOW + timedelta(days=3, hours=1)  # Thursday 11:00
    booked = _booked(repos, demo_business, start)
    built = meeting_notices(repos, config, FixedClock(NOW))
    assert built is not None and built.confirm(booked)  # the v1 confirmation and reminder
    api = _api(repos, firebase, config, people)

    later = start + timedelta(days=1, hours=2)  # Friday 13:00
    status, moved = api.call(
        people.owner, "PATCH", f"/appointments/{booked.id}", {"start": later.isoformat()}
    )
    assert status == 200, moved
    served.wait_answered("notice_task", 1)
    # the same change queued again (a retried request) and its task run again: nothing new
    again = repos.appointments.get(demo_business.id, booked.id)
    notice_outbox(config).enqueue(meeting_change_job(again, start))  # type: ignore[union-attr]
    served.wait_answered("notice_task", 2)

    agent_texts = served.texts_to(DEMO_AGENT_PHONES[0])
    assert agent_texts == [
        f"לאה: הפגישה עם {LEAD} (נועה) הועברה ל-{_local(later)} (במקום {_local(start)})."
    ]
    confirmation, moved_text = served.texts_to(LEAD)
    assert _local(start) in confirmation
    assert moved_text.startswith(f"שלום נועה, הפגישה שלך ב{demo_business.name} הועברה ל-")
    assert _local(later) in moved_text and "רחוב הרצל 10" in moved_text
    invite = requests.get(moved_text.rsplit(" ", 1)[-1], timeout=30)
    assert invite.status_code == 200
    assert f"DTSTART:{later:%Y%m%dT%H%M%S}Z" in invite.text and "SEQUENCE:1" in invite.text

    # the reminder follows: v2's is queued for the day before the new time; v1's sends nothing
    v2 = repos.appointments.get(demo_business.id, booked.id)
    tasks = dict(_reminder_tasks(config))
    assert task_id_for(reminder_task_id(v2)) in tasks
    assert (
        tasks[task_id_for(reminder_task_id(v2))].timestamp()
        == (later - timedelta(days=1)).timestamp()
    )
    old = {"business_id": demo_business.id, "appointment_id": booked.id,
           "start": start.isoformat(), "version": 1}  # fmt: skip
    assert built.remind(old) is False
    assert len(served.texts_to(LEAD)) == 2


def test_staff_cancelling_tells_both_once_and_drops_the_reminder(
    served: Served,
    repos: Repositories,
    demo_business: Business,
    firebase: firebase_admin.App,
    people: People,
) -> None:
    config = served.settings
    start = NOW + timedelta(days=2, hours=2)
    booked = _booked(repos, demo_business, start)
    api = _api(repos, firebase, config, people)
    for _ in range(2):  # staff pressed twice: one change
        status, body = api.call(people.owner, "POST", f"/appointments/{booked.id}/cancel")
        assert status == 200 and body["status"] == "cancelled"
    served.wait_answered("notice_task", 2)  # the emulator runs a duplicate name too

    assert served.texts_to(DEMO_AGENT_PHONES[0]) == [
        f"לאה: הפגישה עם {LEAD} (נועה) ב-{_local(start)} בוטלה."
    ]
    [to_lead] = served.texts_to(LEAD)
    assert to_lead.startswith(
        f"שלום נועה, הפגישה שלך ב{demo_business.name} ב-{_local(start)} בוטלה."
    )
    built = meeting_notices(repos, config, FixedClock(NOW))
    assert built is not None
    reminder = {"business_id": demo_business.id, "appointment_id": booked.id,
                "start": start.isoformat(), "version": 1}  # fmt: skip
    assert built.remind(reminder) is False
    assert _reminder_tasks(config) == []


def test_leah_moving_then_cancelling_on_whatsapp_tells_each_change_once(
    served: Served, repos: Repositories, demo_business: Business
) -> None:
    config = served.settings
    start = NOW + timedelta(days=1, hours=1)  # Tuesday 11:00
    booked = _booked(repos, demo_business, start)
    outbox = notice_outbox(config)
    assert outbox is not None
    sink = QueuedAgentNotices(outbox)
    writer = LeadWriter(
        repos, demo_business, business_hours(demo_business), LEAD, "leah-whatsapp", sink
    )
    later = start + timedelta(hours=3)
    move = MoveMeeting(booked.id, later, later + timedelta(minutes=30), None)
    writer.apply([move], DialogueState())
    sink.join(30)
    served.wait_answered("notice_task", 1)
    writer.apply([CancelMeeting(booked.id)], DialogueState())
    writer.apply([CancelMeeting(booked.id)], DialogueState())  # the turn processed twice
    sink.join(30)
    served.wait_answered("notice_task", 2)

    agent = served.texts_to(DEMO_AGENT_PHONES[0])
    assert agent == [
        f"לאה: הפגישה עם {LEAD} (נועה) הועברה ל-{_local(later)} (במקום {_local(start)}).",
        f"לאה: הפגישה עם {LEAD} (נועה) ב-{_local(later)} בוטלה.",
    ]
    moved, cancelled = served.texts_to(LEAD)
    assert "הועברה" in moved and "בוטלה" in cancelled


_QUEUE_AND_DIE = textwrap.dedent(
    """
    import sys, time
    from datetime import datetime
    from agentlocator.agent.agent_notices import QueuedAgentNotices
    from agentlocator.agent.lead_sync import LeadEvent
    from agentlocator.config import load_settings
    from agentlocator.notices.outbox import notice_outbox

    business, phone, key, due = sys.argv[1:5]
    sink = QueuedAgentNotices(notice_outbox(load_settings()))
    sink(LeadEvent("callback", business, phone, key, datetime.fromisoformat(due), "מחיר"))
    sink.join(30)
    print("queued", flush=True)
    time.sleep(600)  # the instance lives on... until it is killed
    """
)


def _queue_and_get_killed(served: Served, args: list[str]) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "shared")}
    process = subprocess.Popen(
        [sys.executable, "-c", _QUEUE_AND_DIE, *args],
        env=env, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "queued"
    finally:
        process.send_signal(signal.SIGKILL)  # no shutdown hook runs, no thread finishes
        process.wait(30)
    assert process.returncode == -signal.SIGKILL


def test_a_notice_queued_by_an_instance_that_was_killed_is_delivered_once(
    served: Served, repos: Repositories, demo_business: Business
) -> None:
    config = served.settings
    repos.leads.upsert(demo_business.id, LEAD, LeadDetails(name="נועה"), source="voice")
    queue = notice_queue(config)
    tasks = cloud_tasks_client(config)
    tasks.pause_queue(name=queue.queue_path)  # nothing runs while the instance lives
    key = f"callback:{demo_business.id}:{LEAD}:1795000000"
    args = [demo_business.id, LEAD, key, NOW.isoformat()]

    _queue_and_get_killed(served, args)
    [task] = list(tasks.list_tasks(parent=queue.queue_path))
    assert task.name.rsplit("/", 1)[-1] == task_id_for(key)
    assert served.texts_to(DEMO_AGENT_PHONES[0]) == []

    tasks.resume_queue(name=queue.queue_path)
    served.wait_answered("notice_task", 1)
    _queue_and_get_killed(served, args)  # a second run queues the same notice again
    served.wait_answered("notice_task", 2)
    assert served.texts_to(DEMO_AGENT_PHONES[0]) == [
        f"לאה: {LEAD} (נועה) ביקש/ה שיחזרו אליו/ה (מחיר)."
    ]


def test_a_notice_task_without_the_queue_or_with_a_bad_body_is_refused(served: Served) -> None:
    url = served.settings.public_base_url + "/notice_task/"
    forged = requests.post(url, json={"kind": "lead-event"}, timeout=30)
    assert forged.status_code == 403
    header = {"X-CloudTasks-QueueName": served.settings.notices_queue}
    bad = requests.post(url, json={"kind": "lead-event", "key": "k"}, headers=header, timeout=30)
    assert bad.status_code == 400 and bad.json()["message_he"]
    assert served.standin.messages == {}
