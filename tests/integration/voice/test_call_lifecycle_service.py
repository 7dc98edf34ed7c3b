"""CallLifecycle driven directly (a fixed clock, real repositories on the emulator)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest

from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony.call_lifecycle import CallLifecycle, VoiceConfig
from agentlocator.telephony.webhook_forms import IncomingCallForm
from tests.integration.voice.voice_harness import CALLER, call_sid

pytestmark = pytest.mark.emulators

SUNDAY_NOON = datetime(2026, 11, 22, 10, 0, tzinfo=UTC)  # 12:00 in Jerusalem
SHABBAT = datetime(2026, 11, 28, 10, 0, tzinfo=UTC)


def lifecycle(
    repos: Repositories, settings: Settings, at: datetime, cache_seconds: float = 30.0
) -> CallLifecycle:
    return CallLifecycle(
        repos.businesses,
        repos.calls,
        repos.leads,
        VoiceConfig.from_settings(settings, "/recording_status"),
        FixedClock(at),
        route_cache_seconds=cache_seconds,
    )


def incoming(settings: Settings, sid: str) -> IncomingCallForm:
    return IncomingCallForm.model_validate(
        {"CallSid": sid, "AccountSid": settings.twilio_account_sid, "From": CALLER,
         "To": "+97237630000"}
    )  # fmt: skip


def verbs(xml: str) -> list[str]:
    return [child.tag for child in ET.fromstring(xml.encode())]


def test_voicemail_choice_follows_the_hours_at_the_call_start(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    repos.businesses.update(demo_business.id, {"after_hours_mode": "voicemail"})
    open_sid, closed_sid = call_sid(), call_sid()
    assert verbs(lifecycle(repos, settings, SUNDAY_NOON).answer_incoming(
        incoming(settings, open_sid))) == ["Start", "Connect"]  # fmt: skip
    assert verbs(lifecycle(repos, settings, SHABBAT).answer_incoming(
        incoming(settings, closed_sid))) == ["Say", "Record", "Hangup"]  # fmt: skip


def test_redelivery_on_another_day_answers_as_the_first_delivery_did(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    repos.businesses.update(demo_business.id, {"after_hours_mode": "voicemail"})
    sid = call_sid()
    first = lifecycle(repos, settings, SUNDAY_NOON).answer_incoming(incoming(settings, sid))
    late = lifecycle(repos, settings, SHABBAT).answer_incoming(incoming(settings, sid))
    assert late == first
    assert repos.calls.get(sid).started_at == SUNDAY_NOON
    assert repos.leads.get(demo_business.id, CALLER).last_contact_at == SUNDAY_NOON


def test_business_edits_reach_calls_after_the_route_cache_expires(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    cached = lifecycle(repos, settings, SHABBAT)
    uncached = lifecycle(repos, settings, SHABBAT, cache_seconds=0)
    cached.answer_incoming(incoming(settings, call_sid()))
    uncached.answer_incoming(incoming(settings, call_sid()))
    repos.businesses.update(demo_business.id, {"after_hours_mode": "voicemail"})
    assert verbs(cached.answer_incoming(incoming(settings, call_sid()))) == ["Start", "Connect"]
    assert verbs(uncached.answer_incoming(incoming(settings, call_sid())))[1] == "Record"


def test_the_lead_is_written_after_the_answer_not_before(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    service = lifecycle(repos, settings, SUNDAY_NOON)
    service.answer_incoming(incoming(settings, call_sid()))  # warms the number → business cache
    repos.client.recursive_delete(repos.leads.query(demo_business.id))
    sid = call_sid()
    answer = service.answer_incoming_deferred(incoming(settings, sid))
    assert verbs(answer.twiml) == ["Start", "Connect"]
    assert repos.calls.get(sid).lead_id == CALLER  # the one write before the TwiML
    assert list(repos.leads.query(demo_business.id).stream()) == []
    answer.run_after()  # what the entry point does once Twilio has the TwiML
    lead = repos.leads.get(demo_business.id, CALLER)
    assert lead.sources == ["voice"] and lead.last_contact_at == SUNDAY_NOON


def test_voicemail_callers_get_their_lead_after_the_answer_too(
    repos: Repositories, settings: Settings, demo_business: Business
) -> None:
    repos.businesses.update(demo_business.id, {"after_hours_mode": "voicemail"})
    answer = lifecycle(repos, settings, SHABBAT).answer_incoming_deferred(
        incoming(settings, call_sid())
    )
    assert verbs(answer.twiml)[1] == "Record"
    answer.run_after()
    assert repos.leads.get(demo_business.id, CALLER).sources == ["voice"]
