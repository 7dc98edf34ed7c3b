"""The stale-stream sweep: streams left open by a dead media service are closed; live ones,
closed ones and ones a status callback closes at the same time are left alone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import functions_framework
import pytest
import streams

from agentlocator.clock import FixedClock
from agentlocator.crm.models import Call
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony.stale_streams import CLOSED_BY_SWEEP, STALE_AFTER, sweep_stale_streams
from tests.integration.voice.voice_harness import MAIN

pytestmark = pytest.mark.emulators

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _call(repos: Repositories, sid: str, started: datetime, ended: datetime | None) -> None:
    repos.calls.create_call_once(
        Call(
            call_sid=sid,
            business_id="b1",
            from_phone="+972501234567",
            to_phone="+97237630000",
            status="in-progress",
            status_rank=3,
            started_at=started,
            created_at=started,
            stream_sid="MZ" + sid[2:],
            stream_started_at=started,
            stream_ended_at=ended,
            stream_ended_by="stop" if ended else None,
        )
    )


def test_only_streams_open_past_the_service_timeout_are_closed(repos: Repositories) -> None:
    old = NOW - STALE_AFTER - timedelta(minutes=1)
    _call(repos, "CA" + "1" * 32, old, None)  # dead
    _call(repos, "CA" + "2" * 32, NOW - timedelta(minutes=20), None)  # a live call
    _call(repos, "CA" + "3" * 32, old, old + timedelta(minutes=3))  # ended normally

    closed = sweep_stale_streams(repos.calls, NOW)

    assert closed == ["CA" + "1" * 32]
    dead = repos.calls.get("CA" + "1" * 32)
    assert (dead.stream_ended_by, dead.stream_ended_at) == (CLOSED_BY_SWEEP, NOW)
    assert repos.calls.get("CA" + "2" * 32).stream_ended_at is None
    assert repos.calls.get("CA" + "3" * 32).stream_ended_by == "stop"
    assert sweep_stale_streams(repos.calls, NOW) == []  # a second run changes nothing


def test_the_scheduled_function_sweeps(
    repos: Repositories, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(streams, "clock", FixedClock(NOW))
    old = NOW - STALE_AFTER - timedelta(minutes=5)
    _call(repos, "CA" + "4" * 32, old, None)
    client = functions_framework.create_app("sweep_stale_streams", MAIN).test_client()
    reply = client.post("/")
    assert reply.status_code == 200 and reply.get_json() == {"closed": 1}
    assert repos.calls.get("CA" + "4" * 32).stream_ended_by == CLOSED_BY_SWEEP
