"""One phone call: caller audio in → VAD/STT → Leah → TTS → paced audio out, with barge-in.

The handler feeds decoded Twilio events to ``CallSession``; everything per call lives here.
Tasks: the STT result reader, and at most one Leah turn at a time (render + play). Leah's turn is
stored when she starts speaking and settled to what the caller heard (``turn_log``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from agentlocator.agent.port import ConversationRef, LeahBrain, SpeculativeBrain, SplitGreeting
from agentlocator.audio.analyzer import InboundAudioAnalyzer
from agentlocator.audio.bargein import BargeInParams
from agentlocator.audio.playback import PlaybackLedger
from agentlocator.audio.vad import SpeechEnded, VadParams, VadState
from agentlocator.clock import Clock
from agentlocator.speech.ports import SpeechToText, TextToSpeech
from media_stream_service.greeting import GreetingCache, GreetingPlan, split_greeting
from media_stream_service.handoff import HandoffRequest, wants_handoff
from media_stream_service.outbound import Outbound, PacingParams, SendText
from media_stream_service.recorder import CallIdentity, CallRecorder, CallSummary
from media_stream_service.speculation import Speculation
from media_stream_service.tracing import LatencyStats, TurnTrace
from media_stream_service.turn_log import LeahTurnRecord

log = logging.getLogger(__name__)

Rendered = tuple[str, bytes]  # (clause text, its μ-law audio)


@dataclass(frozen=True)
class SessionParams:
    """- ``stt_final_grace_ms``: after the end of the caller's utterance, how long to wait for a
      final transcript before answering the latest interim one.
    - ``heard_grace_ms``: after the last audio should have played, how long to wait for Twilio's
      mark echo before treating Leah's turn as heard.
    - ``final_silence_ms``: with the recognizer's final transcript in, this much silence ends the
      caller's turn (the VAD's ``end_of_turn_silence`` covers turns without a final).
    - ``speculate_after_ms``: this much silence starts Leah's reply on the interim transcript
      (``speculation``); 0 turns speculation off."""

    pacing: PacingParams = PacingParams()
    vad: VadParams = VadParams()
    barge_in: BargeInParams = BargeInParams()
    stt_final_grace_ms: int = 800
    heard_grace_ms: int = 1500
    final_silence_ms: int = 200
    speculate_after_ms: int = 80
    voice: str | None = None


@dataclass
class _LeahTurn:
    ledger: PlaybackLedger
    trace: TurnTrace | None
    record: LeahTurnRecord
    task: asyncio.Task[None] | None = None
    all_sent: bool = False
    heard: asyncio.Event = field(default_factory=asyncio.Event)


class CallSession:
    def __init__(
        self,
        call: CallIdentity,
        send: SendText,
        brain: LeahBrain,
        stt: SpeechToText,
        tts: TextToSpeech,
        greetings: GreetingCache,
        recorder: CallRecorder,
        stats: LatencyStats,
        params: SessionParams | None = None,
        clock: Callable[[], float] = time.monotonic,
        *,
        wall_clock: Clock,
        voice_lookup: Callable[[str], Awaitable[str | None]] | None = None,
        end_stream: Callable[[], Awaitable[None]] | None = None,
        greeting_plan: GreetingPlan | None = None,
    ) -> None:
        self.call = call
        self._greeting_plan = greeting_plan
        self._voice_lookup = voice_lookup
        self.voice = (params or SessionParams()).voice
        self.ref = ConversationRef(call.business_id, call.lead_phone, "voice", call.call_sid)
        self.params = params or SessionParams()
        self._brain, self._tts, self._greetings = brain, tts, greetings
        self._recorder, self.stats, self._clock = recorder, stats, clock
        # calendar time for Leah and the stored call; ``clock`` (monotonic) paces the audio
        self._wall_clock = wall_clock
        self.analyzer = InboundAudioAnalyzer(
            vad_params=self.params.vad, barge_in_params=self.params.barge_in
        )
        self.outbound = Outbound(
            send,
            call.stream_sid,
            self.params.pacing,
            self.analyzer.barge_in.note_outbound_level,
            clock,
        )
        self._stt_stream = stt.open_stream()
        self._tasks: set[asyncio.Task[None]] = set()
        self._turn: _LeahTurn | None = None
        self._turn_seq = 0
        self._finals: list[str] = []
        self._interim = ""
        self._last_final_at = 0.0
        self._eou: TurnTrace | None = None  # set between end of utterance and taking the turn
        self._grace_timer: asyncio.TimerHandle | None = None
        self._speculation: Speculation | None = None
        self.started_at = wall_clock.now()
        self._stream_marked: asyncio.Future[None] | None = None
        self.caller_turns = self.leah_turns = self.barge_ins = self.malformed = 0
        self._closed = False
        self.handoff = HandoffRequest(
            call, self._say_line, recorder.handoff_requested, end_stream, wall_clock
        )
        self.abandoned = False  # a stream that lost its token's claim: nothing is stored

    # ---- lifecycle ----------------------------------------------------------------------------

    def _spawn(self, coro: Coroutine[Any, Any, None], name: str) -> asyncio.Task[None]:
        task = asyncio.create_task(coro, name=f"{self.call.call_sid}:{name}")
        self._tasks.add(task)
        task.add_done_callback(self._task_done)
        return task

    def _task_done(self, task: asyncio.Task[None]) -> None:
        self._tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error(
                "call %s task %s failed",
                self.call.call_sid,
                task.get_name(),
                exc_info=task.exception(),
            )

    async def start(self, start_received_at: float | None = None) -> None:
        """Play the greeting at once (pre-rendered) and start listening. The greeting latency
        counts from ``start_received_at`` (when the handler read Twilio's ``start``)."""
        started = start_received_at if start_received_at is not None else self._clock()
        # not awaited: the greeting must not wait for a Firestore write (finish awaits it)
        self._stream_marked = asyncio.ensure_future(
            self._recorder.stream_started(self.call, self._wall_clock.now())
        )
        self._spawn(self._read_transcripts(), "stt")
        plan = self._greeting_plan
        source: AsyncIterator[Rendered]
        if plan is not None and isinstance(self._brain, SplitGreeting):
            # no Firestore read before the first audio: the opening came with the stream
            self.voice = plan.voice or self.voice
            follow_up = asyncio.ensure_future(
                self._brain.greeting_follow_up(self.ref, self._wall_clock.now())
            )
            source = split_greeting(plan.opening, self.voice, follow_up, self._greetings, self._tts)
        else:
            text, voice = await asyncio.gather(
                self._brain.greeting(self.ref, self._wall_clock.now()), self._business_voice()
            )
            self.voice = voice or self.voice
            source = _one_clause(text, await self._greetings.get(text, self.voice))
        turn = self._new_turn(trace=None)
        turn.task = self._spawn(self._play_turn(turn, source, greeting_started=started), "greet")

    async def _business_voice(self) -> str | None:
        """The business's chosen TTS voice (looked up while the brain picks the greeting)."""
        if self._voice_lookup is None:
            return None
        try:
            return await self._voice_lookup(self.call.business_id)
        except Exception:  # the default voice is better than silence
            log.warning("voice lookup failed for %s", self.call.business_id, exc_info=True)
            return None

    async def finish(self, ended_by: str) -> None:
        """Stop everything, store what Leah said so far, finalize the call. Idempotent."""
        if self._closed:
            return
        self._closed = True
        if self._grace_timer is not None:
            self._grace_timer.cancel()
        await self._drop_speculation()
        turn = self._turn
        if turn is not None and turn.task is not None and not turn.task.done():
            turn.task.cancel()
            await self._store_unfinished(turn)
        await self._stt_stream.aclose()
        pending = [t for t in self._tasks if not t.done()]
        for task in pending:
            if not task.get_name().endswith(":cut"):  # cuts are writes we want to finish
                task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)
        if self._stream_marked is not None:
            await asyncio.gather(self._stream_marked, return_exceptions=True)
        summary = CallSummary(
            started_at=self.started_at,
            ended_at=self._wall_clock.now(),
            ended_by=ended_by,
            caller_turns=self.caller_turns,
            leah_turns=self.leah_turns,
            barge_ins=self.barge_ins,
            malformed_messages=self.malformed,
        )
        await self._recorder.call_ended(self.call, summary)

    async def abandon(self) -> None:
        """Stop everything and store nothing (the stream lost its token's claim)."""
        self.abandoned = self._closed = True
        if self._grace_timer is not None:
            self._grace_timer.cancel()
        await self._drop_speculation()
        pending = [t for t in self._tasks if not t.done()]
        for task in pending:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*pending, return_exceptions=True)
        await self._stt_stream.aclose()

    # ---- inbound events -----------------------------------------------------------------------

    async def on_media(self, mulaw: bytes) -> None:
        self._stt_stream.send(mulaw)
        for frame in self.analyzer.push(mulaw):
            if frame.barge_in:
                await self._barge_in()
            event = frame.vad_event
            # while Leah talks (and the caller has not barged in) what the VAD hears may be her
            # own echo: it never ends a caller turn
            if isinstance(event, SpeechEnded) and event.is_turn and not self.analyzer.leah_speaking:
                self._end_of_utterance()
        await self._check_early_turn()

    def on_mark(self, name: str) -> None:
        turn = self._turn
        if turn is None or not turn.ledger.mark_echoed(name):
            return
        if turn.all_sent and turn.ledger.fully_heard:
            turn.heard.set()

    def on_dtmf(self, digit: str) -> None:
        log.info("call %s dtmf %s", self.call.call_sid, digit)
        reason = wants_handoff(digit=digit)
        if reason is not None and self.handoff.available and not self.handoff.started:
            self._spawn(self.handoff.run(reason), "handoff")

    # ---- caller turns -------------------------------------------------------------------------

    async def _read_transcripts(self) -> None:
        async for transcript in self._stt_stream.results():
            if self.analyzer.leah_speaking:
                continue  # a transcript of Leah's echo; after a barge-in this is False again
            if transcript.is_final:
                self._finals.append(transcript.text)
                self._last_final_at = self._clock()
                if self._eou is not None:
                    self._eou.mark("stt_final", self._last_final_at)
            else:
                self._interim = transcript.text
            if not self._maybe_take_turn(force=False):
                await self._check_early_turn()

    async def _check_early_turn(self) -> None:
        """End the turn on a final transcript and a short silence, or start the reply on the
        interim one (``speculation``), without waiting for the VAD's long end-of-turn silence."""
        vad = self.analyzer.vad
        if self._closed or self._eou is not None or self.analyzer.leah_speaking:
            return
        if vad.state not in (VadState.SPEAKING, VadState.STOPPING):
            return  # no caller speech yet in this turn
        quiet = self.analyzer.quiet_ms
        if not quiet:
            await self._drop_speculation()  # the caller went on: the interim is out of date
            return
        if self._finals and quiet >= self.params.final_silence_ms:
            vad.end_turn()
            self._end_of_utterance()
        elif (
            self._speculation is None
            and self.params.speculate_after_ms
            and quiet >= self.params.speculate_after_ms
            and self._interim.strip()
            and isinstance(self._brain, SpeculativeBrain)
        ):
            brain, text = self._brain, self._interim.strip()
            self._speculation = Speculation(
                text,
                lambda commit: brain.respond_speculatively(
                    self.ref, text, commit, self._wall_clock.now()
                ),
                lambda clause: self._tts.synthesize(clause, self.voice),
                self._clock(),
            )

    async def _drop_speculation(self) -> None:
        speculation, self._speculation = self._speculation, None
        if speculation is not None:
            await speculation.drop()

    def _end_of_utterance(self) -> None:
        self._turn_seq += 1
        self._eou = TurnTrace(self.call.call_sid, self._turn_seq, end_of_utterance=self._clock())
        if self._finals:  # the recognizer finalized before the VAD's silence ran out
            self._eou.mark("stt_final", self._last_final_at)
        if not self._maybe_take_turn(force=False):
            loop = asyncio.get_running_loop()
            self._grace_timer = loop.call_later(
                self.params.stt_final_grace_ms / 1000, self._maybe_take_turn, True
            )

    def _maybe_take_turn(self, force: bool) -> bool:
        trace = self._eou
        if trace is None or self._closed:
            return False
        text = " ".join(self._finals).strip() or (self._interim.strip() if force else "")
        if not text:
            if force:
                self._eou = None  # noise the recognizer did not understand: keep listening
            return False
        if self._grace_timer is not None:
            self._grace_timer.cancel()
            self._grace_timer = None
        self._finals, self._interim, self._eou = [], "", None
        self.caller_turns += 1
        self._spawn(self._answer(text, trace), "answer")
        return True

    async def _answer(self, caller_text: str, trace: TurnTrace) -> None:
        previous = self._turn
        if previous is not None and previous.task is not None and not previous.task.done():
            # the caller's turn ended while Leah was still talking (too softly to count as a
            # barge-in) or before her reply started: drop what Twilio still queues, answer anew
            previous.task.cancel()
            await self.outbound.clear()
            self.analyzer.leah_stopped()
            await self._store_cut(previous)
        speculation, self._speculation = self._speculation, None
        # stored before the brain reads the history (port contract) or, for a speculation,
        # before it may change anything; even if the turn is cut
        await asyncio.shield(
            self._recorder.caller_turn(self.call, caller_text, self._wall_clock.now())
        )
        reason = wants_handoff(caller_text=caller_text)
        if reason is not None and self.handoff.available:
            if speculation is not None:
                await speculation.drop()  # a person, not Leah, answers this one
            await self.handoff.run(reason)
            return
        source: AsyncIterator[Rendered]
        if speculation is not None and speculation.answers(caller_text):
            trace.mark("speculation_start", speculation.started_at)
            source = speculation.confirmed()
        else:
            if speculation is not None:
                await speculation.drop()
            source = self._render(caller_text, trace)
        turn = self._new_turn(trace)
        turn.task = self._spawn(self._play_turn(turn, source), "turn")

    async def _render(self, caller_text: str, trace: TurnTrace) -> AsyncIterator[Rendered]:
        async for clause in self._brain.respond(self.ref, caller_text, self._wall_clock.now()):
            if not clause.strip():
                continue
            trace.mark("first_token", self._clock())
            audio = await self._tts.synthesize(clause, self.voice)
            trace.mark("tts_first_byte", self._clock())
            yield clause, audio

    # ---- Leah's turns -------------------------------------------------------------------------

    async def _say_line(self, text: str) -> None:
        """One fixed line as a Leah turn (the handoff's); returns once heard or cut."""
        previous = self._turn
        if previous is not None and previous.task is not None and not previous.task.done():
            previous.task.cancel()
            await self.outbound.clear()
            self.analyzer.leah_stopped()
            await self._store_cut(previous)
        audio = await self._tts.synthesize(text, self.voice)

        async def line() -> AsyncIterator[Rendered]:
            yield text, audio

        turn = self._new_turn(trace=None)
        turn.task = self._spawn(self._play_turn(turn, line()), "line")
        with contextlib.suppress(asyncio.CancelledError):
            await turn.task

    def _new_turn(self, trace: TurnTrace | None) -> _LeahTurn:
        record = LeahTurnRecord(self._recorder, self.call, self._wall_clock.now)
        turn = _LeahTurn(PlaybackLedger(f"t{self.leah_turns + 1}"), trace, record)
        self.leah_turns += 1
        self._turn = turn
        return turn

    async def _prefetch(
        self, source: AsyncIterator[Rendered], queue: asyncio.Queue[Rendered | None]
    ) -> None:
        try:
            async for item in source:
                await queue.put(item)
        finally:
            queue.put_nowait(None)

    async def _play_turn(
        self,
        turn: _LeahTurn,
        source: AsyncIterator[Rendered],
        greeting_started: float | None = None,
    ) -> None:
        # render the next clause (LLM + TTS) while the current one plays
        queue: asyncio.Queue[Rendered | None] = asyncio.Queue(maxsize=4)
        producer = asyncio.ensure_future(self._prefetch(source, queue))
        try:
            first = True
            while (item := await queue.get()) is not None:
                clause, audio = item
                turn.ledger.add_clause(clause, len(audio))
                turn.record.speaking(turn.ledger.full_text())  # stored before it is heard
                if first:
                    self.analyzer.leah_started()
                    self._finals, self._interim = [], ""  # anything heard so far is Leah's echo
                if first:
                    await self._play_first(turn, audio, greeting_started)
                    first = False
                else:
                    await self.outbound.play(turn.ledger, audio)
            if producer.done() and producer.exception() is not None:
                raise producer.exception()  # type: ignore[misc]
            turn.all_sent = True
            if turn.ledger.fully_heard:
                turn.heard.set()
            remaining = self.outbound.play_until - self._clock()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(
                    turn.heard.wait(), max(0.0, remaining) + self.params.heard_grace_ms / 1000
                )
            # every clause went out; confirmed heard only if Twilio echoed the last mark
            await turn.record.settle(
                turn.ledger.full_text(), interrupted=False, confirmed=turn.ledger.fully_heard
            )
            if self._turn is turn:
                self.analyzer.leah_stopped()
        finally:
            producer.cancel()

    async def _play_first(
        self, turn: _LeahTurn, audio: bytes, greeting_started: float | None
    ) -> None:
        """The first chunk decides the latency numbers; the rest of the clause follows."""
        step = self.outbound.params.chunk_bytes
        await self.outbound.play(turn.ledger, audio[:step])
        now = self._clock()
        if turn.trace is not None:
            turn.trace.mark("first_audio_out", now)
            turn.trace.log()
            self.stats.add_turn(turn.trace)
        if greeting_started is not None:
            self.stats.add("greeting_first_audio", (now - greeting_started) * 1000)
        if len(audio) > step:
            await self.outbound.play(turn.ledger, audio[step:])

    async def _barge_in(self) -> None:
        turn = self._turn
        if turn is None or turn.task is None or turn.task.done():
            return
        self.barge_ins += 1
        # cancel before clearing, so the turn cannot slip a chunk in after the clear
        turn.task.cancel()
        await self.outbound.clear()  # then at once: every ms here is Leah talking over the caller
        self.analyzer.leah_stopped()
        self._spawn(self._store_cut(turn), "cut")

    async def _store_unfinished(self, turn: _LeahTurn) -> None:
        """The call ended mid-turn: after ``stop`` Twilio echoes no more marks, so what was sent
        beyond the last echoed mark may or may not have been heard. Keep it, unconfirmed."""
        heard, sent = turn.ledger.heard_text(), turn.ledger.full_text()
        if heard == sent:
            await turn.record.settle(heard, interrupted=False)
        else:
            await turn.record.settle(sent, interrupted=True, confirmed=False)

    async def _store_cut(self, turn: _LeahTurn) -> None:
        """Leah's turn as far as the caller heard it (marks echoed before the cut)."""
        heard = turn.ledger.heard_text()
        await turn.record.settle(heard, interrupted=heard != turn.ledger.full_text())


async def _one_clause(text: str, audio: bytes) -> AsyncIterator[Rendered]:
    yield text, audio
