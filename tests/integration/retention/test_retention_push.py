"""purge_recordings end to end: Cloud Scheduler's message on the Pub/Sub emulator is pushed to
the served function, which deletes at the Twilio stand-in and the Storage emulator and marks
the calls in the Firestore emulator."""

from __future__ import annotations

import base64
import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta
from typing import Any

import pytest
import requests
from cloudevents.conversion import to_binary
from cloudevents.http import CloudEvent

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.crm.models import Business, Message
from agentlocator.crm.repositories import Repositories
from agentlocator.devstack.twilio_standin import TwilioStandin
from tests.integration.retention.conftest import PurgeFunction
from tests.integration.retention.purge_harness import (
    SeededRecording,
    TwilioFaults,
    plan_recordings,
    purged_call_sids,
    seed,
)

pytestmark = pytest.mark.emulators

BUSINESSES = ["tlv-homes", "haifa-realty", "jlm-nadlan"]


def _seed(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    upload: Any,
    count: int = 24,
    stored_every: int = 2,
) -> list[SeededRecording]:
    for business in BUSINESSES:
        repos.businesses.create_if_absent(Business(id=business, name=business))
    plan = plan_recordings(count, BUSINESSES, SYSTEM_CLOCK.now(), stored_every, bucket.name)
    seed(repos, twilio, bucket, plan, SYSTEM_CLOCK.now(), upload)
    return plan


def _objects(bucket: Any) -> set[str]:
    return {f"gs://{bucket.name}/{blob.name}" for blob in bucket.list_blobs()}


def _deletes(twilio: TwilioStandin) -> int:
    return sum(1 for r in twilio.requests if r.method == "DELETE")


def test_scheduler_message_purges_exactly_the_old_recordings_and_keeps_transcripts(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    old = [p for p in plan if p.old]
    transcript = Message(
        business_id=old[0].business_id,
        lead_id="+972501234567",
        channel="voice",
        role="caller",
        text="שלום, אני מחפש דירה",
        call_sid=old[0].call_sid,
        created_at=SYSTEM_CLOCK.now(),
    )
    repos.messages.append(transcript)

    purge_function.run()

    assert purged_call_sids(repos) == {p.call_sid for p in old}
    assert set(twilio.recordings) == {p.recording_sid for p in plan if not p.old}
    assert _objects(bucket) == {p.storage_uri for p in plan if p.storage_uri and not p.old}
    call = repos.calls.get(old[0].call_sid)
    assert call.recording is not None and call.recording.purge_reason == "retention:2d"
    assert call.recording.purged_at is not None and call.recording.sid == old[0].recording_sid
    kept = repos.messages.list_for_call(old[0].business_id, "+972501234567", old[0].call_sid)
    assert [m.text for m in kept] == ["שלום, אני מחפש דירה"]


def test_a_business_with_one_day_retention_loses_recordings_after_a_day(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    repos.businesses.create_if_absent(
        Business(id="tlv-homes", name="tlv-homes", recording_retention_days=1)
    )
    plan = _seed(repos, twilio, bucket, parallel_upload, count=48)
    now = SYSTEM_CLOCK.now()
    purge_function.run()

    def due(p: SeededRecording) -> bool:
        if p.old:
            return True
        started = repos.calls.get(p.call_sid).started_at
        return p.business_id == "tlv-homes" and now - started >= timedelta(days=1)

    expected = {p.call_sid for p in plan if due(p)}
    assert len(expected) > len([p for p in plan if p.old])  # some young tlv-homes calls too
    assert purged_call_sids(repos) == expected


def test_dry_run_counts_but_deletes_nothing(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    objects = _objects(bucket)
    purge_function.run(dry_run="true")
    assert _deletes(twilio) == 0
    assert purged_call_sids(repos) == set()
    assert len(twilio.recordings) == len(plan) and _objects(bucket) == objects


def test_a_redelivered_push_and_a_second_run_delete_nothing_twice(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    purge_function.run()
    first = purge_function.deliveries.deliveries[0]
    deletes = _deletes(twilio)
    assert deletes == len([p for p in plan if p.old])

    # Pub/Sub redelivers the same message (same messageId and body) to the same endpoint.
    replay = requests.post(
        purge_function.url + first.path,
        data=first.body,
        headers={"Content-Type": "application/json"},
        timeout=60,
    )
    assert replay.status_code == 200
    purge_function.run()

    assert _deletes(twilio) == deletes
    assert purged_call_sids(repos) == {p.call_sid for p in plan if p.old}
    message_id = json.loads(first.body)["message"]["messageId"]
    record = repos.client.collection("retention_runs").document(message_id).get().to_dict()
    assert record is not None and record["status"] == "done"
    assert record["counts"]["purged"] == deletes


def test_concurrent_deliveries_of_one_event_run_the_purge_once(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload, count=60)
    push = json.dumps(
        {
            "message": {
                "data": base64.b64encode(b'{"source": "scheduler"}').decode(),
                "messageId": "777",
                "publishTime": SYSTEM_CLOCK.now().isoformat(),
                "attributes": {},
            },
            "subscription": "projects/demo-agentlocator/subscriptions/recording-retention-push",
        }
    ).encode()
    path = f"{purge_function.url}/{purge_function.topic}"

    def deliver(_: int) -> int:
        response = requests.post(
            path, data=push, timeout=120, headers={"Content-Type": "application/json"}
        )
        return response.status_code

    with ThreadPoolExecutor(max_workers=4) as pool:
        statuses = list(pool.map(deliver, range(4)))

    assert statuses == [200, 200, 200, 200]
    old = [p for p in plan if p.old]
    deletes = [r.path.rsplit("/", 1)[-1] for r in twilio.requests if r.method == "DELETE"]
    assert sorted(deletes) == sorted(f"{p.recording_sid}.json" for p in old)  # each once
    assert purged_call_sids(repos) == {p.call_sid for p in old}


def test_already_deleted_at_twilio_or_in_storage_counts_as_done(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    old_stored = [p for p in plan if p.old and p.storage_uri]
    gone_at_twilio, gone_in_storage = old_stored[0], old_stored[1]
    requests.delete(  # someone deleted it in the Twilio console
        f"{twilio.base_url}/2010-04-01/Accounts/{twilio.account_sid}/Recordings/"
        f"{gone_at_twilio.recording_sid}.json",
        auth=(twilio.account_sid, twilio.auth_token),
        timeout=10,
    ).raise_for_status()
    assert gone_in_storage.storage_uri is not None
    bucket.blob(gone_in_storage.storage_uri.split("/", 3)[3]).delete()

    purge_function.run()

    assert {gone_at_twilio.call_sid, gone_in_storage.call_sid} <= purged_call_sids(repos)
    assert purged_call_sids(repos) == {p.call_sid for p in plan if p.old}


def test_an_injected_twilio_failure_is_retried_on_the_next_run(
    repos: Repositories,
    twilio: TwilioStandin,
    twilio_faults: TwilioFaults,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    victim = next(p for p in plan if p.old and p.storage_uri)
    twilio_faults.fail_next_delete(victim.recording_sid)

    purge_function.run()
    assert twilio_faults.injected == [victim.recording_sid]
    assert purged_call_sids(repos) == {p.call_sid for p in plan if p.old} - {victim.call_sid}
    assert victim.recording_sid in twilio.recordings and victim.storage_uri in _objects(bucket)

    purge_function.run()
    assert victim.call_sid in purged_call_sids(repos)
    assert victim.recording_sid not in twilio.recordings
    assert victim.storage_uri not in _objects(bucket)


def _cloud_event(published: datetime) -> tuple[dict[str, str], bytes]:
    message = {
        "data": base64.b64encode(json.dumps({"source": "scheduler"}).encode()).decode(),
        "messageId": "42",
        "publishTime": published.isoformat(),
    }
    event = CloudEvent(
        {
            "type": "google.cloud.pubsub.topic.v1.messagePublished",
            "source": "//pubsub.googleapis.com/projects/demo/topics/recording-retention",
            "id": "42",
            "time": published.isoformat(),
        },
        {"message": message},
    )
    headers, body = to_binary(event)
    return dict(headers), body


def test_an_event_older_than_its_retry_window_is_dropped(
    repos: Repositories,
    twilio: TwilioStandin,
    bucket: Any,
    parallel_upload: Any,
    purge_function: PurgeFunction,
) -> None:
    plan = _seed(repos, twilio, bucket, parallel_upload)
    headers, body = _cloud_event(SYSTEM_CLOCK.now() - timedelta(hours=2))
    stale = requests.post(purge_function.url + "/", data=body, headers=headers, timeout=60)
    assert stale.status_code == 200  # acknowledged, so Pub/Sub stops retrying it
    assert _deletes(twilio) == 0 and purged_call_sids(repos) == set()

    headers, body = _cloud_event(SYSTEM_CLOCK.now() - timedelta(minutes=5))
    fresh = requests.post(purge_function.url + "/", data=body, headers=headers, timeout=60)
    assert fresh.status_code == 200
    assert purged_call_sids(repos) == {p.call_sid for p in plan if p.old}
