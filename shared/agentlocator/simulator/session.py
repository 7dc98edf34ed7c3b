"""One simulated call from Twilio's side: the webhooks around the media stream, Leah's replies
as stored in Firestore, and the call record at the end."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.models import Call, Message
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound
from agentlocator.simulator.fixtures import load_utterances
from agentlocator.simulator.timeline import CallTimeline, mono_mulaw, stereo_wav
from agentlocator.simulator.twilio_callbacks import (
    ANSWERED_SEQUENCE,
    TwilioCallbacks,
    upload_call_recording,
)
from agentlocator.simulator.webhook import (
    StreamInstruction,
    incoming_call_form,
    new_call_sid,
    post_incoming_call,
)
from agentlocator.speech.local_servers import register_remote_utterance
from agentlocator.speech.wav import wav_mulaw


class SimulatorError(Exception):
    """A mistake or a missing piece the newcomer can fix; printed as one line."""


def _stats_url(media_url: str) -> str:
    parts = urlsplit(media_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return f"{scheme}://{parts.netloc}/stats"


@dataclass
class SimulatedCall:
    settings: Settings
    call_sid: str
    business_id: str | None
    caller: str
    callbacks: TwilioCallbacks | None = None
    twilio_api_base: str | None = None
    clock: Clock = SYSTEM_CLOCK
    started_at: datetime | None = None
    _printed: set[str] = field(default_factory=set)
    _repos: Repositories | None = None

    @classmethod
    def without_webhooks(cls, settings: Settings, business_id: str, caller: str) -> SimulatedCall:
        return cls(settings, new_call_sid(), business_id, caller)

    @classmethod
    def through_webhooks(
        cls,
        settings: Settings,
        functions_url: str,
        caller: str,
        called: str,
        twilio_api_base: str | None,
    ) -> SimulatedCall:
        sid = new_call_sid()
        callbacks = TwilioCallbacks(
            functions_url, settings.twilio_account_sid, settings.twilio_auth_token, sid, caller,
            called,
        )  # fmt: skip
        return cls(settings, sid, None, caller, callbacks, twilio_api_base)

    # ---- Twilio's side ----------------------------------------------------------------------

    def answer(self) -> StreamInstruction:
        """The incoming-call webhook, then the status callbacks up to ``in-progress``."""
        assert self.callbacks is not None
        cb = self.callbacks
        self.started_at = self.clock.now()
        form = incoming_call_form(self.call_sid, cb.caller, cb.called, cb.account_sid)
        try:
            instruction = post_incoming_call(
                f"{cb.functions_url.rstrip('/')}/voice_incoming", form, cb.auth_token
            )
        except ValueError as exc:
            raise SimulatorError(
                f"{cb.called} did not connect to Leah (is it a business's number, and is the "
                f"office open?): {exc}"
            ) from exc
        self.business_id = instruction.parameters.get("business_id")
        for status in ANSWERED_SEQUENCE:
            cb.status(status, self.clock.now())
        return instruction

    def end(self, timeline: CallTimeline) -> None:
        """``completed`` with the call's duration, then its recording (through the stand-in):
        both sides mixed on the call's timeline, as Twilio records the call."""
        if self.callbacks is None or self.started_at is None:
            return
        ended = self.clock.now()
        duration = max(1, round((ended - self.started_at).total_seconds()))
        self.callbacks.status("completed", ended, duration)
        if not self.twilio_api_base:
            print("no Twilio stand-in running: the call has no recording")
            return
        recording = upload_call_recording(
            self.twilio_api_base,
            self.callbacks.account_sid,
            self.callbacks.auth_token,
            self.call_sid,
            mono_mulaw(timeline) or b"\xff" * 8000,
        )
        self.callbacks.recording(recording, self.started_at)

    # ---- the offline recognizer -------------------------------------------------------------

    def register_with_offline_speech(self, media_url: str, names: list[str]) -> bool:
        try:
            info = httpx.get(_stats_url(media_url), timeout=10).json().get("info", {})
        except httpx.HTTPError as exc:
            raise SimulatorError(
                f"the media service at {media_url} is not answering ({exc})"
            ) from exc
        if info.get("speech_mode") != "offline":
            return False
        utterances = load_utterances()
        for name in names:
            u = utterances[name]
            register_remote_utterance(info["speech_endpoint"], u.mulaw, u.text)
        return True

    # ---- what was stored --------------------------------------------------------------------

    def _stored_turns(self) -> list[Message]:
        if self.business_id is None:
            return []
        if self._repos is None:
            self._repos = Repositories.from_settings(self.settings, self.clock)
        return self._repos.messages.list_for_call(self.business_id, self.caller, self.call_sid)

    def print_leah_replies(self, wait_s: float = 1.0, final: bool = False) -> None:
        """Print Leah's turns not printed yet, as stored: what the caller heard of them. Until
        ``final``, only turns whose playback Twilio confirmed (the rest may still change)."""
        deadline = time.monotonic() + wait_s
        while True:
            turns = [
                m
                for m in self._stored_turns()
                if m.role == "leah" and (m.id or "") not in self._printed
            ]
            settled = [m for m in turns if m.heard_confirmed]
            if (settled and len(settled) == len(turns)) or time.monotonic() >= deadline:
                break
            time.sleep(0.1)
        for message in turns if final else settled:
            self._printed.add(message.id or "")
            cut = " [cut off]" if message.interrupted else ""
            unheard = "" if message.heard_confirmed else " [not confirmed heard]"
            print(f"leah: {message.text}{cut}{unheard}")

    def save_leah_audio(self, leah_turns: list[bytearray], out: Path) -> list[Path]:
        paths = []
        for i, audio in enumerate(leah_turns, 1):
            path = out / f"{self.call_sid}-leah-{i}.wav"
            path.write_bytes(wav_mulaw(bytes(audio)))
            paths.append(path)
        return paths

    def save_call_audio(self, timeline: CallTimeline, out: Path) -> Path:
        """The whole call as heard, stereo: the caller left, Leah right, on the call's timeline."""
        path = out / f"{self.call_sid}-call.wav"
        path.write_bytes(stereo_wav(timeline))
        return path

    def print_call_record(self, wait_s: float = 10.0) -> Call | None:
        """The call as the CRM stored it, once it is completed (status callbacks only)."""
        if self.callbacks is None:
            return None
        if self._repos is None:
            self._repos = Repositories.from_settings(self.settings, self.clock)
        deadline = time.monotonic() + wait_s
        while True:
            try:
                call = self._repos.calls.get(self.call_sid)
            except NotFound:
                return None
            if call.summary is not None or time.monotonic() >= deadline:
                break
            time.sleep(0.2)
        recording = call.recording.storage_uri if call.recording else None
        print(
            f"call {call.call_sid}: {call.status}, {call.duration_seconds} s, recording {recording}"
        )
        print(f"summary: {call.summary}")
        return call
