"""The WhatsApp conversation service: store what arrived, have Leah answer, send it once.

``receive`` runs in the webhook (fast: a few Firestore writes and one task); ``deliver_reply``
runs in the Cloud Tasks target. Both transports go through the same two methods.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from agentlocator.agent.port import ConversationRef, LeahBrain
from agentlocator.clock import Clock
from agentlocator.crm.models import Message
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.tasks.queue import TaskQueue, task_id_for
from agentlocator.whatsapp import texts_he
from agentlocator.whatsapp.inbound import InboundMessage, Transport
from agentlocator.whatsapp.jobs import ReplyJob
from agentlocator.whatsapp.ledger import ReplyLedger
from agentlocator.whatsapp.reply_jobs import ReplyJobStore, caller_words, task_body
from agentlocator.whatsapp.transports import WhatsAppTransport
from agentlocator.whatsapp.turn_lock import LeadTurnLock
from agentlocator.whatsapp.window import plan_send

DeliveryOutcome = Literal["sent", "already_sent", "in_progress"]
REPLY_SUFFIX = "-reply"
# How far back to look for the lead's latest WhatsApp message (the 24-hour window's start).
_WINDOW_LOOKBACK = 30


@dataclass(frozen=True)
class Received:
    business_id: str
    lead_id: str
    message_id: str
    duplicate: bool  # this delivery was a retry of a message already stored
    enqueued: bool  # False when the queue already held this reply's task


class WhatsAppConversations:
    def __init__(
        self,
        repos: Repositories,
        brain: LeahBrain,
        queue: TaskQueue,
        ledger: ReplyLedger,
        turns: LeadTurnLock,
        jobs: ReplyJobStore,
        transports: Mapping[Transport, WhatsAppTransport],
        *,
        template_content_sid: str | None = None,
        reply_lease: timedelta = timedelta(minutes=2),
        clock: Clock,
    ) -> None:
        self._repos = repos
        self._brain = brain
        self._queue = queue
        self._ledger = ledger
        self._turns = turns
        self._jobs = jobs
        self._transports = dict(transports)
        self._template_content_sid = template_content_sid
        self._reply_lease = reply_lease
        self._clock = clock

    def receive(self, inbound: InboundMessage) -> Received:
        """Store the message once and queue Leah's reply.

        The task is queued on every delivery, duplicates included: if an earlier delivery died
        between storing and queueing, the retry still gets the lead an answer. The task name
        (from the message id) stops real Cloud Tasks from queueing it twice, and the reply
        ledger makes a second run a no-op anywhere."""
        business = self._repos.businesses.business_for_number(inbound.to_number, "whatsapp")
        lead, _ = self._repos.leads.upsert(
            business.id, inbound.from_phone, source="whatsapp", now=inbound.received_at
        )
        stored, created = self._repos.messages.append(
            Message(
                business_id=business.id,
                lead_id=lead.id,
                channel="whatsapp",
                role="caller",
                text=inbound.text,
                external_id=inbound.external_id,
                media=[item.to_record() for item in inbound.media],
                created_at=inbound.received_at,
            )
        )
        job = ReplyJob(
            business_id=business.id,
            lead_phone=lead.id,
            inbound_id=inbound.external_id,
            transport=inbound.transport,
            business_number=inbound.to_number,
            caller_text=caller_words(stored),
            received_at=stored.created_at,
        )
        # The task carries only the job's id: the send task reads everything else back.
        job_id = task_id_for(f"wa-{business.id}-{inbound.external_id}")
        self._jobs.put(job_id, job, self._clock.now())
        enqueued = self._queue.enqueue(job_id, task_body(job_id))
        return Received(
            business_id=business.id,
            lead_id=lead.id,
            message_id=stored.id or inbound.external_id,
            duplicate=not created,
            enqueued=enqueued,
        )

    def deliver_task(self, job_id: str) -> DeliveryOutcome:
        """Deliver the reply a task refers to (the job the inbound webhook stored)."""
        return self.deliver_reply(self._jobs.load(job_id))

    def deliver_reply(self, job: ReplyJob) -> DeliveryOutcome:
        """Have Leah answer ``job``'s message and send the answer, at most once per message."""
        transport = self._transports.get(job.transport)
        if transport is None:
            raise NotFound(f"transport {job.transport}")
        if not self._turns.acquire(
            job.business_id, job.lead_phone, job.inbound_id, self._clock.now(), self._reply_lease
        ):
            return "in_progress"  # Leah is answering this lead's previous message
        try:
            return self._deliver_claimed(job, transport)
        finally:
            self._turns.release(job.business_id, job.lead_phone, job.inbound_id)

    def _deliver_claimed(self, job: ReplyJob, transport: WhatsAppTransport) -> DeliveryOutcome:
        claim = self._ledger.claim(
            job.business_id, job.inbound_id, job.lead_phone, self._clock.now(), self._reply_lease
        )
        if not claim.won:
            return "already_sent" if claim.state == "sent" else "in_progress"
        try:
            self._answer(job, transport, claim.reply_text, claim.reply_message_id)
        except Exception:
            self._ledger.release(job.business_id, job.inbound_id)
            raise
        return "sent"

    def _answer(
        self,
        job: ReplyJob,
        transport: WhatsAppTransport,
        text: str | None,
        reply_id: str | None,
    ) -> None:
        business = self._repos.businesses.get(job.business_id)
        recent = self._repos.messages.list_recent(
            job.business_id, job.lead_phone, limit=_WINDOW_LOOKBACK
        )
        if text is None or reply_id is None:
            text = asyncio.run(self._leah_reply(job, first_contact=_first_contact(recent, job)))
            reply, _ = self._repos.messages.append(
                Message(
                    business_id=job.business_id,
                    lead_id=job.lead_phone,
                    channel="whatsapp",
                    role="leah",
                    text=text,
                    external_id=job.inbound_id + REPLY_SUFFIX,
                    created_at=self._clock.now(),
                )
            )
            text, reply_id = reply.text, reply.id or job.inbound_id + REPLY_SUFFIX
            self._ledger.record_reply(job.business_id, job.inbound_id, text, reply_id)
        now = self._clock.now()
        plan = plan_send(
            text,
            last_inbound_at=_last_inbound_at(recent, job),
            now=now,
            enforces_window=transport.enforces_window,
            template_content_sid=self._template_content_sid,
            template_variables={"1": business.name},
        )
        receipt = transport.send(job.business_number, job.lead_phone, plan)
        self._ledger.record_sent(
            job.business_id,
            job.inbound_id,
            job.lead_phone,
            reply_id,
            {
                "transport": receipt.transport,
                "provider_id": receipt.provider_id,
                "mode": receipt.mode,
                "sent_at": now,
            },
        )

    async def _leah_reply(self, job: ReplyJob, *, first_contact: bool) -> str:
        ref = ConversationRef(
            business_id=job.business_id, lead_phone=job.lead_phone, channel="whatsapp"
        )
        now = self._clock.now()  # one moment for the greeting and the answer
        parts: list[str] = []
        if first_contact:
            parts.append(await self._brain.greeting(ref, now))
        clauses = [c async for c in self._brain.respond(ref, job.caller_text, now)]
        answer = " ".join(c.strip() for c in clauses if c.strip())
        if answer:
            parts.append(answer)
        return "\n".join(p for p in parts if p) or texts_he.EMPTY_REPLY_FALLBACK


def _first_contact(recent: list[Message], job: ReplyJob) -> bool:
    """No earlier WhatsApp message from Leah to this lead: greet before answering."""
    return not any(
        m.channel == "whatsapp" and m.role == "leah" and m.id != job.inbound_id + REPLY_SUFFIX
        for m in recent
    )


def _last_inbound_at(recent: list[Message], job: ReplyJob) -> datetime:
    times = [m.created_at for m in recent if m.channel == "whatsapp" and m.role == "caller"]
    return max([job.received_at, *times])
