"""Leah's brain: the ``LeahBrain`` port wired to the CRM, the calendar, and either the OpenAI
model or the offline Hebrew engine (the default without a key, and the fallback on any LLM
error or timeout)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
from collections.abc import AsyncGenerator, AsyncIterator
from datetime import datetime, timedelta
from typing import Any

from agentlocator.agent import engine, greeting_text, replies_he
from agentlocator.agent.calendar_bridge import business_hours, finder_for
from agentlocator.agent.lead_sync import BookingFailed, LeadEventSink, LeadWriter
from agentlocator.agent.port import ConversationRef, LlmResponder, TurnContext
from agentlocator.agent.prompts import choose_prompt_text, render_prompt
from agentlocator.agent.state import BookedMeeting, DialogueState
from agentlocator.config import Settings
from agentlocator.crm.models import Lead
from agentlocator.crm.repositories import Repositories

log = logging.getLogger(__name__)
_CLAUSE_END = re.compile(r"(?<=[.!?])\s+")
# Time kept back from the LLM budget for the offline engine's own turn (~0.15 s measured on the
# emulator), so a fallback reply still starts within ``llm_timeout_seconds``.
OFFLINE_RESERVE_SECONDS = 0.3


def split_clauses(reply: str) -> list[str]:
    return [c for c in _CLAUSE_END.split(reply.strip()) if c]


class Brain:
    """Implements ``agentlocator.agent.port.LeahBrain``."""

    def __init__(
        self,
        repos: Repositories,
        settings: Settings,
        llm: LlmResponder | None = None,
        on_lead_event: LeadEventSink | None = None,
    ) -> None:
        self._repos = repos
        self._settings = settings
        self._llm = llm
        self._on_lead_event = on_lead_event  # the agent told at once of bookings and callbacks

    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        opening, follow_up = await asyncio.to_thread(self._greeting_parts, ref, now)
        return greeting_text.whole(opening, follow_up)

    async def greeting_follow_up(self, ref: ConversationRef, now: datetime) -> str:
        """The caller's part of the greeting (``agentlocator.agent.port.SplitGreeting``)."""
        _, follow_up = await asyncio.to_thread(self._greeting_parts, ref, now)
        return follow_up

    def _greeting_parts(self, ref: ConversationRef, now: datetime) -> tuple[str, str]:
        context = self._load(ref, now)
        custom = context.business.greeting
        start_local = None
        if context.state.meeting is not None:
            start_local = context.finder.local(context.state.meeting.start_at)
        return (
            greeting_text.opening(context.business.name, custom),
            greeting_text.follow_up(
                context.state, context.finder.local(context.now), start_local, custom
            ),
        )

    async def respond(
        self, ref: ConversationRef, caller_text: str, now: datetime
    ) -> AsyncIterator[str]:
        async with contextlib.aclosing(self._respond(ref, caller_text, now, None)) as clauses:
            async for clause in clauses:
                yield clause

    async def respond_speculatively(
        self, ref: ConversationRef, caller_text: str, commit: asyncio.Event, now: datetime
    ) -> AsyncIterator[str]:
        """``respond`` that changes nothing until ``commit`` is set: tool calls, the offline
        engine's writes and the saved dialogue state wait for it; a speculation dropped before
        it (the caller went on talking) leaves the CRM as it was. The clauses stream at once."""
        async with contextlib.aclosing(self._respond(ref, caller_text, now, commit)) as clauses:
            async for clause in clauses:
                yield clause

    async def _respond(
        self,
        ref: ConversationRef,
        caller_text: str,
        now: datetime,
        commit: asyncio.Event | None,
    ) -> AsyncGenerator[str, None]:
        moment = now
        context = await asyncio.to_thread(self._load, ref, moment)
        if self._llm is not None:
            stream = self._llm.stream_reply(context, caller_text, commit=commit)
            try:
                # The caller must hear something soon: no first clause in time → offline.
                budget = max(0.2, self._settings.llm_timeout_seconds - OFFLINE_RESERVE_SECONDS)
                first = await asyncio.wait_for(anext(stream), budget)
            except (Exception, asyncio.CancelledError) as exc:
                if isinstance(exc, asyncio.CancelledError) and _really_cancelled():
                    raise
                log.warning("LLM turn failed, using the offline engine: %r", exc)
                await _close_quietly(stream)
                context = await asyncio.to_thread(self._load, ref, now)
            else:
                yield first
                try:
                    async for clause in stream:
                        yield clause
                    for note in context.writer.reply_notes:  # e.g. "I sent you the agreement"
                        yield note
                except Exception as exc:  # mid-reply failure: keep what was said
                    log.warning("LLM stream broke after the first clause: %r", exc)
                finally:
                    if commit is None:
                        await asyncio.to_thread(self._save_state, context)
                if commit is not None:  # reached only when the stream ran to its end
                    await commit.wait()
                    await asyncio.to_thread(self._save_state, context)
                return
        if commit is not None:
            await commit.wait()  # the offline engine writes as it answers
        reply = await asyncio.to_thread(self._offline_turn, context, caller_text)
        for clause in split_clauses(reply):
            yield clause

    # --- loading and saving -------------------------------------------------------------

    def _load(self, ref: ConversationRef, now: datetime) -> TurnContext:
        business = self._repos.businesses.get(ref.business_id)
        lead, _ = self._repos.leads.upsert(business.id, ref.lead_phone, source=ref.channel)
        horizon = now + timedelta(days=60)
        appointments = self._repos.appointments.list_range(
            business.id, now - timedelta(hours=12), horizon
        )
        state = DialogueState.from_dict(lead.agent_state)
        _sync_state_with_crm(state, lead, [a for a in appointments if a.lead_id == lead.id], now)
        finder = finder_for(business, appointments, now)
        active = self._repos.prompts.get_active(business.id, ref.channel)
        prompt = render_prompt(
            choose_prompt_text(active.text if active else None, ref.channel),
            business.name,
            finder.local(now),
        )
        writer = LeadWriter(
            self._repos,
            business,
            business_hours(business),
            lead.phone,
            f"leah-{ref.channel}",
            self._on_lead_event,
        )
        return TurnContext(ref, business, lead, state, finder, writer, prompt, now)

    def _save_state(self, context: TurnContext) -> None:
        self._repos.leads.set_agent_state(
            context.business.id, context.lead.phone, context.state.to_dict()
        )

    def _offline_turn(self, context: TurnContext, caller_text: str) -> str:
        before = context.state
        try:
            turn = engine.respond(
                before, caller_text, context.now, context.finder, context.ref.channel
            )
        except Exception:  # a parsing bug must not drop the call: apologise, keep the state
            log.exception("offline engine failed on %r", caller_text)
            return replies_he.DIDNT_UNDERSTAND + " " + replies_he.ASK_AGAIN
        try:
            context.writer.apply(turn.actions, turn.state)
        except BookingFailed as exc:
            log.info("booking failed: %s", exc)
            turn.state.meeting = before.meeting
            turn = engine.booking_failed(
                turn.state, context.now, context.finder, context.ref.channel
            )
            context.writer.apply([a for a in turn.actions], turn.state)
        context.state = turn.state
        self._save_state(context)
        return " ".join([turn.reply, *context.writer.reply_notes])


def _really_cancelled() -> bool:
    task = asyncio.current_task()
    return task is not None and task.cancelling() > 0


async def _close_quietly(stream: AsyncIterator[str]) -> None:
    close = getattr(stream, "aclose", None)
    if close is None:
        return
    try:
        await close()
    except Exception as exc:  # the stream already failed; closing must not mask the fallback
        log.debug("closing the LLM stream: %r", exc)


def _sync_state_with_crm(
    state: DialogueState, lead: Lead, appointments: list[Any], now: datetime
) -> None:
    """Staff edits in the CRM win over what Leah remembers."""
    for key, value in lead.present().items():
        if key in ("name", "deal_type", "property_type", "rooms", "city", "budget", "timing"):
            state.lead[key] = value
    state.status = lead.status_id
    upcoming = [a for a in appointments if a.status == "scheduled" and a.end > now]
    if state.meeting is not None and not any(a.id == state.meeting.id for a in upcoming):
        state.meeting = None
    if state.meeting is None and upcoming:
        first = upcoming[0]
        state.meeting = BookedMeeting(
            first.id, first.start.isoformat(), first.end.isoformat(), first.agent_id
        )
