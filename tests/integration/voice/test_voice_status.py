"""voice_status: Twilio's call progress callbacks move a call forward only."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from tests.integration.voice.voice_harness import TwilioWebhooks, call_sid

pytestmark = pytest.mark.emulators


def rfc2822(hour: int, minute: int, second: int) -> str:
    return datetime(2026, 11, 24, hour, minute, second, tzinfo=UTC).strftime(
        "%a, %d %b %Y %H:%M:%S +0000"
    )


def test_callbacks_in_order_record_answer_end_and_duration(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    in_process.send("voice_incoming", in_process.incoming(sid))
    answered = in_process.send(
        "voice_status",
        in_process.status(sid, "in-progress", SequenceNumber="0", Timestamp=rfc2822(10, 0, 2)),
    )
    ended = in_process.send(
        "voice_status",
        in_process.status(
            sid, "completed", SequenceNumber="1", Timestamp=rfc2822(10, 1, 0), CallDuration="58"
        ),
    )
    assert answered.status == ended.status == 200
    assert ended.json() == {"call_sid": sid, "status": "completed"}
    call = repos.calls.get(sid)
    assert call.status == "completed"
    assert call.answered_at == datetime(2026, 11, 24, 10, 0, 2, tzinfo=UTC)
    assert call.ended_at == datetime(2026, 11, 24, 10, 1, tzinfo=UTC)
    assert call.duration_seconds == 58
    assert call.last_callback_sequence == 1


def test_late_and_repeated_callbacks_never_move_the_call_backwards(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business
) -> None:
    sid = call_sid()
    in_process.send("voice_incoming", in_process.incoming(sid))
    deliveries = [
        in_process.status(
            sid, "completed", SequenceNumber="2", Timestamp=rfc2822(10, 1, 0), CallDuration="58"
        ),
        in_process.status(sid, "in-progress", SequenceNumber="1", Timestamp=rfc2822(10, 0, 2)),
        in_process.status(sid, "ringing", SequenceNumber="0", Timestamp=rfc2822(10, 0, 0)),
        in_process.status(
            sid, "completed", SequenceNumber="2", Timestamp=rfc2822(10, 5, 0), CallDuration="300"
        ),
    ]
    replies = [in_process.send("voice_status", form) for form in deliveries]
    assert [r.status for r in replies] == [200] * 4
    assert {r.json()["status"] for r in replies} == {"completed"}
    call = repos.calls.get(sid)
    assert call.status == "completed"
    assert call.ended_at == datetime(2026, 11, 24, 10, 1, tzinfo=UTC)
    assert call.duration_seconds == 58
    assert call.last_callback_sequence == 2
    assert len(list(repos.client.collection("calls").stream())) == 1


@pytest.mark.parametrize("final", ["busy", "no-answer", "failed", "canceled"])
def test_every_terminal_status_ends_the_call(
    in_process: TwilioWebhooks, repos: Repositories, demo_business: Business, final: str
) -> None:
    sid = call_sid()
    in_process.send("voice_incoming", in_process.incoming(sid))
    in_process.send("voice_status", in_process.status(sid, final, Timestamp=rfc2822(10, 0, 9)))
    call = repos.calls.get(sid)
    assert call.status == final
    assert call.ended_at == datetime(2026, 11, 24, 10, 0, 9, tzinfo=UTC)
