"""An HTTP-task queue over Cloud Tasks, and the client that talks to the emulator locally.

The emulator has no environment variable the SDK reads: with ``cloud_tasks_emulator_host`` set we
hand the SDK an insecure gRPC channel to it. Task names are idempotency keys on the real
service (a second create with the same name is ``AlreadyExists``); the emulator accepts
duplicates, so handlers must be idempotent themselves.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol

import grpc
from google.api_core.exceptions import AlreadyExists, NotFound
from google.cloud import tasks_v2
from google.cloud.tasks_v2.services.cloud_tasks.transports import CloudTasksGrpcTransport

from agentlocator.config import Settings

_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
MAX_TASK_ID = 500


class TaskQueue(Protocol):
    def enqueue(self, task_id: str, payload: Mapping[str, Any]) -> bool:
        """Create a task named ``task_id`` with a JSON body; False when that name exists."""
        ...


def task_id_for(key: str) -> str:
    """A valid task id derived from a natural key. A hash prefix spreads ids over the name space
    (Cloud Tasks slows down on sequential names); the key stays readable after it."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:12]
    return f"{digest}-{_UNSAFE.sub('_', key)}"[:MAX_TASK_ID]


def cloud_tasks_client(settings: Settings) -> tasks_v2.CloudTasksClient:
    if settings.cloud_tasks_emulator_host:
        channel = grpc.insecure_channel(settings.cloud_tasks_emulator_host)
        return tasks_v2.CloudTasksClient(transport=CloudTasksGrpcTransport(channel=channel))
    return tasks_v2.CloudTasksClient()


class HttpTaskQueue:
    """POSTs a JSON body to ``target_url``; in production with an OIDC token for the target."""

    def __init__(
        self,
        client: tasks_v2.CloudTasksClient,
        *,
        project: str,
        location: str,
        queue: str,
        target_url: str,
        service_account: str | None = None,
    ) -> None:
        self._client = client
        self._target_url = target_url
        self._service_account = service_account
        self.location_path = f"projects/{project}/locations/{location}"
        self.queue_path = f"{self.location_path}/queues/{queue}"

    def ensure_queue(self) -> None:
        """Create the queue if missing (emulator and local runs; terraform owns real queues)."""
        try:
            self._client.get_queue(name=self.queue_path)
        except NotFound:
            self._client.create_queue(
                parent=self.location_path, queue=tasks_v2.Queue(name=self.queue_path)
            )
        except Exception:  # the emulator answers a missing queue with a bare KeyError → UNKNOWN
            try:
                self._client.create_queue(
                    parent=self.location_path, queue=tasks_v2.Queue(name=self.queue_path)
                )
            except AlreadyExists:
                pass

    def enqueue(
        self, task_id: str, payload: Mapping[str, Any], schedule_at: datetime | None = None
    ) -> bool:
        """``schedule_at``: deliver no earlier than then (a reminder the day before)."""
        request = tasks_v2.HttpRequest(
            http_method=tasks_v2.HttpMethod.POST,
            url=self._target_url,
            headers={"Content-Type": "application/json"},
            body=json.dumps(dict(payload), ensure_ascii=False).encode(),
        )
        if self._service_account:
            request.oidc_token = tasks_v2.OidcToken(
                service_account_email=self._service_account, audience=self._target_url
            )
        task = tasks_v2.Task(name=f"{self.queue_path}/tasks/{task_id}", http_request=request)
        if schedule_at is not None:
            task.schedule_time = schedule_at
        try:
            self._client.create_task(parent=self.queue_path, task=task)
        except AlreadyExists:
            return False
        return True
