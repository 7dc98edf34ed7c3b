"""Status callback rules: the result does not depend on the order callbacks arrive in."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from agentlocator.crm.call_progress import STREAM_CLOSED_BY_STATUS, apply_changes, status_changes
from agentlocator.crm.models import Call

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
CALLBACKS = [
    ("ringing", 0, None),
    ("in-progress", 2, None),
    ("completed", 60, 58),
]


def _call(**extra: object) -> Call:
    return Call(
        call_sid="CA1",
        business_id="b1",
        from_phone="+972501234567",
        to_phone="+97237630000",
        started_at=T0,
        created_at=T0,
        **extra,  # type: ignore[arg-type]
    )


def test_every_order_of_the_callbacks_ends_in_the_same_call() -> None:
    results: list[Call] = []
    for order in itertools.permutations(CALLBACKS + CALLBACKS):
        call = _call()
        for status, second, duration in order:
            at = T0 + timedelta(seconds=second)
            call = apply_changes(call, status_changes(call, status, at, duration))
        results.append(call)
        assert (call.status, call.duration_seconds) == ("completed", 58)
        assert call.answered_at == T0 + timedelta(seconds=2)
        assert call.ended_at == T0 + timedelta(seconds=60)
    assert all(call == results[0] for call in results)


def test_a_repeat_changes_nothing() -> None:
    call = _call()
    call = apply_changes(call, status_changes(call, "completed", T0, 5))
    assert status_changes(call, "completed", T0 + timedelta(seconds=9), 9) == {}


def test_the_final_status_closes_a_stream_its_service_never_closed() -> None:
    call = _call(stream_sid="MZ1", stream_started_at=T0)
    call = apply_changes(call, status_changes(call, "completed", T0 + timedelta(seconds=30), 30))
    assert call.stream_ended_by == STREAM_CLOSED_BY_STATUS
    assert call.stream_ended_at == T0 + timedelta(seconds=30)
    closed = _call(stream_started_at=T0, stream_ended_at=T0, stream_ended_by="stop")
    assert "stream_ended_by" not in status_changes(closed, "completed", T0, 1)
