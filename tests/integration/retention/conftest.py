"""The purge as deployed: the Pub/Sub emulator pushes to ``purge_recordings`` served by
functions-framework on a local port, which talks to the Firestore and Storage emulators and,
through a fault-injecting proxy, to the Twilio REST stand-in. Configured through the
environment exactly as in production."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import functions_framework
import pytest
import runtime
from google.cloud.pubsub import PublisherClient, SubscriberClient

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.devstack.wsgi import serve_wsgi
from tests.integration.retention.purge_harness import DeliveryLog, TwilioFaults

SOURCE = str(Path(__file__).resolve().parents[3] / "functions" / "retention.py")


@pytest.fixture
def twilio(settings: Settings) -> Iterator[TwilioStandin]:
    with TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token) as standin:
        yield standin


@pytest.fixture
def twilio_faults(twilio: TwilioStandin) -> Iterator[TwilioFaults]:
    with TwilioFaults(twilio.base_url) as faults:
        yield faults


@pytest.fixture
def bucket(settings: Settings) -> Iterator[Any]:
    """A fresh bucket per test, emptied afterwards: the session's Storage emulator rewrites
    its whole metadata file on every write, so leftovers would slow every later test.

    Soft delete is off, as the recordings bucket must be in production: with the default
    7-day soft delete a purged recording could still be restored for a week."""
    client = make_storage_client(settings)
    created = client.create_bucket(f"recordings-{uuid.uuid4().hex[:12]}")
    created.soft_delete_policy.retention_duration_seconds = 0
    created.patch()
    yield created
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda blob: blob.delete(), list(created.list_blobs())))
    created.delete()


@pytest.fixture
def parallel_upload() -> Callable[[Callable[[Any], None], list[Any]], None]:
    def upload(put: Callable[[Any], None], items: list[Any]) -> None:
        with ThreadPoolExecutor(max_workers=8) as pool:
            list(pool.map(put, items))

    return upload


@dataclass
class PurgeFunction:
    """``purge_recordings`` served over HTTP, and a topic whose push subscription feeds it."""

    url: str
    deliveries: DeliveryLog
    topic: str
    publisher: PublisherClient

    def publish(self, body: bytes = b'{"source": "scheduler"}', **attributes: str) -> str:
        message_id: str = self.publisher.publish(self.topic, body, **attributes).result(30)
        return message_id

    def run(self, timeout: float = 240.0, **attributes: str) -> None:
        """Publish one scheduler message and wait until its push delivery has been answered."""
        before = len(self.deliveries.deliveries)
        self.publish(b'{"source": "scheduler"}', **attributes)
        delivered = self.deliveries.wait_for(before + 1, timeout)
        assert delivered[before].status.startswith("200"), delivered[before]


@pytest.fixture
def purge_function(
    settings: Settings,
    twilio_faults: TwilioFaults,
    pubsub_emulator_host: str,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[PurgeFunction]:
    monkeypatch.setenv("TWILIO_API_BASE", twilio_faults.base_url)
    runtime.settings.cache_clear()
    runtime.repos.cache_clear()
    # create_app executes functions/retention.py afresh: its per-instance service is new too.
    app = DeliveryLog(functions_framework.create_app("purge_recordings", SOURCE, "cloudevent"))  # type: ignore[no-untyped-call]
    with serve_wsgi(app) as url:
        project = settings.gcp_project
        name = f"recording-retention-{uuid.uuid4().hex[:8]}"
        publisher = PublisherClient()
        subscriber = SubscriberClient()
        topic = publisher.topic_path(project, name)
        subscription = subscriber.subscription_path(project, f"{name}-push")
        publisher.create_topic(name=topic)
        # The path carries the topic, as Eventarc's does: functions-framework reads the source.
        subscriber.create_subscription(
            request={
                "name": subscription,
                "topic": topic,
                "push_config": {"push_endpoint": f"{url}/{topic}"},
                "ack_deadline_seconds": 600,
            }
        )
        try:
            yield PurgeFunction(url=url, deliveries=app, topic=topic, publisher=publisher)
        finally:
            subscriber.delete_subscription(subscription=subscription)
            publisher.delete_topic(topic=topic)
            runtime.settings.cache_clear()
            runtime.repos.cache_clear()
