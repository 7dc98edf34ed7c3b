"""Twilio's side of a call, for both stacks: espeak-ng Hebrew audio as real-time 20 ms μ-law
frames, marks echoed, Leah's audio timed on arrival.

One call: the greeting, then ``TURNS`` caller turns (each answered in full), then a barge-in
(the caller talks over Leah's answer). Measured on the caller's side:
- end of speech → first audio out: from the end of the caller's last speech frame to the first
  media message of Leah's answer;
- barge-in: from the first speech frame of the interruption to ``clear``;
- audio lag: how late Leah's audio arrives against its own playout (a chunk that comes after
  the previous one finished playing leaves a gap on the line), summed per answer.
"""

from __future__ import annotations

import asyncio
import base64
import json
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "shared"), str(Path(__file__).parent)]

with warnings.catch_warnings():
    warnings.simplefilter("ignore", DeprecationWarning)
    import audioop

import fakes  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from agentlocator.audio.frames import split_frames  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.simulator.fixtures import utterance  # noqa: E402
from agentlocator.telephony.media_codec import (  # noqa: E402
    encode_connected_inbound,
    encode_mark_inbound,
    encode_media_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)
from agentlocator.telephony.stream_token import issue_stream_token  # noqa: E402

FRAME_S = 0.02
SILENCE = b"\xff" * 160
IDLE_S = 0.5  # no Leah audio for this long: she finished
TURNS = 2
SECRET = "bench-secret"
BUSINESS = "bench-biz"
CALLER = "+972501234567"


def speech_frames(name: str) -> list[bytes]:
    """The utterance's frames, trimmed to its speech (the fixtures carry 0.5 s of padding)."""
    frames = split_frames(utterance(name).mulaw)
    loud = [i for i, f in enumerate(frames) if audioop.rms(audioop.ulaw2lin(f, 2), 2) >= 300]
    return frames[loud[0] : loud[-1] + 1]


@dataclass
class CallResult:
    greeting_ms: float | None = None
    voice_to_voice_ms: list[float] = field(default_factory=list)
    barge_in_ms: float | None = None
    lag_ms: list[float] = field(default_factory=list)  # per answer
    send_lag_ms: list[float] = field(default_factory=list)
    failed: str | None = None


class Leah:
    """What the caller hears."""

    def __init__(self) -> None:
        loop = asyncio.get_running_loop()
        self.time = loop.time
        self.last_media = 0.0
        self.media_count = 0
        self.first_media_after: dict[float, float] = {}
        self.cleared_at: list[float] = []
        self.answer_started = 0.0
        self._playout_end = 0.0
        self._lag = 0.0
        self.answer_lags: list[float] = []

    def heard(self, payload_bytes: int) -> None:
        now = self.time()
        if now - self.last_media > IDLE_S:  # a new answer begins
            if self.media_count:
                self.answer_lags.append(self._lag * 1000)
            self._lag = 0.0
            self._playout_end = self.answer_started = now
        else:
            self._lag += max(0.0, now - self._playout_end)
            self._playout_end = max(self._playout_end, now)
        self._playout_end += payload_bytes / 8000
        self.last_media = now
        self.media_count += 1

    def idle(self) -> bool:
        return self.media_count > 0 and self.time() - self.last_media > IDLE_S


async def one_call(url: str, n: int, words: list[list[bytes]]) -> CallResult:
    result = CallResult()
    call_sid = f"CA{n:032d}"
    stream_sid = "MZ" + call_sid[2:]
    token = issue_stream_token(SECRET, BUSINESS, call_sid, SYSTEM_CLOCK.now(), 600, caller=CALLER)
    params = {"token": token, "business_id": BUSINESS, "caller": CALLER}
    async with connect(url, max_queue=None, subprotocols=["audio.twilio.com"]) as ws:  # type: ignore[list-item]
        leah = Leah()
        started = leah.time()
        await ws.send(encode_connected_inbound())
        await ws.send(encode_start_inbound(stream_sid, call_sid, "AC0", params))

        async def receive() -> None:
            async for message in ws:
                event = json.loads(message)
                kind = event.get("event")
                if kind == "media":
                    if result.greeting_ms is None:
                        result.greeting_ms = (leah.time() - started) * 1000
                    leah.heard(len(base64.b64decode(event["media"]["payload"])))
                elif kind == "mark":
                    await ws.send(encode_mark_inbound(stream_sid, event["mark"]["name"]))
                elif kind == "clear":
                    leah.cleared_at.append(leah.time())

        receiver = asyncio.create_task(receive())
        chunk = 0
        t0 = leah.time()

        async def send(frame: bytes) -> float:
            """Send one frame in its real-time slot; returns when its audio ends."""
            nonlocal chunk
            due = t0 + chunk * FRAME_S
            delay = due - leah.time()
            if delay > 0:
                await asyncio.sleep(delay)
            elif delay < -0.005:
                result.send_lag_ms.append(-delay * 1000)
            await ws.send(encode_media_inbound(stream_sid, frame, chunk, chunk * 20))
            chunk += 1
            return due + FRAME_S

        async def silence_until(done: object, limit_s: float) -> bool:
            deadline = leah.time() + limit_s
            while not done():  # type: ignore[operator]
                if leah.time() > deadline:
                    return False
                await send(SILENCE)
            return True

        try:
            if not await silence_until(leah.idle, 15):
                raise TimeoutError("no greeting")
            for turn in range(TURNS + 1):
                said = words[turn % len(words)]
                end_of_speech = 0.0
                for frame in said:
                    end_of_speech = await send(frame)
                heard_before = leah.media_count
                if not await silence_until(lambda h=heard_before: leah.media_count > h, 10):
                    raise TimeoutError(f"no answer to turn {turn}")
                answered = leah.answer_started
                if turn < TURNS:
                    result.voice_to_voice_ms.append((answered - end_of_speech) * 1000)
                    if not await silence_until(leah.idle, 15):
                        raise TimeoutError("Leah never stopped")
                    continue
                # the barge-in: talk over the answer 300 ms into it
                result.voice_to_voice_ms.append((answered - end_of_speech) * 1000)
                await silence_until(lambda a=answered: leah.time() - a >= 0.3, 1)
                onset = leah.time()
                clears = len(leah.cleared_at)
                for frame in words[0]:
                    await send(frame)
                    if len(leah.cleared_at) > clears:
                        break
                await silence_until(lambda c=clears: len(leah.cleared_at) > c, 2)
                if len(leah.cleared_at) > clears:
                    result.barge_in_ms = (leah.cleared_at[clears] - onset) * 1000
                await silence_until(leah.idle, 10)
            leah.heard(0)  # closes the last answer's lag
        except TimeoutError as exc:
            result.failed = str(exc)
        result.lag_ms = leah.answer_lags
        await ws.send(encode_stop_inbound(stream_sid, call_sid, "AC0"))
        receiver.cancel()
    return result


async def many_calls(url: str, first: int, count: int) -> list[CallResult]:
    words = [speech_frames(name) for name in ("rooms", "meeting")]

    async def staggered(n: int) -> CallResult:
        await asyncio.sleep((n - first) * 0.037)  # calls do not all start on the same frame
        try:
            return await one_call(url, n, words)
        except Exception as exc:  # a refused or dropped socket: the call failed
            return CallResult(failed=repr(exc))

    return list(await asyncio.gather(*(staggered(n) for n in range(first, first + count))))


def worker(url: str, first: int, count: int) -> list[CallResult]:
    """One client process's share of the calls."""
    return asyncio.run(many_calls(url, first, count))


__all__ = ["CallResult", "fakes", "worker"]
