import math

import pytest
from twilio.request_validator import RequestValidator

from agentlocator.simulator.webhook import incoming_call_form, parse_stream_twiml, sign
from agentlocator.telephony.twiml import connect_media_stream
from media_stream_service.tracing import LatencyStats, TurnTrace, percentile


def test_simulator_follows_the_products_own_twiml() -> None:
    twiml = connect_media_stream(
        "wss://media.example/media", {"token": "v1.1.x", "business_id": "b"}, None
    )
    instruction = parse_stream_twiml(twiml)
    assert instruction.url == "wss://media.example/media"
    assert instruction.parameters == {"token": "v1.1.x", "business_id": "b"}


def test_twiml_without_a_stream_is_refused() -> None:
    with pytest.raises(ValueError):
        parse_stream_twiml("<Response><Say>שלום</Say></Response>")


def test_simulator_signs_like_twilio() -> None:
    form = incoming_call_form("CA1", "+972501234567", "+97237630000", "AC1")
    url = "https://fn.example/voice_incoming"
    signature = sign(url, form, "token")
    assert RequestValidator("token").validate(url, form, signature)
    assert not RequestValidator("other").validate(url, form, signature)


def test_turn_trace_is_relative_to_the_end_of_utterance() -> None:
    trace = TurnTrace("CA1", 1, end_of_utterance=10.0)
    trace.mark("stt_final", 9.9)
    trace.mark("first_token", 10.2)
    trace.mark("first_token", 10.9)  # only the first mark of a stage counts
    trace.mark("first_audio_out", 10.25)
    assert trace.since_end_of_utterance_ms() == {
        "stt_final": -100.0,
        "first_token": 200.0,
        "first_audio_out": 250.0,
    }
    stats = LatencyStats()
    stats.add_turn(trace)
    assert stats.summary()["first_token"] == {"count": 1, "p50": 200.0, "p95": 200.0}


def test_percentile_is_nearest_rank() -> None:
    values = [float(v) for v in range(1, 101)]
    assert percentile(values, 50) == 50.0
    assert percentile(values, 95) == 95.0
    assert percentile([7.0], 95) == 7.0
    assert math.isnan(percentile([], 50))
