"""A warm transfer nobody answers does not keep the caller waiting: the agent leg rings for the
business's handoff timeout, and its status callback (Twilio's real sequence, signed, posted to
the URL the product gave the stand-in) takes the caller out of the conference, back to Leah or
to voicemail, with one callback task for the agent. An agent who presses a key joins; one who
hangs up on the whisper (or whose voicemail answers) counts as nobody."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import UTC, datetime
from urllib.parse import urlsplit

import functions_framework
import handoff
import pytest
from twilio.request_validator import RequestValidator

from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_AGENT_PHONES
from agentlocator.crm.tasks import Task, TaskRepository
from agentlocator.devstack.twilio_standin import RecordedRequest, TwilioStandin
from agentlocator.simulator.webhook import parse_stream_twiml
from agentlocator.telephony import texts_he
from tests.integration.voice.conftest import (  # noqa: F401 (fixtures used by name)
    functions_env,
    recordings_bucket,
    twilio_standin,
)
from tests.integration.voice.voice_harness import CALLER, MAIN, TARGETS, TwilioWebhooks, call_sid

pytestmark = pytest.mark.emulators

OPEN = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)  # Tuesday 10:00 in Tel Aviv
HANDOFF_TARGETS = ("voice_handoff", "voice_dial_result", "voice_agent_leg")


@pytest.fixture
def hooks(functions_env: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[TwilioWebhooks]:  # noqa: F811
    monkeypatch.setattr(handoff, "clock", FixedClock(OPEN))
    handoff.handoff_service.cache_clear()
    clients = {
        target: functions_framework.create_app(target, MAIN).test_client()
        for target in TARGETS + HANDOFF_TARGETS
    }
    yield TwilioWebhooks(
        functions_env,
        post=lambda target, path, data, headers: clients[target].post(
            path, data=data, headers=headers
        ),
    )
    handoff.handoff_service.cache_clear()


@pytest.fixture
def warm(repos: Repositories, demo_business: Business) -> Business:
    repos.businesses.update(demo_business.id, {"handoff_mode": "warm"})
    return repos.businesses.get(demo_business.id)


class AgentLegPlayer:
    """Twilio's side of the agent leg: posts, signed, to the URLs the product gave it."""

    def __init__(self, hooks: TwilioWebhooks, standin: TwilioStandin, placed: RecordedRequest):
        self.hooks, self.standin, self.placed = hooks, standin, placed
        self.leg_sid = call_sid()
        whisper = ET.fromstring((placed.value("Twiml") or "").encode())
        gather = whisper.find("Gather")
        assert gather is not None
        self.accept_url = gather.attrib["action"]
        self.status_url = placed.value("StatusCallback") or ""

    def _post(self, url: str, form: dict[str, str]) -> str:
        base = dict(
            AccountSid=self.hooks.settings.twilio_account_sid,
            CallSid=self.leg_sid,
            From=self.placed.value("From") or "",
            To=self.placed.value("To") or "",
            Direction="outbound-api",
        )
        base.update(form)
        validator = RequestValidator(self.hooks.settings.twilio_auth_token)
        signature = validator.compute_signature(url, base)
        parts = urlsplit(url)
        target = parts.path.strip("/")
        reply = self.hooks.post(
            target, f"{parts.path}?{parts.query}", base, {"X-Twilio-Signature": signature}
        )
        assert reply.status_code == 200, reply.get_data(as_text=True)
        return str(reply.get_data(as_text=True))

    def press_key(self) -> str:
        return self._post(self.accept_url, {"CallStatus": "in-progress", "Digits": "1"})

    def ended(self, status: str, duration: str = "0") -> str:
        return self._post(
            self.status_url,
            {"CallStatus": status, "CallDuration": duration, "SequenceNumber": "0"},
        )


def _waiting_in_conference(
    hooks: TwilioWebhooks, repos: Repositories, standin: TwilioStandin
) -> tuple[str, AgentLegPlayer]:
    sid = call_sid()
    assert hooks.send("voice_incoming", hooks.incoming(sid)).status == 200
    standin.add_inbound_call(sid, CALLER, hooks.incoming(sid)["To"])
    repos.calls.update_fields(sid, {"handoff_requested_at": OPEN, "handoff_reason": "dtmf"})
    reply = hooks.send("voice_handoff", {**hooks.incoming(sid), "CallStatus": "in-progress"})
    room = ET.fromstring(reply.text.encode()).find("Dial/Conference")
    assert room is not None and room.text == f"handoff-{sid}"
    [placed] = standin.requests_to("POST", "/Calls.json")
    return sid, AgentLegPlayer(hooks, standin, placed)


def _redirects(standin: TwilioStandin, sid: str) -> list[ET.Element]:
    return [
        ET.fromstring((r.value("Twiml") or "").encode())
        for r in standin.requests_to("POST", f"/Calls/{sid}.json")
    ]


def _callback_tasks(repos: Repositories, business: Business) -> list[Task]:
    tasks = TaskRepository(repos.client).for_lead(business.id, CALLER)
    return [t for t in tasks if t.source == "callback"]


def test_the_agent_leg_rings_for_the_business_timeout_and_reports_its_end(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    repos.businesses.update(warm.id, {"handoff_timeout_seconds": 25})
    _, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    assert leg.placed.value("To") == DEMO_AGENT_PHONES[0]
    assert leg.placed.value("Timeout") == "25"
    assert leg.placed.value("StatusCallbackEvent") == "completed"
    assert urlsplit(leg.status_url).path == "/voice_agent_leg"


@pytest.mark.parametrize("leg_status", ["no-answer", "busy", "failed"])
def test_nobody_answers_the_caller_leaves_a_message_and_one_callback_task_is_made(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
    leg_status: str,
) -> None:
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    for _ in range(3):  # Twilio retries a status callback it thinks failed
        leg.ended(leg_status)

    [redirect] = _redirects(twilio_standin, sid)
    assert [child.tag for child in redirect] == ["Say", "Record", "Hangup"]
    assert redirect.find("Say").text == texts_he.HANDOFF_NO_ANSWER  # type: ignore[union-attr]
    assert repos.calls.get(sid).handoff_step == "voicemail"
    assert [(t.notes, t.done) for t in _callback_tasks(repos, warm)] == [
        (texts_he.CALLBACK_NOTE_NO_ANSWER, False)
    ]


def test_an_agent_who_hangs_up_on_the_whisper_sends_the_caller_back_to_leah(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    repos.businesses.update(warm.id, {"handoff_no_answer": "leah"})
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    assert ET.fromstring(leg.ended("in-progress").encode()).tag == "Response"  # still whispering
    assert _redirects(twilio_standin, sid) == []
    leg.ended("completed", duration="4")  # answered, heard part of the whisper, hung up

    [redirect] = _redirects(twilio_standin, sid)
    assert [child.tag for child in redirect] == ["Say", "Connect"]
    assert redirect.find("Say").text == texts_he.HANDOFF_BACK_TO_LEAH  # type: ignore[union-attr]
    text = ET.tostring(redirect, encoding="unicode")
    assert parse_stream_twiml(text).parameters["call_sid"] == sid
    assert repos.calls.get(sid).handoff_step == "leah"
    assert [t.notes for t in _callback_tasks(repos, warm)] == [texts_he.CALLBACK_NOTE_BACK_TO_LEAH]


def test_an_agent_who_presses_a_key_joins_and_the_caller_stays(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    joins = [ET.fromstring(leg.press_key().encode()) for _ in range(2)]  # a retried action
    for join in joins:
        room = join.find("Dial/Conference")
        assert room is not None and room.text == f"handoff-{sid}"
        assert room.attrib["startConferenceOnEnter"] == "true"
    leg.ended("completed", duration="180")  # they talked, the agent hung up

    assert _redirects(twilio_standin, sid) == []
    call = repos.calls.get(sid)
    assert call.handoff_step == "done" and call.handoff_agent_joined_at == OPEN
    assert _callback_tasks(repos, warm) == []


def test_a_key_pressed_after_the_caller_went_to_voicemail_does_not_join(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    leg.ended("no-answer")
    late = ET.fromstring(leg.press_key().encode())
    assert late.find("Dial") is None
    assert late.find("Say").text == texts_he.HANDOFF_AGENT_TOO_LATE  # type: ignore[union-attr]
    assert repos.calls.get(sid).handoff_step == "voicemail"


def test_a_caller_who_hung_up_while_waiting_still_gets_a_callback(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    twilio_standin.end_call(sid)
    hooks.send("voice_status", hooks.status(sid, "completed", CallDuration="40"))
    leg.ended("no-answer")
    assert _redirects(twilio_standin, sid) == []  # nobody to redirect
    assert len(_callback_tasks(repos, warm)) == 1


def test_a_forged_agent_leg_callback_is_refused(
    hooks: TwilioWebhooks,
    repos: Repositories,
    warm: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    sid, leg = _waiting_in_conference(hooks, repos, twilio_standin)
    parts = urlsplit(leg.status_url)
    form = {"AccountSid": hooks.settings.twilio_account_sid, "CallSid": leg.leg_sid,
            "CallStatus": "no-answer"}  # fmt: skip
    reply = hooks.post(
        "voice_agent_leg", f"{parts.path}?{parts.query}", form, {"X-Twilio-Signature": "forged"}
    )
    assert reply.status_code == 403
    assert _redirects(twilio_standin, sid) == []
    assert repos.calls.get(sid).handoff_step == "warm"
