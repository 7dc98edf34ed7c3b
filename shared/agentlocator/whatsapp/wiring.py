"""Build the WhatsApp channel once per instance from Settings and the repositories."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from agentlocator.agent.port import LeahBrain
from agentlocator.clock import Clock
from agentlocator.config import Settings, require_deployable
from agentlocator.crm.repositories import Repositories
from agentlocator.tasks.oidc import TaskTokenVerifier
from agentlocator.tasks.queue import HttpTaskQueue, TaskQueue, cloud_tasks_client
from agentlocator.twilio_rest.client import make_twilio_client
from agentlocator.whatsapp.inbound import Transport
from agentlocator.whatsapp.ledger import ReplyLedger
from agentlocator.whatsapp.reply_jobs import ReplyJobStore
from agentlocator.whatsapp.service import WhatsAppConversations
from agentlocator.whatsapp.transports import BaileysWhatsApp, TwilioWhatsApp, WhatsAppTransport
from agentlocator.whatsapp.turn_lock import LeadTurnLock


@dataclass(frozen=True)
class WhatsAppComponents:
    settings: Settings
    conversations: WhatsAppConversations
    clock: Clock
    # None only in local/test without a tasks account (the Tasks emulator signs nothing).
    task_tokens: TaskTokenVerifier | None = None


def task_token_verifier(settings: Settings) -> TaskTokenVerifier | None:
    if not settings.whatsapp_tasks_service_account:
        return None
    return TaskTokenVerifier(
        audience=settings.whatsapp_send_task_target,
        service_account=settings.whatsapp_tasks_service_account,
        certs_url=settings.tasks_oidc_certs_url,
    )


def reply_queue(settings: Settings) -> HttpTaskQueue:
    queue = HttpTaskQueue(
        cloud_tasks_client(settings),
        project=settings.gcp_project,
        location=settings.tasks_location,
        queue=settings.whatsapp_queue,
        target_url=settings.whatsapp_send_task_target,
        service_account=settings.whatsapp_tasks_service_account,
    )
    if settings.cloud_tasks_emulator_host:
        queue.ensure_queue()  # terraform creates the real queue; the emulator starts empty
    return queue


def transports_for(settings: Settings, clock: Clock) -> dict[Transport, WhatsAppTransport]:
    twilio = make_twilio_client(
        settings.twilio_account_sid, settings.twilio_auth_token, settings.twilio_api_base
    )
    return {
        "twilio": TwilioWhatsApp(twilio),
        "baileys": BaileysWhatsApp(
            settings.baileys_bridge_url,
            settings.baileys_shared_secret,
            clock,
            settings.baileys_timeout_seconds,
        ),
    }


def build_components(
    settings: Settings,
    repos: Repositories,
    *,
    brain: LeahBrain | None = None,
    queue: TaskQueue | None = None,
    clock: Clock,
) -> WhatsAppComponents:
    require_deployable(settings)
    if brain is None:
        from agentlocator.agent.factory import build_brain  # Leah's own wiring

        brain = build_brain(repos, settings)
    conversations = WhatsAppConversations(
        repos,
        brain,
        queue or reply_queue(settings),
        ReplyLedger(repos.client),
        LeadTurnLock(repos.client),
        ReplyJobStore(repos.client, repos.messages),
        transports_for(settings, clock),
        template_content_sid=settings.whatsapp_template_content_sid,
        reply_lease=timedelta(seconds=settings.whatsapp_reply_lease_seconds),
        clock=clock,
    )
    return WhatsAppComponents(settings, conversations, clock, task_token_verifier(settings))
