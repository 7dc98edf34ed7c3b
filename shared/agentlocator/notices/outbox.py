"""Queue notices as Cloud Tasks (the emulator locally), to ``notice_task``.

Queued, a notice outlives the instance that queued it: Cloud Tasks delivers it (at least once;
the ledger sends it once) even if the media service or function dies right after. The task's
name is its ledger key, so queueing the same notice twice is one task on Cloud Tasks.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from agentlocator.config import Settings
from agentlocator.notices.jobs import NoticeJob
from agentlocator.tasks.oidc import TaskTokenVerifier
from agentlocator.tasks.queue import HttpTaskQueue, TaskQueue, cloud_tasks_client, task_id_for


class NoticeOutbox:
    """``queue`` may be a factory: the Tasks client is then built on the first notice (on the
    enqueue thread), not while an instance starts (a cold start stays as short as before)."""

    def __init__(self, queue: TaskQueue | Callable[[], TaskQueue]) -> None:
        self._queue: TaskQueue | None = None if callable(queue) else queue
        self._make = queue if callable(queue) else None
        self._lock = threading.Lock()

    def _ready(self) -> TaskQueue:
        with self._lock:
            if self._queue is None:
                assert self._make is not None
                self._queue = self._make()
            return self._queue

    def enqueue(self, job: NoticeJob) -> bool:
        """Queue ``job``; False when a task of that name already exists (Cloud Tasks)."""
        return self._ready().enqueue(task_id_for(job.key), job.to_payload())


def notice_queue(settings: Settings) -> HttpTaskQueue:
    queue = HttpTaskQueue(
        cloud_tasks_client(settings),
        project=settings.gcp_project,
        location=settings.tasks_location,
        queue=settings.notices_queue,
        target_url=settings.notice_task_target,
        service_account=settings.whatsapp_tasks_service_account,
    )
    if settings.cloud_tasks_emulator_host:
        queue.ensure_queue()  # terraform creates the real queue; the emulator starts empty
    return queue


def sends_notices(settings: Settings) -> bool:
    """Outside production only a Twilio stand-in receives messages: local runs text nobody."""
    return settings.environment == "production" or bool(settings.twilio_api_base)


def notice_outbox(settings: Settings) -> NoticeOutbox | None:
    """The outbox wherever a queue exists (production, or the Tasks emulator) and a message
    could be sent; None elsewhere (callers then send in-process, or not at all)."""
    if not sends_notices(settings):
        return None
    if settings.environment != "production" and not settings.cloud_tasks_emulator_host:
        return None
    return NoticeOutbox(lambda: notice_queue(settings))


def notice_token_verifier(settings: Settings) -> TaskTokenVerifier | None:
    """Checks the OIDC token Cloud Tasks signs for the tasks account (None: no account, the
    emulator signs nothing; ``require_deployable`` refuses that in production)."""
    if not settings.whatsapp_tasks_service_account:
        return None
    return TaskTokenVerifier(
        audience=settings.notice_task_target,
        service_account=settings.whatsapp_tasks_service_account,
        certs_url=settings.tasks_oidc_certs_url,
    )
