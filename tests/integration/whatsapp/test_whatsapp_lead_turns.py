"""A burst of messages from one lead: reply tasks that run in parallel take Leah's turns one at a
time, so no message's details are lost to a parallel turn."""

from __future__ import annotations

import asyncio
import threading
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

import pytest
from whatsapp_harness import whatsapp_harness

from agentlocator.agent.port import ConversationRef
from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.whatsapp.jobs import ReplyJob

pytestmark = pytest.mark.emulators
LEAD = "+972509876543"


class OverlapProbeBrain:
    """Implements LeahBrain; counts how many of its turns run at the same moment."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._active = 0
        self.max_active = 0
        self.heard: list[str] = []

    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        return "שלום"

    async def respond(
        self, ref: ConversationRef, caller_text: str, now: datetime
    ) -> AsyncIterator[str]:
        with self._lock:
            self._active += 1
            self.max_active = max(self.max_active, self._active)
        await asyncio.sleep(0.5)  # long enough that parallel turns would overlap
        with self._lock:
            self._active -= 1
            self.heard.append(caller_text)
        yield "קיבלתי."


def test_parallel_reply_tasks_for_one_lead_take_turns(
    settings: Settings, repos: Repositories, demo_business: Business
) -> None:
    brain = OverlapProbeBrain()
    repos.leads.upsert(demo_business.id, LEAD, source="whatsapp")
    jobs = [
        ReplyJob(
            business_id=demo_business.id,
            lead_phone=LEAD,
            inbound_id="SM" + uuid.uuid4().hex,
            transport="baileys",
            business_number=DEMO_TWILIO_NUMBER,
            caller_text=text,
            received_at=SYSTEM_CLOCK.now(),
        )
        for text in ("4 חדרים", "עד 3 מיליון")
    ]
    with whatsapp_harness(settings, repos, brain) as harness:
        service = harness.components.conversations
        with ThreadPoolExecutor(max_workers=2) as pool:
            first_round = list(pool.map(service.deliver_reply, jobs))
        assert sorted(first_round) == ["in_progress", "sent"]  # the second waits its turn
        waiting = jobs[first_round.index("in_progress")]
        assert service.deliver_reply(waiting) == "sent"  # Cloud Tasks' retry
        assert len(harness.bridge.sent) == 2
    assert brain.max_active == 1
    assert sorted(brain.heard) == sorted(job.caller_text for job in jobs)
