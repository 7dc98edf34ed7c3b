import base64
import json

import pytest

from agentlocator.telephony.media_codec import (
    Connected,
    Dtmf,
    MalformedMediaMessage,
    Mark,
    Media,
    OutboundClear,
    OutboundMark,
    OutboundMedia,
    Start,
    Stop,
    decode_inbound,
    decode_outbound,
    encode_clear,
    encode_connected_inbound,
    encode_dtmf_inbound,
    encode_mark,
    encode_mark_inbound,
    encode_media,
    encode_media_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)

# Recorded from Twilio's documentation examples (field order and string-typed numbers kept).
TWILIO_START = """{"event":"start","sequenceNumber":"1","start":{"accountSid":"AC123",
"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0","callSid":"CA123","tracks":["inbound"],
"customParameters":{"token":"v1.1.abc","business_id":"biz"},
"mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1}},
"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}"""
TWILIO_MEDIA = """{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1",
"timestamp":"5","payload":"no+JhoaJjpzSHxAKBgYJDhtEopGKh4aIjZm7JhQMBwYIDBUx"},
"streamSid":"MZ18ad3ab5a668481ce02b83e7395059f0"}"""


def test_decode_twilio_start() -> None:
    event = decode_inbound(TWILIO_START)
    assert isinstance(event, Start)
    assert event.call_sid == "CA123"
    assert event.stream_sid == "MZ18ad3ab5a668481ce02b83e7395059f0"
    assert event.custom_parameters == {"token": "v1.1.abc", "business_id": "biz"}
    assert event.media_format.sample_rate == 8000
    assert event.tracks == ("inbound",)


def test_decode_twilio_media() -> None:
    event = decode_inbound(TWILIO_MEDIA)
    assert isinstance(event, Media)
    assert event.chunk == 1 and event.timestamp_ms == 5
    assert event.payload == base64.b64decode("no+JhoaJjpzSHxAKBgYJDhtEopGKh4aIjZm7JhQMBwYIDBUx")


def test_roundtrip_of_every_inbound_event() -> None:
    sid = "MZ1"
    assert decode_inbound(encode_connected_inbound()) == Connected("Call", "1.0.0")
    start = decode_inbound(encode_start_inbound(sid, "CA1", "AC1", {"token": "t"}))
    assert isinstance(start, Start) and start.custom_parameters == {"token": "t"}
    assert decode_inbound(encode_media_inbound(sid, b"\x01\xff", 7, 140)) == Media(
        "inbound", 7, 140, b"\x01\xff"
    )
    assert decode_inbound(encode_mark_inbound(sid, "t1:1")) == Mark("t1:1")
    assert decode_inbound(encode_dtmf_inbound(sid, "5")) == Dtmf("inbound_track", "5")
    assert decode_inbound(encode_stop_inbound(sid, "CA1", "AC1")) == Stop("AC1", "CA1")


def test_outbound_messages_match_twilio_shape() -> None:
    assert json.loads(encode_clear("MZ1")) == {"event": "clear", "streamSid": "MZ1"}
    assert json.loads(encode_mark("MZ1", "m")) == {
        "event": "mark",
        "streamSid": "MZ1",
        "mark": {"name": "m"},
    }
    media = json.loads(encode_media("MZ1", b"\x00\x01"))
    assert media == {"event": "media", "streamSid": "MZ1", "media": {"payload": "AAE="}}
    assert decode_outbound(encode_media("MZ1", b"\x00\x01")) == OutboundMedia(b"\x00\x01")
    assert decode_outbound(encode_mark("MZ1", "m")) == OutboundMark("m")
    assert decode_outbound(encode_clear("MZ1")) == OutboundClear()


@pytest.mark.parametrize(
    ("frame", "kind"),
    [
        ("not json", "bad_json"),
        ("[1,2]", "bad_json"),
        ('{"event":"media","media":{"payload":"@@@"}}', "bad_base64"),
        ('{"event":"media"}', "missing_field"),
        ('{"event":"media","media":{"payload":"AA==","chunk":"x"}}', "bad_field"),
        ('{"event":"mark","mark":{}}', "missing_field"),
        ('{"event":"start","start":{"callSid":"CA1"}}', "missing_field"),
        ('{"event":"dance"}', "unknown_event"),
        ("{}", "unknown_event"),
    ],
)
def test_malformed_frames_raise_with_a_kind(frame: str, kind: str) -> None:
    with pytest.raises(MalformedMediaMessage) as info:
        decode_inbound(frame)
    assert info.value.kind == kind


@pytest.mark.parametrize("frame", ["x", '{"event":"media","media":{}}', '{"event":"hug"}'])
def test_malformed_outbound_raises(frame: str) -> None:
    with pytest.raises(MalformedMediaMessage):
        decode_outbound(frame)
