from datetime import UTC, datetime

import pytest

from agentlocator.errors import InvalidPhoneNumber, ValidationFailed
from agentlocator.whatsapp.inbound import (
    MAX_MEDIA,
    MediaItem,
    parse_bridge_payload,
    parse_twilio_form,
)
from agentlocator.whatsapp.reply_jobs import job_id_from_task_body, task_body

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
SID = "SM" + "a" * 32


def twilio_form(**extra: str) -> dict[str, str]:
    return {
        "MessageSid": SID,
        "AccountSid": "AC" + "0" * 32,
        "From": "whatsapp:+972501234567",
        "To": "whatsapp:+97237630000",
        "Body": "  שלום, אני מחפש דירה  ",
        "NumMedia": "0",
        "ProfileName": "דני",
        **extra,
    }


def test_twilio_form_becomes_an_inbound_message_with_e164_phones() -> None:
    inbound = parse_twilio_form(twilio_form(), NOW)
    assert inbound.transport == "twilio"
    assert inbound.external_id == SID
    assert inbound.from_phone == "+972501234567"
    assert inbound.to_number == "+97237630000"
    assert inbound.text == "שלום, אני מחפש דירה"
    assert inbound.profile_name == "דני"
    assert inbound.received_at == NOW
    assert inbound.media == ()


def test_twilio_media_fields_are_read_in_order() -> None:
    form = twilio_form(
        NumMedia="2",
        Body="",
        MediaUrl0="https://api.twilio.com/media/ME1",
        MediaContentType0="image/jpeg",
        MediaUrl1="https://api.twilio.com/media/ME2",
        MediaContentType1="audio/ogg",
    )
    inbound = parse_twilio_form(form, NOW)
    assert inbound.media == (
        MediaItem("https://api.twilio.com/media/ME1", "image/jpeg"),
        MediaItem("https://api.twilio.com/media/ME2", "audio/ogg"),
    )
    assert inbound.text == ""


def test_twilio_media_count_without_its_url_names_the_field() -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_twilio_form(twilio_form(NumMedia="1"), NOW)
    assert caught.value.field == "MediaUrl0"


def test_twilio_media_is_capped_at_ten() -> None:
    form = twilio_form(NumMedia="50")
    for i in range(50):
        form[f"MediaUrl{i}"] = f"https://example.test/{i}"
    assert len(parse_twilio_form(form, NOW).media) == MAX_MEDIA


@pytest.mark.parametrize(
    ("field", "value"),
    [("MessageSid", ""), ("MessageSid", "SM/../x"), ("NumMedia", "two")],
)
def test_bad_twilio_fields_are_400s_naming_the_field(field: str, value: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_twilio_form(twilio_form(**{field: value}), NOW)
    assert caught.value.field == field


def test_a_sender_that_is_not_a_phone_is_rejected() -> None:
    with pytest.raises(InvalidPhoneNumber) as caught:
        parse_twilio_form(twilio_form(From="whatsapp:hello"), NOW)
    assert caught.value.field == "From"


def test_bridge_payload_maps_to_the_same_shape_with_a_namespaced_id() -> None:
    payload = {
        "id": "3EB0C431C26A1916E07A",
        "from": "972501234567",
        "to": "+97237630000",
        "text": "היי",
        "timestamp": 1795000000,
        "pushName": "מיכל",
        "media": [{"url": "gs://bucket/wa/3EB0.jpg", "contentType": "image/jpeg"}],
    }
    inbound = parse_bridge_payload(payload, NOW)
    assert inbound.transport == "baileys"
    assert inbound.external_id == "wa-3EB0C431C26A1916E07A"
    assert inbound.from_phone == "+972501234567"
    assert inbound.received_at == datetime.fromtimestamp(1795000000, UTC)
    assert inbound.media == (MediaItem("gs://bucket/wa/3EB0.jpg", "image/jpeg"),)
    assert inbound.profile_name == "מיכל"


def test_bridge_payload_without_timestamp_uses_the_receive_time() -> None:
    payload = {"id": "ABC", "from": "+972501234567", "to": "+97237630000", "text": "x"}
    assert parse_bridge_payload(payload, NOW).received_at == NOW


def test_bridge_media_must_be_a_list_of_objects() -> None:
    payload = {"id": "ABC", "from": "+972501234567", "to": "+97237630000", "media": ["x"]}
    with pytest.raises(ValidationFailed) as caught:
        parse_bridge_payload(payload, NOW)
    assert caught.value.field == "media"


def test_a_reply_task_body_names_only_a_reply_job() -> None:
    assert job_id_from_task_body(task_body("abc123-wa-demo-SM1")) == "abc123-wa-demo-SM1"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"reply_job": "x", "business_id": "demo"}, "body"),  # anything beside the id
        ({"business_id": "demo", "lead_phone": "+972501234567", "caller_text": "x"}, "body"),
        ({"reply_job": "../other"}, "reply_job"),
        ({"reply_job": 5}, "reply_job"),
        ({"reply_job": ""}, "reply_job"),
    ],
)
def test_a_reply_task_body_with_anything_else_is_refused(
    body: dict[str, object], field: str
) -> None:
    with pytest.raises(ValidationFailed) as caught:
        job_id_from_task_body(body)
    assert caught.value.field == field
