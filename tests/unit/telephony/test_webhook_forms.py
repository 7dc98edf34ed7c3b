"""Twilio's webhook forms: valid bodies parse, and every bad one is a 400 naming the field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentlocator.errors import ValidationFailed
from agentlocator.telephony.webhook_forms import (
    CallStatusForm,
    IncomingCallForm,
    RecordingStatusForm,
    parse_form,
)

CALL_SID = "CA" + "a1" * 16
ACCOUNT_SID = "AC" + "0" * 32
RECORDING_SID = "RE" + "b2" * 16


def incoming(**overrides: str) -> dict[str, str]:
    form = {
        "CallSid": CALL_SID,
        "AccountSid": ACCOUNT_SID,
        "From": "+972501234567",
        "To": "+97237630000",
        "CallStatus": "ringing",
        "Direction": "inbound",
    }
    form.update(overrides)
    return form


def test_incoming_call_form_reads_twilio_names() -> None:
    form = parse_form(IncomingCallForm, incoming())
    assert (form.call_sid, form.from_, form.to) == (CALL_SID, "+972501234567", "+97237630000")
    assert form.call_status == "ringing"
    assert not form.is_voicemail_done


def test_record_action_request_is_recognised_as_voicemail_done() -> None:
    form = parse_form(
        IncomingCallForm, incoming(RecordingUrl="https://api.twilio.com/x", RecordingSid="")
    )
    assert form.is_voicemail_done
    assert form.recording_sid is None


@pytest.mark.parametrize(
    ("form", "field"),
    [
        ({k: v for k, v in incoming().items() if k != "CallSid"}, "CallSid"),
        (incoming(CallSid="CA123"), "CallSid"),
        (incoming(CallSid="ca" + "a1" * 16), "CallSid"),
        ({k: v for k, v in incoming().items() if k != "To"}, "To"),
        (incoming(From=""), "From"),
        (incoming(AccountSid="nope"), "AccountSid"),
    ],
)
def test_bad_incoming_forms_name_the_field(form: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_form(IncomingCallForm, form)
    assert caught.value.field == field


def status_form(**overrides: str) -> dict[str, str]:
    form = {"CallSid": CALL_SID, "AccountSid": ACCOUNT_SID, "CallStatus": "completed"}
    form.update(overrides)
    return form


def test_status_form_parses_duration_sequence_and_rfc2822_timestamp() -> None:
    form = parse_form(
        CallStatusForm,
        status_form(
            CallDuration="58", SequenceNumber="3", Timestamp="Tue, 24 Nov 2026 10:01:00 +0000"
        ),
    )
    assert form.call_duration == 58
    assert form.sequence_number == 3
    assert form.timestamp == datetime(2026, 11, 24, 10, 1, tzinfo=UTC)


def test_status_form_treats_blank_optional_fields_as_absent() -> None:
    form = parse_form(CallStatusForm, status_form(CallDuration="", Timestamp=""))
    assert form.call_duration is None and form.timestamp is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"CallStatus": "exploded"}, "CallStatus"),
        ({"CallDuration": "long"}, "CallDuration"),
        ({"CallDuration": "-4"}, "CallDuration"),
        ({"Timestamp": "yesterday"}, "Timestamp"),
        ({"SequenceNumber": "x"}, "SequenceNumber"),
    ],
)
def test_bad_status_forms_name_the_field(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_form(CallStatusForm, status_form(**overrides))
    assert caught.value.field == field


def recording_form(**overrides: str) -> dict[str, str]:
    form = {
        "CallSid": CALL_SID,
        "AccountSid": ACCOUNT_SID,
        "RecordingSid": RECORDING_SID,
        "RecordingUrl": f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Recordings/"
        + RECORDING_SID,
        "RecordingStatus": "completed",
        "RecordingDuration": "42",
        "RecordingChannels": "2",
        "RecordingSource": "StartCallRecordingTwiML",
        "RecordingStartTime": "Tue, 24 Nov 2026 10:00:02 +0000",
    }
    form.update(overrides)
    return form


def test_recording_form_parses_every_stored_field() -> None:
    form = parse_form(RecordingStatusForm, recording_form())
    assert form.recording_sid == RECORDING_SID
    assert form.recording_status == "completed"
    assert form.duration_seconds == 42
    assert form.recording_start_time == datetime(2026, 11, 24, 10, 0, 2, tzinfo=UTC)


def test_recording_without_length_yet_has_no_duration() -> None:
    form = parse_form(RecordingStatusForm, recording_form(RecordingDuration="-1"))
    assert form.duration_seconds is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"RecordingSid": ""}, "RecordingSid"),
        ({"RecordingSid": "RE1"}, "RecordingSid"),
        ({"RecordingUrl": "ftp://x"}, "RecordingUrl"),
        ({"RecordingStatus": "shredded"}, "RecordingStatus"),
        ({"RecordingDuration": "1.5"}, "RecordingDuration"),
    ],
)
def test_bad_recording_forms_name_the_field(overrides: dict[str, str], field: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_form(RecordingStatusForm, recording_form(**overrides))
    assert caught.value.field == field
