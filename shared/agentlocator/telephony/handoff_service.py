"""The voice webhooks of a handoff: what Twilio does when Leah's stream closed for a person
(``<Connect action>``) and when the agent's leg ended (``<Dial action>``).

Idempotent: the step taken is claimed on the call with a conditional update, so a repeated
delivery answers the same TwiML without ringing the agent twice or making a second task.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.crm.models import CALL_STATUS_RANK, Agent, Business, Call, Lead
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.tasks import TaskRepository
from agentlocator.errors import NotFound
from agentlocator.telephony import handoff_twiml, texts_he, twiml
from agentlocator.telephony.call_lifecycle import is_open_at
from agentlocator.telephony.call_summaries import facts_for_call
from agentlocator.telephony.call_summary import offline_summary
from agentlocator.telephony.handoff import (
    HandoffDecision,
    after_dial,
    conference_name,
    decide_handoff,
)
from agentlocator.telephony.notify import assigned_agent
from agentlocator.telephony.webhook_forms import HandoffForm

log = logging.getLogger(__name__)

TERMINAL = frozenset(
    s for s, rank in CALL_STATUS_RANK.items() if rank == max(CALL_STATUS_RANK.values())
)
# (to, from, twiml) → the agent leg's CallSid: a warm transfer rings the agent over REST
PlaceCall = Callable[[str, str, str], str]
# the call → TwiML that reconnects it to Leah (a new stream), for "back to Leah"
Reconnect = Callable[[Call], str]


@dataclass(frozen=True)
class HandoffUrls:
    handoff: str  # voice_handoff (the <Connect action>)
    dial_result: str  # voice_dial_result (the <Dial action>)
    recording_status: str


class HandoffService:
    def __init__(
        self,
        repos: Repositories,
        urls: HandoffUrls,
        place_call: PlaceCall,
        reconnect: Reconnect,
        clock: Clock = SYSTEM_CLOCK,
    ) -> None:
        self._repos, self._urls = repos, urls
        self._place_call, self._reconnect, self._clock = place_call, reconnect, clock
        self._tasks = TaskRepository(repos.client)

    # --- <Connect action>: the stream closed --------------------------------------------------

    def after_stream(self, form: HandoffForm) -> str:
        call = self._repos.calls.get(form.call_sid)
        if form.call_status in TERMINAL:
            return handoff_twiml.hang_up()  # the caller is gone: nothing to continue
        if call.handoff_requested_at is None:
            # the stream died without a request (the media service failed): apologise
            log.warning("call %s: stream ended without a handoff request", call.call_sid)
            return twiml.technical_difficulty()
        business = self._repos.businesses.get(call.business_id)
        lead = self._lead(call)
        agent = assigned_agent(business, lead) if lead is not None else _first_agent(business)
        decision = decide_handoff(
            is_open_at(business, self._clock.now()),
            business.handoff_mode,
            agent.id if agent else None,
            agent.phone if agent else None,
        )
        claimed = self._claim(call.call_sid, decision)
        voice = twiml.say_voice(business.tts_voice)
        if decision.step == "callback":
            self._callback_task(call, texts_he.CALLBACK_NOTE_CLOSED, None)
            return handoff_twiml.closed_callback(voice)
        assert decision.agent_phone is not None
        if decision.step == "dial":
            return handoff_twiml.dial_agent(
                decision.agent_phone,
                call.from_phone,
                voice,
                self._urls.dial_result,
                business.handoff_timeout_seconds,
            )
        room = conference_name(call.call_sid)
        if claimed:  # ring the agent once, whatever the deliveries
            whisper = handoff_twiml.agent_whisper(room, self._summary(call, lead), voice)
            self._place_call(decision.agent_phone, call.to_phone, whisper)
        return handoff_twiml.wait_in_conference(room, voice, self._urls.dial_result)

    # --- <Dial action>: the agent's leg ended --------------------------------------------------

    def after_dial(self, form: HandoffForm) -> str:
        call = self._repos.calls.get(form.call_sid)
        business = self._repos.businesses.get(call.business_id)
        outcome = after_dial(form.dial_call_status, business.handoff_no_answer)
        self._repos.calls.update_fields(call.call_sid, {"handoff_step": outcome})
        if outcome == "done":
            return handoff_twiml.hang_up()
        voice = twiml.say_voice(business.tts_voice)
        if outcome == "leah":
            return handoff_twiml.say_then(
                texts_he.HANDOFF_BACK_TO_LEAH, voice, self._reconnect(call)
            )
        self._callback_task(call, texts_he.CALLBACK_NOTE_NO_ANSWER, call.handoff_agent_id)
        recording = twiml.RecordingCallback(self._urls.recording_status)
        return handoff_twiml.no_answer_voicemail(business.name, voice, recording)

    # --- helpers -------------------------------------------------------------------------------

    def _lead(self, call: Call) -> Lead | None:
        if call.lead_id is None:
            return None
        try:
            return self._repos.leads.get(call.business_id, call.lead_id)
        except NotFound:
            return None

    def _claim(self, call_sid: str, decision: HandoffDecision) -> bool:
        """Record the step; True only for the delivery that recorded it first."""
        stored = self._repos.calls.claim_handoff_step(call_sid, decision.step, decision.agent_id)
        return stored

    def _summary(self, call: Call, lead: Lead | None) -> str:
        if lead is None:
            return ""
        return offline_summary(facts_for_call(self._repos, call.business_id, lead, call.call_sid))

    def _callback_task(self, call: Call, reason: str, agent_id: str | None) -> None:
        """The lead's one callback task (issue 16's: created once, reopened if it was done)."""
        lead = self._lead(call)
        if lead is None:
            return
        if agent_id is not None and lead.assigned_agent_id is None:
            lead = lead.model_copy(update={"assigned_agent_id": agent_id})
        self._tasks.open_callback_for(lead, reason, self._clock.now())


def _first_agent(business: Business) -> Agent | None:
    return next((a for a in business.agents if a.active and a.phone), None)
