"""Leah books a viewing → the lead gets the office's brokerage agreement to sign, once: on
WhatsApp through the signed Twilio webhook (every message delivered twice), Cloud Tasks and the
Twilio REST stand-in; on a call as an SMS from the office's number. The client then signs,
typing the ת.ז. the agreement was sent without. Off by default: nothing is sent or said."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from whatsapp_harness import whatsapp_harness

from agentlocator.agent.brain import Brain
from agentlocator.agent.factory import agreement_sink
from agentlocator.agent.port import ConversationRef
from agentlocator.billing import texts_he
from agentlocator.billing.agreement_on_booking import AgreementOnBooking
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.office_contracts import OfficeContracts
from agentlocator.billing.office_templates import TemplateDefaults, validate_defaults
from agentlocator.billing.template_store import TemplateStore
from agentlocator.billing.wiring import agreement_on_booking
from agentlocator.clock import SteppingClock
from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.telephony.notify import twilio_sender
from tests.integration.voice.conftest import twilio_standin  # noqa: F401 (fixture used by name)

pytestmark = pytest.mark.emulators
LEAD = "+972527654321"
START = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # Tuesday, 11:00 in Tel Aviv
CONVERSATION = ["שלום", "אני מחפש לקנות דירה בתל אביב", "4 חדרים", "עד 3 מיליון", "דני כהן",
                "הראשון"]  # fmt: skip
LINK = re.compile(r"/sign/(\S+)")
DEFAULTS = TemplateDefaults(
    name="הזמנת תיווך — קנייה", broker_name="דנה כהן", license_number="1234567",
    office_business_number="515555555", office_address="רחוב הרצל 10, רעננה",
    fee_percent="2", extra_clauses=("הצפייה בנכס תתואם מראש עם המתווך בלבד.",),
)  # fmt: skip


def office_turns_it_on(repos: Repositories, settings: Settings, business_id: str) -> None:
    DocumentStore(make_storage_client(settings), settings.contracts_bucket).ensure_bucket()
    store = TemplateStore(repos.client)
    _, version = store.create(business_id, validate_defaults(DEFAULTS), "owner-uid", START)
    store.set_active(business_id, version.template_id, 1, START)
    store.set_send_after_booking(business_id, True, START)


def contracts_for(settings: Settings, repos: Repositories) -> OfficeContracts:
    documents = DocumentStore(make_storage_client(settings), settings.contracts_bucket)
    return OfficeContracts(repos.client, documents, None, settings.signing_link_secret, 14)


def to_lead(sent: list[dict[str, Any]]) -> list[str]:
    return [r["Body"] or "" for r in sent if r["To"] == f"whatsapp:{LEAD}"]


def test_a_whatsapp_booking_sends_one_signing_link_and_the_client_signs_with_the_id(
    settings: Settings, repos: Repositories, demo_business: Business
) -> None:
    office_turns_it_on(repos, settings, demo_business.id)
    with whatsapp_harness(settings, repos, brain=None, clock=SteppingClock(START)) as harness:
        for turn, text in enumerate(CONVERSATION, 1):
            form = {
                "MessageSid": "SM" + uuid.uuid4().hex,
                "AccountSid": settings.twilio_account_sid,
                "From": f"whatsapp:{LEAD}",
                "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
                "Body": text,
                "NumMedia": "0",
            }
            for _ in range(2):  # Twilio delivers the webhook twice
                assert harness.post_twilio(form).status_code == 200
            harness.wait_for_task_successes(2 * turn)
            harness.wait_until(
                lambda turn=turn: (
                    len([b for b in to_lead(harness.twilio_replies()) if "/sign/" not in b]) == turn
                ),  # fmt: skip
                f"Leah's reply {turn}",
            )
        harness.wait_until(
            lambda: any("/sign/" in b for b in to_lead(harness.twilio_replies())), "the link"
        )
        sent = to_lead(harness.twilio_replies())
        senders = {r["From"] for r in harness.twilio_replies() if "/sign/" in (r["Body"] or "")}

    links = [body for body in sent if "/sign/" in body]
    assert len(links) == 1, links
    assert senders == {f"whatsapp:{DEMO_TWILIO_NUMBER}"}
    assert links[0].startswith("שלום דני כהן, לפני הפגישה ב")
    booking_reply = [body for body in sent if "/sign/" not in body][-1]
    assert booking_reply.endswith(texts_he.BOOKING_SIGNING_MENTION)
    assert sum(texts_he.BOOKING_SIGNING_MENTION in body for body in sent) == 1

    (appointment,) = [a for a in repos.appointments.list_range(
        demo_business.id, START, START + timedelta(days=60)) if a.lead_id == LEAD]  # fmt: skip
    contracts = contracts_for(settings, repos)
    token = LINK.search(links[0]).group(1)  # type: ignore[union-attr]
    contract, unsigned = contracts.by_token(token, START)
    assert (contract.appointment_id, contract.lead_id, contract.created_by) == (
        appointment.id, LEAD, "leah",
    )  # fmt: skip
    assert (contract.office_template_version, contract.client_name) == (1, "דני כהן")
    assert contract.terms["property_address"].startswith("דירה, 4 חדרים, תל אביב")
    assert contract.needs_client_id
    signed = contracts.sign(token, "דני כהן", True, contract.pdf_sha256, "203.0.113.9", "WhatsApp",
                            START + timedelta(hours=1), client_id="123456782")  # fmt: skip
    assert signed.status == "signed"
    assert signed.signature is not None and signed.signature.client_id == "123456782"


@pytest.mark.anyio
async def test_a_booking_on_a_call_texts_the_link_from_the_office_number(
    settings: Settings,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    office_turns_it_on(repos, settings, demo_business.id)
    standin_settings = settings.model_copy(update={"twilio_api_base": twilio_standin.base_url})
    hook = agreement_on_booking(repos, standin_settings)
    assert hook is not None
    brain = Brain(repos, settings, on_lead_event=agreement_sink(hook))
    ref = ConversationRef(demo_business.id, LEAD, "voice")
    now = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    replies = []
    for text in ("שלום, מחפש לקנות דירת 4 חדרים בתל אביב", "עד 3 מיליון", "דני", "מחר בעשר"):
        replies.append(" ".join([c async for c in brain.respond(ref, text, now)]))
    hook.join(30)
    assert replies[-1].endswith(texts_he.BOOKING_SIGNING_MENTION)
    (appointment,) = repos.appointments.list_for_lead(demo_business.id, LEAD)
    # the same booking reported again (a redelivered turn): nothing more is sent
    assert hook.send_for_viewing(demo_business.id, LEAD, appointment.id) is False
    texts = [m for m in twilio_standin.messages.values() if m["to"] == LEAD]
    assert len(texts) == 1
    assert texts[0]["from"] == demo_business.voice_numbers[0]
    assert "/sign/" in texts[0]["body"]


@pytest.mark.anyio
async def test_off_by_default_nothing_is_sent_or_said(
    settings: Settings,
    repos: Repositories,
    demo_business: Business,
    twilio_standin: TwilioStandin,  # noqa: F811
) -> None:
    DocumentStore(make_storage_client(settings), settings.contracts_bucket).ensure_bucket()
    store = TemplateStore(repos.client)
    _, version = store.create(demo_business.id, validate_defaults(DEFAULTS), "owner", START)
    store.set_active(demo_business.id, version.template_id, 1, START)  # active, switch off
    hook = AgreementOnBooking(
        repos, store, contracts_for(settings, repos),
        twilio_sender(settings.model_copy(update={"twilio_api_base": twilio_standin.base_url})),
        "http://127.0.0.1:5173", repos.clock,
    )  # fmt: skip
    brain = Brain(repos, settings, on_lead_event=agreement_sink(hook))
    ref = ConversationRef(demo_business.id, LEAD, "voice")
    now = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
    replies = []
    for text in ("שלום, מחפש לקנות דירת 4 חדרים בתל אביב", "עד 3 מיליון", "דני", "מחר בעשר"):
        replies.append(" ".join([c async for c in brain.respond(ref, text, now)]))
    hook.join(30)
    assert repos.appointments.list_for_lead(demo_business.id, LEAD)  # booked
    assert not any(texts_he.BOOKING_SIGNING_MENTION in reply for reply in replies)
    assert list(twilio_standin.messages.values()) == []
    assert store.settings(demo_business.id).send_after_booking is False
