"""The port every channel (phone call, WhatsApp) uses to talk to Leah.

Contract:
- The channel stores the caller's message (``MessageRepository.append``) *before* calling
  ``respond`` and stores Leah's reply *after* it (on the phone, cut to what the caller heard).
- ``respond`` streams Leah's reply as text pieces (clauses), so voice can start speaking early.
- Side effects (saving lead details, booking, status moves) happen inside the brain.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable

if TYPE_CHECKING:  # the context's parts: named here, loaded by the brain
    from agentlocator.agent.lead_sync import LeadWriter
    from agentlocator.agent.state import DialogueState
    from agentlocator.calendar.finder import SlotFinder
    from agentlocator.crm.models import Business, Lead

Channel = Literal["voice", "whatsapp"]


@dataclass(frozen=True)
class ConversationRef:
    business_id: str
    lead_phone: str  # E.164, the lead's document id
    channel: Channel
    call_sid: str | None = None


class LeahBrain(Protocol):
    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        """The first line Leah says (voice) or sends (first WhatsApp contact) at ``now``."""
        ...

    def respond(self, ref: ConversationRef, caller_text: str, now: datetime) -> AsyncIterator[str]:
        """Leah's reply to ``caller_text`` at ``now``, streamed as clauses.

        ``now`` comes from the channel's injected clock: the brain never reads the wall clock, so
        greetings, memory and scheduling decide the same way on any date."""
        ...


@dataclass
class TurnContext:
    """Everything one turn needs, loaded once from Firestore by the brain and handed to the
    LLM responder and its tools."""

    ref: ConversationRef
    business: Business
    lead: Lead
    state: DialogueState
    finder: SlotFinder
    writer: LeadWriter
    system_prompt: str
    now: datetime


class LlmResponder(Protocol):
    def stream_reply(
        self, context: TurnContext, caller_text: str, commit: asyncio.Event | None = None
    ) -> AsyncIterator[str]:
        """Leah's reply from the model as clauses; side effects go through the tools, which
        wait for ``commit`` when one is given (a speculative turn)."""
        ...


@runtime_checkable
class SplitGreeting(Protocol):
    """A brain that can say the caller's part of the greeting apart from the opening (the phone
    plays the business's opening from the stream parameters before any Firestore read)."""

    async def greeting_follow_up(self, ref: ConversationRef, now: datetime) -> str:
        """What follows ``agentlocator.agent.greeting_text.opening`` for this caller ("" if
        nothing)."""
        ...


@runtime_checkable
class SpeculativeBrain(Protocol):
    """A brain that can start answering before the caller's turn is confirmed (the phone starts
    on the interim transcript while the recognizer finalizes it)."""

    def respond_speculatively(
        self, ref: ConversationRef, caller_text: str, commit: asyncio.Event, now: datetime
    ) -> AsyncIterator[str]:
        """``respond`` that streams clauses at once but changes nothing (tools, CRM writes,
        saved state) until ``commit`` is set; closing it before then leaves no trace."""
        ...
