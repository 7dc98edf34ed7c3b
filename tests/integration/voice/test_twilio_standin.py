"""The Twilio REST stand-in answers the real twilio client (and our adapter) like Twilio does."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests
from twilio.base.exceptions import TwilioRestException

from agentlocator.config import load_settings
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.twilio_rest import TwilioRest, make_twilio_client

ACCOUNT = "AC" + "0" * 32
TOKEN = "standin-token"
RECORDING = "RE" + "1" * 32
CALL = "CA" + "2" * 32


@pytest.fixture
def standin() -> Iterator[TwilioStandin]:
    with TwilioStandin(ACCOUNT, TOKEN) as running:
        yield running


@pytest.fixture
def rest(standin: TwilioStandin) -> TwilioRest:
    settings = load_settings(
        {"twilio_account_sid": ACCOUNT, "twilio_auth_token": TOKEN,
         "twilio_api_base": standin.base_url}
    )  # fmt: skip
    return TwilioRest.from_settings(settings)


def test_recording_fetch_media_and_delete(standin: TwilioStandin, rest: TwilioRest) -> None:
    standin.add_recording(RECORDING, call_sid=CALL, audio=b"\xff\xfbaudio", duration_seconds=7)

    fetched = rest.client.recordings(RECORDING).fetch()
    assert (fetched.sid, fetched.call_sid, fetched.duration, fetched.status) == (
        RECORDING, CALL, "7", "completed",
    )  # fmt: skip
    assert fetched.date_created is not None and fetched.date_created.tzinfo is not None
    assert rest.recording_media(RECORDING) == b"\xff\xfbaudio"
    assert [r.sid for r in rest.client.recordings.list(call_sid=CALL)] == [RECORDING]

    assert rest.delete_recording(RECORDING) is True
    assert rest.delete_recording(RECORDING) is False  # already gone: Twilio answers 404
    assert RECORDING not in standin.recordings
    with pytest.raises(requests.HTTPError):
        rest.recording_media(RECORDING)


def test_calls_and_call_recordings(standin: TwilioStandin, rest: TwilioRest) -> None:
    call = rest.client.calls.create(
        to="+972501234567", from_="+97237630000", url="https://example.test/twiml"
    )
    assert call.sid.startswith("CA") and call.status == "queued"
    recording = rest.client.calls(call.sid).recordings.create(
        recording_status_callback="https://example.test/recording_status"
    )
    assert recording.call_sid == call.sid and recording.status == "in-progress"
    ended = rest.client.calls(call.sid).update(status="completed")
    assert ended.status == "completed"
    created = standin.requests_to("POST", "/Calls.json")
    assert created[0].value("To") == "+972501234567"
    assert created[0].value("Url") == "https://example.test/twiml"


def test_whatsapp_message_create(standin: TwilioStandin, rest: TwilioRest) -> None:
    message = rest.client.messages.create(
        to="whatsapp:+972501234567", from_="whatsapp:+97237630000", body="שלום, כאן לאה"
    )
    assert message.sid.startswith("SM") and message.body == "שלום, כאן לאה"
    assert rest.client.messages(message.sid).fetch().to == "whatsapp:+972501234567"
    assert standin.messages[message.sid]["from"] == "whatsapp:+97237630000"


def test_twilio_errors_come_back_as_twilio_rest_exceptions(
    standin: TwilioStandin, rest: TwilioRest
) -> None:
    with pytest.raises(TwilioRestException) as missing:
        rest.client.recordings(RECORDING).fetch()
    assert (missing.value.status, missing.value.code) == (404, 20404)
    with pytest.raises(TwilioRestException) as invalid:
        rest.client.messages.create(to="whatsapp:+972501234567", from_="whatsapp:+97237630000")
    assert (invalid.value.status, invalid.value.code) == (400, 21602)


def test_wrong_credentials_or_account_are_refused(standin: TwilioStandin) -> None:
    standin.add_recording(RECORDING, call_sid=CALL, audio=b"x")
    wrong_token = make_twilio_client(ACCOUNT, "guess", api_base=standin.base_url)
    with pytest.raises(TwilioRestException) as refused:
        wrong_token.recordings(RECORDING).fetch()
    assert (refused.value.status, refused.value.code) == (401, 20003)
    other_account = "AC" + "9" * 32
    elsewhere = make_twilio_client(other_account, TOKEN, api_base=standin.base_url)
    with pytest.raises(TwilioRestException):
        elsewhere.recordings(RECORDING).fetch()
    assert [r.authorized for r in standin.requests] == [False, False]
    assert RECORDING in standin.recordings
