"""Twilio's side of a Media Stream, over any text WebSocket (TestClient's, or a real one).

Plays caller audio as 20 ms ``media`` messages, echoes Leah's ``mark``s as Twilio does (when the
audio before them has played, here: when the test or simulator says so), and records what Leah
sent: audio, marks and ``clear``s.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

from agentlocator.audio.frames import split_frames
from agentlocator.telephony.media_codec import (
    OutboundClear,
    OutboundEvent,
    OutboundMark,
    OutboundMedia,
    decode_outbound,
    encode_connected_inbound,
    encode_dtmf_inbound,
    encode_mark_inbound,
    encode_media_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)


class ClosedByService(Exception):
    def __init__(self, code: int) -> None:
        super().__init__(f"closed by the media service ({code})")
        self.code = code


class TextSocket(Protocol):
    def send_text(self, data: str) -> None: ...

    def receive_text(self) -> str: ...


@dataclass
class LeahAudio:
    """Leah's output as Twilio saw it, segment by segment (a ``clear`` starts a new segment)."""

    segments: list[bytearray] = field(default_factory=lambda: [bytearray()])
    marks: list[str] = field(default_factory=list)
    clears: int = 0

    @property
    def audio(self) -> bytes:
        return b"".join(self.segments)


class TwilioStreamPeer:
    def __init__(
        self,
        socket: TextSocket,
        call_sid: str = "CA00000000000000000000000000000001",
        stream_sid: str = "MZ00000000000000000000000000000001",
        account_sid: str = "AC00000000000000000000000000000000",
    ) -> None:
        self.socket = socket
        self.call_sid, self.stream_sid, self.account_sid = call_sid, stream_sid, account_sid
        self.leah = LeahAudio()
        self.unechoed_marks: list[str] = []
        self._chunk = 0
        self._timestamp_ms = 0

    def start(self, custom_parameters: dict[str, str]) -> None:
        self.socket.send_text(encode_connected_inbound())
        self.socket.send_text(
            encode_start_inbound(
                self.stream_sid, self.call_sid, self.account_sid, custom_parameters
            )
        )

    def send_audio(self, mulaw: bytes) -> None:
        for frame in split_frames(mulaw):
            self._chunk += 1
            self.socket.send_text(
                encode_media_inbound(self.stream_sid, frame, self._chunk, self._timestamp_ms)
            )
            self._timestamp_ms += 20

    def send_raw(self, text: str) -> None:
        self.socket.send_text(text)

    def send_dtmf(self, digit: str) -> None:
        self.socket.send_text(encode_dtmf_inbound(self.stream_sid, digit))

    def stop(self) -> None:
        self.socket.send_text(encode_stop_inbound(self.stream_sid, self.call_sid, self.account_sid))

    def hang_up(self) -> int:
        """Send ``stop`` and read until the service closes the socket (it finalized the call)."""
        self.stop()
        while True:
            try:
                self.receive()
            except ClosedByService as closed:
                return closed.code

    def receive(self) -> OutboundEvent:
        try:
            text = self.socket.receive_text()
        except Exception as exc:  # each WebSocket library has its own "closed" exception
            code = getattr(exc, "code", None)
            if code is None:
                raise
            raise ClosedByService(int(code)) from exc
        event = decode_outbound(text)
        if isinstance(event, OutboundMedia):
            self.leah.segments[-1].extend(event.payload)
        elif isinstance(event, OutboundMark):
            self.leah.marks.append(event.name)
            self.unechoed_marks.append(event.name)
        elif isinstance(event, OutboundClear):
            self.leah.clears += 1
            self.leah.segments.append(bytearray())
        return event

    def receive_until(self, done: Callable[[OutboundEvent], bool]) -> list[OutboundEvent]:
        events = []
        while True:
            event = self.receive()
            events.append(event)
            if done(event):
                return events

    def receive_audio(self, nbytes: int) -> bytes:
        """Read until ``nbytes`` of Leah's audio (and the mark after it) arrived; return them."""
        got = bytearray()
        while len(got) < nbytes:
            event = self.receive()
            if isinstance(event, OutboundMedia):
                got.extend(event.payload)
        self.receive_until(lambda e: isinstance(e, OutboundMark))
        return bytes(got)

    def echo_marks(self, count: int | None = None) -> list[str]:
        """Tell the service the audio up to the next ``count`` marks (default: all) has played."""
        n = len(self.unechoed_marks) if count is None else count
        echoed, self.unechoed_marks = self.unechoed_marks[:n], self.unechoed_marks[n:]
        for name in echoed:
            self.socket.send_text(encode_mark_inbound(self.stream_sid, name))
        return echoed
