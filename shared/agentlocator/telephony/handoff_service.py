"""The voice webhooks of a handoff: what Twilio does when Leah's stream closed for a person
(``<Connect action>``), when the agent's leg ended (``<Dial action>``), and, for a warm
transfer, when the agent pressed a key to join or the agent's leg ended (``voice_agent_leg``).

Idempotent: the step taken is claimed on the call with a conditional update, so a repeated
delivery answers the same TwiML without ringing the agent twice or making a second task. A warm
transfer ends one way only: the agent's join and the "nobody came" fallback both move the call
out of ``warm``, and only one of them can.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import urlencode

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
    agent_leg_outcome,
    conference_name,
    decide_handoff,
)
from agentlocator.telephony.notify import assigned_agent
from agentlocator.telephony.webhook_forms import AgentLegForm, HandoffForm

log = logging.getLogger(__name__)

TERMINAL = frozenset(
    s for s, rank in CALL_STATUS_RANK.items() if rank == max(CALL_STATUS_RANK.values())
)
WARM = "warm"
NoAnswer = Literal["leah", "voicemail"]


@dataclass(frozen=True)
class AgentLeg:
    """The call a warm transfer places to the agent over REST."""

    to: str
    from_: str
    twiml: str
    status_callback: str  # Twilio posts the leg's final status here
    ring_timeout_s: int  # Twilio gives up ringing after this (status ``no-answer``)


# the agent leg → its CallSid: a warm transfer rings the agent over REST
PlaceCall = Callable[[AgentLeg], str]
# (the caller's CallSid, TwiML): the caller's live call continues with that TwiML (REST update)
Redirect = Callable[[str, str], None]
# the call → TwiML that reconnects it to Leah (a new stream), for "back to Leah"
Reconnect = Callable[[Call], str]


@dataclass(frozen=True)
class HandoffUrls:
    handoff: str  # voice_handoff (the <Connect action>)
    dial_result: str  # voice_dial_result (the <Dial action>)
    recording_status: str
    agent_leg: str = ""  # voice_agent_leg (the warm agent leg's key press and status)

    def agent_leg_step(self, step: Literal["accept", "status"], caller_sid: str) -> str:
        return f"{self.agent_leg}?{urlencode({'step': step, 'caller': caller_sid})}"


class HandoffService:
    def __init__(
        self,
        repos: Repositories,
        urls: HandoffUrls,
        place_call: PlaceCall,
        reconnect: Reconnect,
        clock: Clock = SYSTEM_CLOCK,
        redirect: Redirect | None = None,
    ) -> None:
        self._repos, self._urls = repos, urls
        self._place_call, self._reconnect, self._clock = place_call, reconnect, clock
        self._redirect = redirect
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
            try:
                self._ring_agent(call, lead, decision.agent_phone, business)
            except Exception:  # REST refused or down: the caller must not wait for nobody
                log.exception("call %s: could not ring the agent", call.call_sid)
                if self._repos.calls.advance_handoff_step(
                    call.call_sid, WARM, business.handoff_no_answer
                ):
                    return self._nobody_came(call, business, business.handoff_no_answer)
        return handoff_twiml.wait_in_conference(room, voice, self._urls.dial_result)

    def _ring_agent(self, call: Call, lead: Lead | None, phone: str, business: Business) -> None:
        whisper = handoff_twiml.agent_whisper(
            self._summary(call, lead),
            twiml.say_voice(business.tts_voice),
            self._urls.agent_leg_step("accept", call.call_sid),
        )
        leg = AgentLeg(
            to=phone,
            from_=call.to_phone,
            twiml=whisper,
            status_callback=self._urls.agent_leg_step("status", call.call_sid),
            ring_timeout_s=business.handoff_timeout_seconds,
        )
        self._place_call(leg)

    # --- <Dial action>: the agent's leg ended --------------------------------------------------

    def after_dial(self, form: HandoffForm) -> str:
        call = self._repos.calls.get(form.call_sid)
        business = self._repos.businesses.get(call.business_id)
        outcome = after_dial(form.dial_call_status, business.handoff_no_answer)
        self._repos.calls.update_fields(call.call_sid, {"handoff_step": outcome})
        if outcome == "done":
            return handoff_twiml.hang_up()
        return self._nobody_came(call, business, business.handoff_no_answer)

    # --- voice_agent_leg: the warm transfer's agent leg ----------------------------------------

    def agent_leg(self, form: AgentLegForm) -> str:
        if form.step == "accept":
            return self.agent_accepted(form.caller_sid)
        self.agent_leg_ended(form.caller_sid, form.call_status)
        return handoff_twiml.empty()

    def agent_accepted(self, caller_sid: str) -> str:
        """The agent pressed a key after the whisper: into the conference, unless the caller
        has already gone (hung up, or the fallback took them)."""
        call = self._repos.calls.get(caller_sid)
        business = self._repos.businesses.get(call.business_id)
        voice = twiml.say_voice(business.tts_voice)
        if call.status in TERMINAL:
            return handoff_twiml.agent_too_late(voice)
        joined = self._repos.calls.advance_handoff_step(
            caller_sid, WARM, "done", handoff_agent_joined_at=self._clock.now()
        )
        if not joined and self._repos.calls.get(caller_sid).handoff_agent_joined_at is None:
            return handoff_twiml.agent_too_late(voice)  # the fallback won the race
        return handoff_twiml.agent_joins(conference_name(caller_sid))

    def agent_leg_ended(self, caller_sid: str, leg_status: str | None) -> None:
        """The agent leg's status: when it ended without the agent joining, the caller leaves
        the conference for the business's fallback (Leah or voicemail) and a callback task is
        made, once however often the callback comes."""
        call = self._repos.calls.get(caller_sid)
        outcome = agent_leg_outcome(leg_status, call.handoff_agent_joined_at is not None)
        if outcome != "nobody":
            return
        business = self._repos.businesses.get(call.business_id)
        fallback = business.handoff_no_answer
        if not self._repos.calls.advance_handoff_step(caller_sid, WARM, fallback):
            return  # a repeated callback, or the agent joined meanwhile
        log.info("call %s: the agent leg ended %s unjoined", caller_sid, leg_status)
        then = self._nobody_came(call, business, fallback)
        if call.status in TERMINAL or self._redirect is None:
            return  # the caller hung up while waiting: the callback task is all that is left
        try:
            self._redirect(caller_sid, then)
        except Exception:  # the caller hung up between our read and the update
            log.exception("call %s: could not take the caller out of the conference", caller_sid)

    def _nobody_came(self, call: Call, business: Business, fallback: NoAnswer) -> str:
        """The caller asked for a person and nobody came: a callback task for the agent, and
        the TwiML that continues the call (back to Leah, or a voicemail)."""
        voice = twiml.say_voice(business.tts_voice)
        if fallback == "leah":
            self._callback_task(call, texts_he.CALLBACK_NOTE_BACK_TO_LEAH, call.handoff_agent_id)
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
