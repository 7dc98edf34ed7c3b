"""A Hebrew caller on a real WebSocket, in (scaled) real time, with Twilio's playback behaviour.

Twilio plays Leah's audio as it arrives and echoes each ``mark`` when the audio before it has
played; a ``clear`` drops what is queued and echoes the pending marks at once. ``RealtimeCall``
does the same with a playback clock (``speed`` > 1 runs faster than real time), speaks caller
audio at that pace, and records everything Leah sent and when; ``timeline`` holds both sides
where they sounded on the call (for the stereo recording).
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from agentlocator.audio.frames import split_frames
from agentlocator.audio.mulaw import SAMPLE_RATE
from agentlocator.simulator.timeline import CallTimeline
from agentlocator.telephony.media_codec import (
    OutboundClear,
    OutboundMark,
    OutboundMedia,
    decode_outbound,
    encode_connected_inbound,
    encode_mark_inbound,
    encode_media_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)


@dataclass
class LeahHeard:
    """Leah's audio as the caller heard it, per turn (a gap of ``turn_gap_s`` starts a new one)."""

    turns: list[bytearray] = field(default_factory=list)
    first_audio_at: list[float] = field(default_factory=list)  # monotonic, per turn
    clears_at: list[float] = field(default_factory=list)


class RealtimeCall:
    def __init__(
        self,
        url: str,
        call_sid: str,
        parameters: dict[str, str],
        speed: float = 1.0,
        stream_sid: str | None = None,
        account_sid: str = "AC00000000000000000000000000000000",
        turn_gap_s: float = 0.5,
    ) -> None:
        self.url, self.call_sid, self.parameters = url, call_sid, parameters
        self.speed = speed
        self.stream_sid = stream_sid or "MZ" + call_sid[2:]
        self.account_sid = account_sid
        self.turn_gap_s = turn_gap_s
        self.heard = LeahHeard()
        self.timeline = CallTimeline()
        self.started_at = 0.0
        self._ws: ClientConnection | None = None
        self._lock = threading.Lock()
        self._play_end = 0.0  # when the queued audio finishes playing
        self._last_media_at = 0.0
        self._pending_marks: list[tuple[float, str]] = []
        self._closed = threading.Event()
        self._threads: list[threading.Thread] = []
        self._chunk = 0

    # ---- connection ---------------------------------------------------------------------------

    def __enter__(self) -> RealtimeCall:
        self._connection = connect(
            self.url,
            subprotocols=["audio.twilio.com"],  # type: ignore[list-item]
            open_timeout=10,
        )
        self._ws = self._connection.__enter__()
        self._ws.send(encode_connected_inbound())
        self.started_at = time.monotonic()
        self._ws.send(
            encode_start_inbound(self.stream_sid, self.call_sid, self.account_sid, self.parameters)
        )
        for target in (self._receive_loop, self._echo_loop):
            thread = threading.Thread(target=target, daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def __exit__(self, *exc: object) -> None:
        self.hang_up()

    def call_time(self, moment: float) -> float:
        """A monotonic moment as seconds of call time (1x) since the stream started."""
        return (moment - self.started_at) * self.speed

    def hang_up(self) -> None:
        if self._ws is None or self._closed.is_set():
            return
        self.timeline.hung_up(self.call_time(time.monotonic()))
        try:
            self._ws.send(encode_stop_inbound(self.stream_sid, self.call_sid, self.account_sid))
            self._closed.wait(10)  # the service finalizes the call, then closes
        except ConnectionClosed:
            pass
        finally:
            self._closed.set()
            self._connection.__exit__(None, None, None)
            for thread in self._threads:
                thread.join(5)

    # ---- Twilio's playback ------------------------------------------------------------------

    def _receive_loop(self) -> None:
        assert self._ws is not None
        try:
            for message in self._ws:
                self._on_message(message)
        except ConnectionClosed:
            pass
        finally:
            self._closed.set()

    def _on_message(self, message: str | bytes) -> None:
        event = decode_outbound(message)
        now = time.monotonic()
        with self._lock:
            if isinstance(event, OutboundMedia):
                if now - self._last_media_at > self.turn_gap_s and self._play_end < now:
                    self.heard.turns.append(bytearray())
                    self.heard.first_audio_at.append(now)
                self._last_media_at = now
                self.heard.turns[-1].extend(event.payload)
                start = max(now, self._play_end)
                self._play_end = start + len(event.payload) / SAMPLE_RATE / self.speed
                self.timeline.leah_played(self.call_time(start), event.payload)
            elif isinstance(event, OutboundMark):
                self._pending_marks.append((max(now, self._play_end), event.name))
            elif isinstance(event, OutboundClear):
                self.heard.clears_at.append(now)
                self.timeline.leah_cleared(self.call_time(now))
                # Twilio drops the queued audio and echoes the marks it discarded
                unplayed = int(max(0.0, self._play_end - now) * SAMPLE_RATE * self.speed)
                if unplayed and self.heard.turns:
                    del self.heard.turns[-1][-unplayed:]
                due, self._pending_marks = self._pending_marks, []
                self._play_end = now
                self._last_media_at = float("-inf")  # what Leah says after a clear is a new turn
                for _, name in due:
                    self._send(encode_mark_inbound(self.stream_sid, name))

    def _echo_loop(self) -> None:
        while not self._closed.wait(0.005):
            now = time.monotonic()
            with self._lock:
                due = [m for m in self._pending_marks if m[0] <= now]
                self._pending_marks = [m for m in self._pending_marks if m[0] > now]
            for _, name in due:
                self._send(encode_mark_inbound(self.stream_sid, name))

    def _send(self, text: str) -> None:
        try:
            if self._ws is not None:
                self._ws.send(text)
        except ConnectionClosed:
            self._closed.set()

    # ---- the caller -------------------------------------------------------------------------

    @property
    def leah_is_talking(self) -> bool:
        with self._lock:
            now = time.monotonic()
            return self._play_end > now or now - self._last_media_at < self.turn_gap_s

    def wait_until_leah_is_quiet(self, quiet_s: float = 0.6, timeout_s: float = 30.0) -> bool:
        """Like a polite caller: wait until Leah stopped and nothing came for ``quiet_s``."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self._closed.is_set():
            with self._lock:
                idle = time.monotonic() - max(self._last_media_at, self._play_end)
            if self._last_media_at and idle >= quiet_s / self.speed:
                return True
            time.sleep(0.01)
        return False

    def wait_until_leah_speaks(self, since: float, timeout_s: float = 15.0) -> bool:
        """Wait for Leah's audio that arrived after ``since`` (monotonic)."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline and not self._closed.is_set():
            with self._lock:
                if self._last_media_at > since:
                    return True
            time.sleep(0.01)
        return False

    def say(self, mulaw: bytes) -> float:
        """Speak ``mulaw`` at the call's pace; returns when the first frame was sent."""
        frame_s = 0.02 / self.speed
        started = time.monotonic()
        with self._lock:
            self.timeline.caller_said(self.call_time(started), mulaw)
        for i, frame in enumerate(split_frames(mulaw)):
            self._chunk += 1
            self._send(encode_media_inbound(self.stream_sid, frame, self._chunk, self._chunk * 20))
            delay = started + (i + 1) * frame_s - time.monotonic()
            if delay > 0:
                time.sleep(delay)
        return started
