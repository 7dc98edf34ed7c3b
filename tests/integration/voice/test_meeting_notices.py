"""The caller confirmed and reminded: an SMS with the time, the office address and an .ics link
through the Twilio REST stand-in; the reminder as a Cloud Task (the emulator) scheduled the day
before, sent exactly once even when the task is delivered twice."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import functions_framework
import meetings
import pytest
import requests
import runtime
from werkzeug.middleware.dispatcher import DispatcherMiddleware

from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.models import Appointment, Business, LeadDetails
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from agentlocator.meetings.notices import MeetingNotices, reminder_task_id
from agentlocator.meetings.wiring import meeting_notices, reminder_queue
from agentlocator.tasks.queue import cloud_tasks_client, task_id_for
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    _configure,
    recordings_bucket,
    twilio_standin,
)
from tests.integration.voice.voice_harness import MAIN

pytestmark = [pytest.mark.emulators, pytest.mark.slow]

CALLER = "+972507770002"
ADDRESS = "רחוב הרצל 10, תל אביב"
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
TARGETS = ("meeting_reminder_task", "meeting_ics")


class CountingApp:
    def __init__(self, app: Any) -> None:
        self.app, self.requests = app, 0

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        self.requests += 1
        return self.app(environ, start_response)


@pytest.fixture
def served(
    monkeypatch: pytest.MonkeyPatch,
    settings: Settings,
    twilio_standin: TwilioStandin,  # noqa: F811
    recordings_bucket: str,  # noqa: F811
) -> Iterator[tuple[Settings, dict[str, CountingApp]]]:
    apps = {t: CountingApp(functions_framework.create_app(t, MAIN)) for t in TARGETS}
    mounts = {f"/{t}": app for t, app in apps.items()}
    monkeypatch.setenv("MEETINGS_QUEUE", f"reminders-{time.monotonic_ns()}")
    with serve_wsgi(DispatcherMiddleware(lambda e, s: [], mounts)) as base_url:  # type: ignore[arg-type]
        meetings.notices.cache_clear()
        try:
            yield _configure(monkeypatch, base_url, twilio_standin, recordings_bucket), apps
        finally:
            meetings.notices.cache_clear()
            runtime.settings.cache_clear()
            runtime.repos.cache_clear()


def _booked(repos: Repositories, business: Business, start: datetime) -> Appointment:
    repos.businesses.update(business.id, {"address": ADDRESS})
    repos.leads.upsert(business.id, CALLER, LeadDetails(name="דנה"), source="voice")
    return repos.appointments.book(
        business.id, CALLER, "agent-1", start, start + timedelta(minutes=30)
    )


def _texts_to(standin: TwilioStandin, phone: str) -> list[str]:
    return [m["body"] for m in standin.messages.values() if m["to"] == phone]


def _notices(config: Settings, repos: Repositories) -> MeetingNotices:
    built = meeting_notices(repos, config, FixedClock(NOW))
    assert built is not None
    return built


def test_confirmation_has_time_address_and_invite_and_schedules_the_reminder(
    served: tuple[Settings, dict[str, CountingApp]],
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    config, _ = served
    start = NOW + timedelta(days=3)
    appointment = _booked(repos, demo_business, start)
    notices = _notices(config, repos)
    queue = reminder_queue(config)
    cloud_tasks_client(config).pause_queue(name=queue.queue_path)  # look at it, do not run it

    assert notices.confirm(appointment) is True
    assert notices.confirm(appointment) is False  # the call's summary written twice

    [text] = _texts_to(twilio_standin, CALLER)
    local = start.astimezone(demo_business_tz(demo_business))
    assert f"{local:%d.%m.%Y} בשעה {local:%H:%M}" in text
    assert ADDRESS in text and "דנה" in text
    link = text.rsplit(" ", 1)[-1]
    invite = requests.get(link, timeout=30)
    assert invite.status_code == 200
    assert invite.headers["Content-Type"].startswith("text/calendar")
    assert f"DTSTART:{start:%Y%m%dT%H%M%S}Z" in invite.text
    assert "LOCATION:רחוב הרצל 10\\, תל אביב" in invite.text

    forged = dict(parse_qs(urlsplit(link).query), t=["0" * 32])
    refused = requests.get(link.split("?")[0], params=forged, timeout=30)
    assert refused.status_code == 403 and refused.headers["Content-Type"] == "application/json"

    tasks = list(cloud_tasks_client(config).list_tasks(parent=queue.queue_path))
    assert [t.name.rsplit("/", 1)[-1] for t in tasks] == [
        task_id_for(reminder_task_id(appointment))
    ]
    scheduled = tasks[0].schedule_time
    assert abs(scheduled.timestamp() - (start - timedelta(days=1)).timestamp()) < 1


def demo_business_tz(business: Business) -> Any:
    from zoneinfo import ZoneInfo

    return ZoneInfo(business.timezone)


def test_a_reminder_delivered_twice_is_sent_once(
    served: tuple[Settings, dict[str, CountingApp]],
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    config, apps = served
    start = NOW + timedelta(hours=20)
    appointment = _booked(repos, demo_business, start)
    queue = reminder_queue(config)
    payload = {
        "business_id": demo_business.id,
        "appointment_id": appointment.id,
        "start": appointment.start.isoformat(),
    }
    # Cloud Tasks is at least once; the emulator even runs two tasks of one name
    name = task_id_for(reminder_task_id(appointment))
    queue.enqueue(name, payload)
    queue.enqueue(name, payload)

    deadline = time.monotonic() + 60
    while apps["meeting_reminder_task"].requests < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(0.5)
    assert apps["meeting_reminder_task"].requests >= 2
    texts = _texts_to(twilio_standin, CALLER)
    assert len(texts) == 1 and texts[0].startswith("תזכורת: מחר")
    assert ADDRESS in texts[0]


def test_a_reminder_for_a_moved_meeting_sends_nothing(
    served: tuple[Settings, dict[str, CountingApp]],
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    config, _ = served
    start = NOW + timedelta(days=2)
    appointment = _booked(repos, demo_business, start)
    stale = {
        "business_id": demo_business.id,
        "appointment_id": appointment.id,
        "start": (start - timedelta(hours=1)).isoformat(),
    }
    assert _notices(config, repos).remind(stale) is False
    assert _texts_to(twilio_standin, CALLER) == []


def test_a_reminder_not_from_the_queue_is_refused(
    served: tuple[Settings, dict[str, CountingApp]], demo_business: Business
) -> None:
    config, _ = served
    reply = requests.post(
        config.public_base_url + "/meeting_reminder_task/", json={"business_id": "x"}, timeout=30
    )
    assert reply.status_code == 403
