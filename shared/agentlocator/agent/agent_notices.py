"""Tell the lead's agent at once when Leah books a meeting, takes a callback request, or the
lead turns hot; and the agent and the lead when Leah moves or cancels a meeting.

``LeadWriter`` reports each event as it applies a turn's actions. Where a queue exists
(production, or the Tasks emulator) ``QueuedAgentNotices`` turns it into a Cloud Task
(``notice_task`` sends it): the notice then survives the instance dying. The enqueue (one
gRPC call) runs on a small pool, off the caller's turn. Elsewhere (a local run without the
Tasks emulator) ``BackgroundAgentNotices`` sends in-process on a daemon thread. Either way a
failure is logged, never raised into the turn, and the ledger sends each notice once.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor, wait

from agentlocator.agent.lead_sync import LeadEvent
from agentlocator.crm.models import Lead
from agentlocator.crm.repositories import Repositories
from agentlocator.notices.delivery import NoticeDelivery, lead_event_text
from agentlocator.notices.jobs import NoticeJob
from agentlocator.notices.outbox import NoticeOutbox
from agentlocator.telephony.notify import AgentNotifier

log = logging.getLogger(__name__)
_MEETING_CHANGES = frozenset({"moved", "cancelled"})


def event_notice(event: LeadEvent, lead: Lead, timezone: str) -> str:
    return lead_event_text(event.kind, lead, event.at, event.reason, timezone)


def job_for_event(event: LeadEvent) -> NoticeJob:
    if event.kind in _MEETING_CHANGES:
        return NoticeJob(
            kind="meeting-change",
            key=event.key,
            business_id=event.business_id,
            event=event.kind,
            appointment_id=event.appointment_id,
            version=event.version,
            previous_start=event.previous_start,
        )
    return NoticeJob(
        kind="lead-event",
        key=event.key,
        business_id=event.business_id,
        event=event.kind,
        phone=event.phone,
        at=event.at,
        reason=event.reason,
    )


class QueuedAgentNotices:
    """A ``LeadEventSink`` that queues each event as a Cloud Task, off the turn."""

    def __init__(self, outbox: NoticeOutbox, workers: int = 2) -> None:
        self._outbox = outbox
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="notice-enqueue")
        self._pending: set[Future[None]] = set()
        self._lock = threading.Lock()

    def __call__(self, event: LeadEvent) -> None:
        future = self._pool.submit(self._enqueue, event)
        with self._lock:
            self._pending.add(future)
        future.add_done_callback(self._done)

    def _done(self, future: Future[None]) -> None:
        with self._lock:
            self._pending.discard(future)

    def _enqueue(self, event: LeadEvent) -> None:
        try:
            self._outbox.enqueue(job_for_event(event))
        except Exception:  # a notice never fails a turn; the call summary still tells
            log.exception("agent notice %s not queued", event.key)

    def join(self, timeout: float) -> None:
        """Wait for the enqueues started so far (tests, and a graceful shutdown)."""
        with self._lock:
            pending = list(self._pending)
        wait(pending, timeout=timeout)


class BackgroundAgentNotices:
    """A ``LeadEventSink`` that sends on a daemon thread per event (no queue here)."""

    def __init__(
        self, repos: Repositories, notifier: AgentNotifier, delivery: NoticeDelivery | None = None
    ) -> None:
        # no lease: in-process there is no retry to take a stale claim over
        self._delivery = delivery or NoticeDelivery(repos, notifier, lease=None)
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def __call__(self, event: LeadEvent) -> None:
        thread = threading.Thread(target=self._send, args=(event,), daemon=True)
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()

    def _send(self, event: LeadEvent) -> None:
        try:
            self._delivery.deliver(job_for_event(event))
        except Exception:
            log.exception("agent notice %s not sent", event.key)

    def join(self, timeout: float) -> None:
        """Wait for the sends started so far (tests, and a graceful shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)
