"""Call records are unique by construction (CallSid is the document id, first write a create)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.crm.models import Call, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound

pytestmark = pytest.mark.emulators

T0 = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def _call(call_sid: str, offset_ms: int = 0) -> Call:
    at = T0 + timedelta(milliseconds=offset_ms)
    return Call(
        call_sid=call_sid,
        business_id="b1",
        from_phone="+972501234567",
        to_phone="+97237630000",
        started_at=at,
        created_at=at,
    )


def test_fifty_threads_creating_one_callsid_make_one_document(repos: Repositories) -> None:
    # Each thread carries a different timestamp, so a second write would be visible.
    with ThreadPoolExecutor(max_workers=50) as pool:
        results = list(pool.map(lambda i: repos.calls.create_call_once(_call("CA1", i)), range(50)))
    docs = list(repos.client.collection("calls").stream())
    assert [d.id for d in docs] == ["CA1"]
    assert sum(created for _, created in results) == 1
    calls = [call for call, _ in results]
    assert all(call == calls[0] for call in calls)
    assert Call.model_validate(docs[0].to_dict()) == calls[0]


def test_second_create_returns_the_stored_call_unchanged(repos: Repositories) -> None:
    first, created = repos.calls.create_call_once(_call("CA2"))
    again, created_again = repos.calls.create_call_once(
        _call("CA2", 5000).model_copy(update={"from_phone": "+972521111111"})
    )
    assert created and not created_again
    assert again == first


def test_status_callbacks_never_move_a_call_backwards(repos: Repositories) -> None:
    repos.calls.create_call_once(_call("CA3"))
    repos.calls.advance_status("CA3", "in-progress", at=T0 + timedelta(seconds=2))
    done = repos.calls.advance_status(
        "CA3", "completed", at=T0 + timedelta(seconds=60), duration_seconds=58
    )
    late = repos.calls.advance_status("CA3", "ringing", at=T0 + timedelta(seconds=61))
    repeat = repos.calls.advance_status("CA3", "completed", at=T0 + timedelta(seconds=90))
    assert done.status == late.status == repeat.status == "completed"
    stored = repos.calls.get("CA3")
    assert stored.status == "completed"
    assert stored.answered_at == T0 + timedelta(seconds=2)
    assert stored.ended_at == T0 + timedelta(seconds=60)
    assert stored.duration_seconds == 58


def test_unknown_call_and_other_tenant_are_not_found(repos: Repositories) -> None:
    repos.calls.create_call_once(_call("CA4"))
    with pytest.raises(NotFound):
        repos.calls.advance_status("CA-missing", "completed")
    with pytest.raises(NotFound):
        repos.calls.get_for_business("other-business", "CA4")
    assert repos.calls.get_for_business("b1", "CA4").call_sid == "CA4"


def test_recording_is_stored_on_the_call(repos: Repositories) -> None:
    repos.calls.create_call_once(_call("CA5"))
    repos.calls.set_recording("CA5", Recording(sid="RE1", url="https://x/RE1", duration_seconds=7))
    assert repos.calls.get("CA5").recording == Recording(
        sid="RE1", url="https://x/RE1", duration_seconds=7
    )
    assert [c.call_sid for c in repos.calls.iter_with_recordings()] == ["CA5"]
