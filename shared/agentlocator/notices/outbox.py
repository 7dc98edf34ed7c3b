"""Queue notices as Cloud Tasks (the emulator locally), to ``notice_task``.

Queued, a notice outlives the instance that queued it: Cloud Tasks delivers it (at least once;
the ledger sends it once) even if the media service or function dies right after. The task's
name is its ledger key, so queueing the same notice twice is one task on Cloud Tasks.
"""

from __future__ import annotations

from agentlocator.config import Settings
from agentlocator.notices.jobs import NoticeJob
from agentlocator.tasks.oidc import TaskTokenVerifier
from agentlocator.tasks.queue import HttpTaskQueue, TaskQueue, cloud_tasks_client, task_id_for


class NoticeOutbox:
    def __init__(self, queue: TaskQueue) -> None:
        self._queue = queue

    def enqueue(self, job: NoticeJob) -> bool:
        """Queue ``job``; False when a task of that name already exists (Cloud Tasks)."""
        return self._queue.enqueue(task_id_for(job.key), job.to_payload())


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
    return NoticeOutbox(notice_queue(settings))


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
