"""Build the meeting notices from Settings (functions and the media service share this)."""

from __future__ import annotations

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.meetings.notices import MeetingNotices
from agentlocator.tasks.oidc import TaskTokenVerifier
from agentlocator.tasks.queue import HttpTaskQueue, cloud_tasks_client
from agentlocator.telephony.notify import twilio_sender

REMINDER_TARGET = "/meeting_reminder_task/"


def reminder_target(settings: Settings) -> str:
    return settings.public_base_url.rstrip("/") + REMINDER_TARGET


def reminder_token_verifier(settings: Settings) -> TaskTokenVerifier | None:
    """The OIDC check of ``meeting_reminder_task`` (None: no tasks account, local runs)."""
    if not settings.whatsapp_tasks_service_account:
        return None
    return TaskTokenVerifier(
        audience=reminder_target(settings),
        service_account=settings.whatsapp_tasks_service_account,
        certs_url=settings.tasks_oidc_certs_url,
    )


def reminder_queue(settings: Settings) -> HttpTaskQueue:
    queue = HttpTaskQueue(
        cloud_tasks_client(settings),
        project=settings.gcp_project,
        location=settings.tasks_location,
        queue=settings.meetings_queue,
        target_url=reminder_target(settings),
        service_account=settings.whatsapp_tasks_service_account,
    )
    if settings.cloud_tasks_emulator_host:
        queue.ensure_queue()  # terraform creates the real queue; the emulator starts empty
    return queue


def meeting_notices(
    repos: Repositories, settings: Settings, clock: Clock = SYSTEM_CLOCK
) -> MeetingNotices | None:
    """None where no text could be sent (outside production only a Twilio stand-in receives)."""
    if settings.environment != "production" and not settings.twilio_api_base:
        return None
    queue = (
        reminder_queue(settings)
        if settings.cloud_tasks_emulator_host or (settings.environment == "production")
        else None
    )
    return MeetingNotices(
        repos,
        twilio_sender(settings),
        queue,
        settings.public_base_url,
        settings.stream_token_secret,
        clock,
    )
