"""What happens to a call as Twilio reports on it: answered, progressing, recorded.

The service sits over the CRM repositories and takes the clock and the recording archive as
arguments, so tests drive it with the Firestore emulator and a local Twilio stand-in.

Idempotency: every write is keyed by the CallSid (``create_call_once``) and everything the
answer depends on (the stream token's expiry, the after-hours choice) is derived from the
*stored* call's start time, so a repeated or concurrent delivery gets byte-identical TwiML.

Speed: a new call costs one Firestore round trip before the TwiML goes back (creating the call;
the number → business route is cached per instance). The lead upsert is ``IncomingAnswer.after``:
the entry point runs it once the response is sent (and the media service's brain upserts the lead
again when the stream starts, so a lost after-response write heals on the first turn). The stream
parameters carry the business's opening line and voice, so the greeting needs no read either.
"""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from agentlocator.agent.greeting_text import opening
from agentlocator.clock import Clock
from agentlocator.config import Settings
from agentlocator.crm.businesses import BusinessRepository
from agentlocator.crm.calls import CallRepository
from agentlocator.crm.leads import LeadRepository
from agentlocator.crm.models import CALL_STATUS_RANK, Business, Call, Recording
from agentlocator.errors import InvalidPhoneNumber, NotFound
from agentlocator.phones import normalize_phone
from agentlocator.telephony import texts_he, twiml
from agentlocator.telephony.stream_token import (
    STREAM_PARAM_BUSINESS_ID,
    STREAM_PARAM_CALLER,
    STREAM_PARAM_GREETING,
    STREAM_PARAM_TOKEN,
    STREAM_PARAM_VOICE,
    issue_stream_token,
)
from agentlocator.telephony.webhook_forms import (
    CallStatusForm,
    IncomingCallForm,
    RecordingStatusForm,
)

log = logging.getLogger(__name__)

STREAM_PARAM_CALL_SID = "call_sid"
LEAD_SOURCE = "voice"
# How long an instance trusts a number → business lookup. Saves two Firestore reads on every
# call; a business's edits (hours, voicemail choice, voice) reach calls within this time.
ROUTE_CACHE_SECONDS = 30.0

# A late "in-progress" must not undo "completed": recordings only move forward too.
RECORDING_STATUS_RANK: dict[str, int] = {
    "in-progress": 0,
    "paused": 0,
    "stopped": 1,
    "processing": 1,
    "completed": 2,
    "absent": 2,
    "failed": 2,
    "deleted": 3,
}


@dataclass(frozen=True)
class VoiceConfig:
    media_stream_url: str
    stream_token_secret: str
    stream_token_ttl_seconds: int
    recording_status_url: str
    handoff_url: str | None = None  # <Connect action>: where a stream closed for a person goes

    @classmethod
    def from_settings(
        cls, settings: Settings, recording_status_path: str, handoff_path: str | None = None
    ) -> VoiceConfig:
        base = settings.public_base_url.rstrip("/")
        return cls(
            media_stream_url=settings.media_stream_url,
            stream_token_secret=settings.stream_token_secret,
            stream_token_ttl_seconds=settings.stream_token_ttl_seconds,
            recording_status_url=base + recording_status_path,
            handoff_url=base + handoff_path if handoff_path else None,
        )


@dataclass(frozen=True)
class IncomingAnswer:
    """The TwiML for Twilio, and the writes that can wait until it has been sent."""

    twiml: str
    after: Sequence[Callable[[], None]] = ()

    def run_after(self) -> None:
        for work in self.after:
            try:
                work()
            except Exception:  # after the response nobody can be told; the next turn heals it
                log.exception("deferred write after answering a call failed")


class RecordingArchive(Protocol):
    """Copies a finished recording somewhere durable; returns where (``gs://…``)."""

    def archive(self, call: Call, recording_sid: str) -> str: ...


def caller_phone(raw_from: str) -> str | None:
    """The caller's E.164 phone, or None for withheld ids (``anonymous``, ``+266696687``)."""
    try:
        return normalize_phone(raw_from, field="From")
    except InvalidPhoneNumber:
        return None


def is_open_at(business: Business, moment: datetime) -> bool:
    """Whether the business's office is open at ``moment`` (weekly hours, Israeli holidays)."""
    # Imported here: only businesses that chose voicemail pay for the calendar at all.
    from agentlocator.calendar.hours import BusinessHours, opening_intervals

    hours = BusinessHours.from_mapping(business.to_firestore()["hours"], business.timezone)
    local = moment.astimezone(hours.tz)
    return any(opens <= local < closes for opens, closes in opening_intervals(hours, local.date()))


class CallLifecycle:
    def __init__(
        self,
        businesses: BusinessRepository,
        calls: CallRepository,
        leads: LeadRepository,
        config: VoiceConfig,
        clock: Clock,
        archive: RecordingArchive | None = None,
        route_cache_seconds: float = ROUTE_CACHE_SECONDS,
    ) -> None:
        self._businesses = businesses
        self._routes: dict[str, tuple[float, Business]] = {}
        self._route_cache_seconds = route_cache_seconds
        self._calls = calls
        self._leads = leads
        self._config = config
        self._archive = archive
        self._clock = clock

    # --- the incoming-call webhook -------------------------------------------------------

    def answer_incoming(self, form: IncomingCallForm) -> str:
        """TwiML for a call to one of our numbers, with the deferred writes done first (for
        callers with nothing to run after their response)."""
        answer = self.answer_incoming_deferred(form)
        answer.run_after()
        return answer.twiml

    def answer_incoming_deferred(self, form: IncomingCallForm) -> IncomingAnswer:
        """TwiML for a call to one of our numbers (unknown numbers get a polite goodbye); the
        lead upsert is left in ``after`` for the entry point to run once the TwiML is sent."""
        try:
            business = self._business_for(form.to)
        except NotFound:  # UnknownNumber, or a route left pointing at a deleted business
            log.info("call %s to unrouted number %s", form.call_sid, form.to)
            return IncomingAnswer(twiml.unknown_number())
        voice = twiml.say_voice(business.tts_voice)
        if form.is_voicemail_done:
            return IncomingAnswer(twiml.voicemail_done(voice))
        call = self._record_call(business, form)
        after = [functools.partial(self._upsert_lead, call)] if call.lead_id else []
        recording = twiml.RecordingCallback(self._config.recording_status_url)
        if business.after_hours_mode == "voicemail" and not is_open_at(business, call.started_at):
            return IncomingAnswer(twiml.voicemail(business.name, voice, recording), after)
        if call.lead_id is None:
            prompt = texts_he.WITHHELD_CALLER_PROMPT
            return IncomingAnswer(twiml.voicemail(business.name, voice, recording, prompt=prompt))
        return IncomingAnswer(self._stream_twiml(business, call, call.started_at, recording), after)

    def reconnect_to_leah(self, call: Call) -> str:
        """A new stream for a call coming back from an unanswered handoff (no new recording:
        the one started at the beginning still runs)."""
        business = self._businesses.get(call.business_id)
        return self._stream_twiml(business, call, self._clock.now(), None)

    def _stream_twiml(
        self,
        business: Business,
        call: Call,
        issued_at: datetime,
        recording: twiml.RecordingCallback | None,
    ) -> str:
        if call.lead_id is None:  # withheld callers go to voicemail: no stream, no lead
            raise ValueError(f"call {call.call_sid} has no caller to stream for")
        greeting = {STREAM_PARAM_GREETING: opening(business.name, business.greeting)}
        if business.tts_voice:
            greeting[STREAM_PARAM_VOICE] = business.tts_voice
        token = issue_stream_token(
            self._config.stream_token_secret,
            call.business_id,
            call.call_sid,
            now=issued_at,
            ttl=self._config.stream_token_ttl_seconds,
            caller=call.lead_id,
            signed=greeting,
        )
        parameters = {
            STREAM_PARAM_BUSINESS_ID: call.business_id,
            STREAM_PARAM_CALL_SID: call.call_sid,
            STREAM_PARAM_CALLER: call.lead_id,
            **greeting,
            STREAM_PARAM_TOKEN: token,
        }
        return twiml.connect_media_stream(
            self._config.media_stream_url, parameters, recording, action=self._config.handoff_url
        )

    def _business_for(self, number: str) -> Business:
        """The business a called number routes to (unknown numbers are never cached)."""
        now = time.monotonic()
        cached = self._routes.get(number)
        if cached is not None and now - cached[0] < self._route_cache_seconds:
            return cached[1]
        business = self._businesses.business_for_number(number, "voice")
        self._routes[number] = (now, business)
        return business

    def _record_call(self, business: Business, form: IncomingCallForm) -> Call:
        """The stored call for this CallSid (created by the first delivery: one round trip)."""
        caller = caller_phone(form.from_)
        now = self._clock.now()
        status = form.call_status if form.call_status in CALL_STATUS_RANK else "ringing"
        call, _ = self._calls.create_call_once(
            Call(
                call_sid=form.call_sid,
                business_id=business.id,
                from_phone=caller or form.from_,
                to_phone=normalize_phone(form.to, field="To"),
                lead_id=caller,
                status=status,
                status_rank=CALL_STATUS_RANK[status],
                started_at=now,
                created_at=now,
            )
        )
        return call

    def _upsert_lead(self, call: Call) -> None:
        """The caller's lead, with this call as a voice contact. Idempotent: the stored start
        time, not "now", so a retried delivery writes the same values."""
        assert call.lead_id is not None
        self._leads.upsert(call.business_id, call.lead_id, source=LEAD_SOURCE, now=call.started_at)

    # --- status callbacks ----------------------------------------------------------------

    def apply_status(self, form: CallStatusForm) -> Call:
        """Move the call forward (never backward); unknown calls are NotFound."""
        return self._calls.advance_status(
            form.call_sid,
            form.call_status,
            at=form.timestamp or self._clock.now(),
            duration_seconds=form.call_duration,
            sequence=form.sequence_number,
        )

    def store_recording(self, form: RecordingStatusForm) -> Call:
        """Keep the recording's details on the call; copy finished audio to the archive.

        The details are written before the copy so a failed copy still leaves the RecordingSid
        (the retention job can fetch it later). Both writes are conditional updates, so
        concurrent or repeated callbacks end in one state: never an earlier status over a
        later one, and the archive's ``gs://`` address is written once."""

        def merge(stored: Recording | None) -> Recording | None:
            previous = stored if stored is not None and stored.sid == form.recording_sid else None
            if previous is not None and _rank(previous.status) > _rank(form.recording_status):
                return None
            return _merged(previous, form)

        call = self._calls.update_recording(form.call_sid, merge)
        recording = call.recording
        if (
            self._archive is None
            or recording is None
            or recording.sid != form.recording_sid
            or recording.status != "completed"
            or recording.storage_uri is not None
        ):
            return call
        # the object name is fixed by the sids: racing deliveries overwrite one object
        uri = self._archive.archive(call, recording.sid)

        def with_uri(stored: Recording | None) -> Recording | None:
            if stored is None or stored.sid != recording.sid or stored.storage_uri is not None:
                return None
            return stored.model_copy(update={"storage_uri": uri})

        return self._calls.update_recording(call.call_sid, with_uri)


def _rank(recording_status: str | None) -> int:
    return RECORDING_STATUS_RANK.get(recording_status or "", -1)


def _merged(previous: Recording | None, form: RecordingStatusForm) -> Recording:
    """This callback's details over what an earlier callback for the same recording stored."""
    before = previous or Recording(sid=form.recording_sid)
    return Recording(
        sid=form.recording_sid,
        url=form.recording_url,
        status=form.recording_status,
        duration_seconds=form.duration_seconds
        if form.duration_seconds is not None
        else before.duration_seconds,
        storage_uri=before.storage_uri,
        started_at=form.recording_start_time or before.started_at,
    )
