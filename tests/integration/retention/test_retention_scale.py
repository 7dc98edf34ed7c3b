"""The 5,000-recording case: three businesses, half the recordings older than 48 h, one
injected Twilio failure; three scheduler runs through the Pub/Sub emulator's push."""

from __future__ import annotations

from typing import Any

import pytest

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.retention.conftest import PurgeFunction
from tests.integration.retention.purge_harness import (
    TwilioFaults,
    plan_recordings,
    purged_call_sids,
    seed,
)

pytestmark = [pytest.mark.emulators, pytest.mark.slow]

BUSINESSES = ["tlv-homes", "haifa-realty", "jlm-nadlan"]
COUNT = 5000
# Every 5th recording also has a Cloud Storage copy. The Storage emulator rewrites its whole
# metadata file on each write (O(objects) per request), so 5,000 copies would take minutes
# to upload there; 1,000 copies exercise the same code path at every stage.
STORED_EVERY = 5


def _objects(bucket: Any) -> set[str]:
    return {f"gs://{bucket.name}/{blob.name}" for blob in bucket.list_blobs()}


def _deletes(twilio: TwilioStandin) -> int:
    return sum(1 for r in twilio.requests if r.method == "DELETE")


def test_five_thousand_recordings_three_runs(
    repos: Repositories,
    twilio: TwilioStandin,
    twilio_faults: TwilioFaults,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    for business in BUSINESSES:
        repos.businesses.create_if_absent(Business(id=business, name=business))
    plan = plan_recordings(COUNT, BUSINESSES, SYSTEM_CLOCK.now(), STORED_EVERY, bucket.name)
    seed(repos, twilio, bucket, plan, SYSTEM_CLOCK.now(), parallel_upload)
    old = [p for p in plan if p.old]
    young = [p for p in plan if not p.old]
    assert len(old) == len(young) == COUNT // 2
    assert {p.business_id for p in old} == set(BUSINESSES)
    victim = next(p for p in old if p.storage_uri)
    twilio_faults.fail_next_delete(victim.recording_sid)

    # Run 1: every old recording but the victim is gone from Twilio, Storage, and marked.
    purge_function.run()
    assert twilio_faults.injected == [victim.recording_sid]
    assert purged_call_sids(repos) == {p.call_sid for p in old} - {victim.call_sid}
    assert set(twilio.recordings) == {p.recording_sid for p in young} | {victim.recording_sid}
    assert _objects(bucket) == {p.storage_uri for p in young if p.storage_uri} | {
        victim.storage_uri
    }
    assert _deletes(twilio) == len(old) - 1  # the failed one never reached Twilio

    # Run 2: only the victim is retried, and it goes.
    purge_function.run()
    assert _deletes(twilio) == len(old)
    assert purged_call_sids(repos) == {p.call_sid for p in old}
    assert set(twilio.recordings) == {p.recording_sid for p in young}
    assert _objects(bucket) == {p.storage_uri for p in young if p.storage_uri}

    # Run 3: nothing is left to do, and nothing is touched.
    purge_function.run()
    assert _deletes(twilio) == len(old)
    assert purged_call_sids(repos) == {p.call_sid for p in old}
    assert len(twilio.recordings) == len(young)
