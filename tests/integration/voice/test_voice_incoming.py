"""voice_incoming in-process (functions-framework's app, Flask test client) on the emulators."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlencode

import functions_framework
import pytest
from twilio.request_validator import RequestValidator

from agentlocator.agent.greeting_text import opening
from agentlocator.crm.models import Business, OpeningHours
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.errors import BadSignature
from agentlocator.telephony import texts_he
from agentlocator.telephony.stream_token import verify_stream_token
from tests.integration.voice.voice_harness import CALLER, MAIN, TwilioWebhooks, call_sid

pytestmark = pytest.mark.emulators


def stream_parameters(xml: str) -> dict[str, str]:
    root = ET.fromstring(xml.encode())
    stream = root.find("Connect/Stream")
    assert stream is not None, xml
    return {p.attrib["name"]: p.attrib["value"] for p in stream.findall("Parameter")}


def test_incoming_call_connects_the_stream_records_and_stores_call_and_lead(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    reply = in_process.send("voice_incoming", in_process.incoming(sid))

    assert reply.status == 200 and reply.content_type.startswith("text/xml")
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root] == ["Start", "Connect"]
    recording = root.find("Start/Recording")
    assert recording is not None
    assert recording.attrib["recordingStatusCallback"] == in_process.url("recording_status")
    stream = root.find("Connect/Stream")
    assert stream is not None
    assert stream.attrib["url"] == in_process.settings.media_stream_url
    params = stream_parameters(reply.text)
    assert params["business_id"] == demo_business.id
    assert params["call_sid"] == sid
    assert params["caller"] == CALLER

    call = repos.calls.get(sid)
    assert (call.business_id, call.from_phone, call.to_phone) == (
        demo_business.id,
        CALLER,
        DEMO_TWILIO_NUMBER,
    )
    assert call.lead_id == CALLER and call.status == "ringing"
    verify_stream_token(
        in_process.settings.stream_token_secret,
        params["token"],
        demo_business.id,
        sid,
        now=call.started_at,
        caller=CALLER,
        parameters=params,
    )
    with pytest.raises(BadSignature):
        verify_stream_token(
            in_process.settings.stream_token_secret, params["token"], demo_business.id,
            call_sid(), now=call.started_at, caller=CALLER, parameters=params,
        )  # fmt: skip
    # the greeting's opening and voice come with the stream: no Firestore read to greet
    assert params["greeting"] == opening(demo_business.name, demo_business.greeting)
    assert params.get("voice") == demo_business.tts_voice
    lead = repos.leads.get(demo_business.id, CALLER)
    assert lead.sources == ["voice"]
    assert lead.last_contact_at == call.started_at


def test_repeated_delivery_answers_the_same_twiml_and_writes_one_call(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    first = in_process.send("voice_incoming", in_process.incoming(sid))
    again = in_process.send("voice_incoming", in_process.incoming(sid))
    assert first.status == again.status == 200
    assert first.text == again.text
    assert [d.id for d in repos.client.collection("calls").stream()] == [sid]


def test_fifty_concurrent_duplicates_in_process_make_one_call(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    with ThreadPoolExecutor(max_workers=50) as pool:
        replies = list(
            pool.map(
                lambda _: in_process.send("voice_incoming", in_process.incoming(sid)), range(50)
            )
        )
    assert [r.status for r in replies] == [200] * 50
    assert len({r.text for r in replies}) == 1
    assert [d.id for d in repos.client.collection("calls").stream()] == [sid]
    assert [lead.id for lead in repos.leads.query(demo_business.id).stream()] == [CALLER]


def test_second_call_from_the_same_phone_reuses_the_lead(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    in_process.send("voice_incoming", in_process.incoming(call_sid(), caller="050-123-4567"))
    in_process.send("voice_incoming", in_process.incoming(call_sid(), caller="+972501234567"))
    leads = list(repos.leads.query(demo_business.id).stream())
    assert [lead.id for lead in leads] == [CALLER]
    assert len(list(repos.client.collection("calls").stream())) == 2


def test_withheld_caller_id_is_asked_to_leave_a_message_with_a_callback_number(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    # Leah keys every conversation on the caller's phone: with the id withheld there is no lead
    # to keep, so the caller is asked to leave name and number instead of meeting a dead stream.
    sid = call_sid()
    reply = in_process.send("voice_incoming", in_process.incoming(sid, caller="anonymous"))
    assert reply.status == 200
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root] == ["Say", "Record", "Hangup"]
    assert "מספר טלפון" in (root[0].text or "")
    assert root[1].get("recordingStatusCallback", "").endswith("/recording_status")
    call = repos.calls.get(sid)
    assert call.lead_id is None and call.from_phone == "anonymous"
    assert list(repos.leads.query(demo_business.id).stream()) == []


def test_unknown_number_gets_a_polite_hebrew_goodbye_and_nothing_is_written(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    reply = in_process.send("voice_incoming", in_process.incoming(call_sid(), to="+97239999999"))
    assert reply.status == 200
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert root[0].text == texts_he.UNKNOWN_NUMBER
    assert root[0].attrib["language"] == "he-IL"
    assert list(repos.client.collection("calls").stream()) == []


def test_after_hours_voicemail_business_records_a_message(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    never_open: dict[str, list[OpeningHours]] = {
        day: [] for day in ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
    }
    repos.businesses.update(
        demo_business.id, {"after_hours_mode": "voicemail", "hours": never_open}
    )
    sid = call_sid()

    reply = in_process.send("voice_incoming", in_process.incoming(sid))
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root] == ["Say", "Record", "Hangup"]
    assert root.find("Connect") is None
    assert root[1].attrib["recordingStatusCallback"] == in_process.url("recording_status")
    assert repos.calls.get(sid).lead_id == CALLER

    # Twilio comes back to the same URL with the new recording when <Record> ends.
    done = in_process.incoming(sid) | {"RecordingUrl": "https://api.twilio.com/r", "Digits": "#"}
    thanks = ET.fromstring(in_process.send("voice_incoming", done).text.encode())
    assert [child.tag for child in thanks] == ["Say", "Hangup"]
    assert thanks[0].text == texts_he.VOICEMAIL_THANKS


def test_agent_mode_business_answers_after_hours_too(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    never_open: dict[str, list[OpeningHours]] = {
        day: [] for day in ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
    }
    repos.businesses.update(demo_business.id, {"hours": never_open})
    reply = in_process.send("voice_incoming", in_process.incoming(call_sid()))
    assert "token" in stream_parameters(reply.text)


def test_webhook_configured_as_get_verifies_the_query_string(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    query = urlencode(in_process.incoming(sid))
    url = f"{in_process.url('voice_incoming')}?{query}"
    signature = RequestValidator(in_process.settings.twilio_auth_token).compute_signature(url, {})
    app = functions_framework.create_app("voice_incoming", MAIN).test_client()

    reply = app.get(f"/voice_incoming?{query}", headers={"X-Twilio-Signature": signature})
    forged = app.get(f"/voice_incoming?{query}&From=%2B972529999999",
                     headers={"X-Twilio-Signature": signature})  # fmt: skip

    assert reply.status_code == 200
    assert "token" in stream_parameters(reply.get_data(as_text=True))
    assert forged.status_code == 403
    assert repos.calls.get(sid).from_phone == CALLER


def test_number_routed_to_a_deleted_business_is_treated_as_unknown(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    repos.businesses.route_number("+97239998888", "closed-down-agency", "voice")
    reply = in_process.send("voice_incoming", in_process.incoming(call_sid(), to="+97239998888"))
    assert reply.status == 200
    assert ET.fromstring(reply.text.encode())[0].text == texts_he.UNKNOWN_NUMBER


def test_failure_while_answering_apologises_in_hebrew_instead_of_an_error(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    # A business document that no longer validates (a field removed by hand in the console).
    repos.client.collection("businesses").document("broken").set({"id": "broken"})
    repos.businesses.route_number("+97239997777", "broken", "voice")
    reply = in_process.send("voice_incoming", in_process.incoming(call_sid(), to="+97239997777"))
    assert reply.status == 200
    root = ET.fromstring(reply.text.encode())
    assert [child.tag for child in root] == ["Say", "Hangup"]
    assert root[0].text == texts_he.TECHNICAL_DIFFICULTY
