"""The Cloud Tasks adapter against the emulator, through the real SDK over an insecure channel."""

from __future__ import annotations

import json
import uuid

import pytest

from agentlocator.config import Settings
from agentlocator.tasks.queue import HttpTaskQueue, cloud_tasks_client, task_id_for

pytestmark = pytest.mark.emulators


def test_enqueue_creates_a_named_http_task_with_the_json_body(settings: Settings) -> None:
    client = cloud_tasks_client(settings)
    queue = HttpTaskQueue(
        client,
        project=settings.gcp_project,
        location=settings.tasks_location,
        queue=f"wa-adapter-{uuid.uuid4().hex[:8]}",
        target_url="http://127.0.0.1:9/whatsapp_send_task/",
        service_account="tasks@demo-agentlocator.iam.gserviceaccount.com",
    )
    queue.ensure_queue()
    queue.ensure_queue()  # idempotent
    client.pause_queue(name=queue.queue_path)  # keep the task in the queue to look at it

    task_id = task_id_for("wa-demo-SM" + "d" * 32)
    assert queue.enqueue(task_id, {"inbound_id": "SM" + "d" * 32, "caller_text": "שלום"})

    [task] = list(client.list_tasks(parent=queue.queue_path))
    assert task.name == f"{queue.queue_path}/tasks/{task_id}"
    assert task.http_request.url == "http://127.0.0.1:9/whatsapp_send_task/"
    assert json.loads(task.http_request.body) == {
        "inbound_id": "SM" + "d" * 32,
        "caller_text": "שלום",
    }
    assert task.http_request.headers["Content-Type"] == "application/json"
    assert task.http_request.oidc_token.service_account_email.startswith("tasks@")
    client.delete_queue(name=queue.queue_path)
