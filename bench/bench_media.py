"""Media stream service bench: capacity per core, barge-in, turn overhead, greeting latency.

One command (``.venv/bin/python bench/bench_media.py``). The service runs under uvicorn in a
child process with zero-latency providers (lookup STT, memoized tone TTS, scripted brain, no-op
recorder), so the numbers are our own overhead. Callers are asyncio WebSocket clients in this
process sending 20 ms μ-law frames at real time and echoing marks.

Baselines measured in the same run:
- capacity: a bare uvicorn WebSocket handler that only parses Twilio's JSON (the transport's
  own cost) under the same load; ratio = our CPU per call / bare CPU per call;
- latency: the WebSocket round trip to the bare server; ratio = our latency / that round trip.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared"), str(ROOT / "bench")]

from media_servers import SECRET, Server, serve  # noqa: E402
from websockets.asyncio.client import connect  # noqa: E402

from agentlocator.audio.analyzer import InboundAudioAnalyzer  # noqa: E402
from agentlocator.audio.frames import split_frames  # noqa: E402
from agentlocator.audio.mulaw import mulaw_silence, mulaw_to_pcm, pcm_dbfs  # noqa: E402
from agentlocator.audio.signals import attenuate, mix_noise, overlay  # noqa: E402
from agentlocator.audio.vad import SpeechStarted  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.simulator.fixtures import load_utterances, utterance  # noqa: E402
from agentlocator.telephony.media_codec import (  # noqa: E402
    encode_connected_inbound,
    encode_mark_inbound,
    encode_media_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)
from agentlocator.telephony.stream_token import issue_stream_token  # noqa: E402
from media_stream_service.tracing import percentile  # noqa: E402

BUSINESS = "bench-biz"
CALLER = "+972501234567"
FRAME_S = 0.02


# ---- the client side ------------------------------------------------------------------------


def start_messages(call_sid: str) -> list[str]:
    token = issue_stream_token(SECRET, BUSINESS, call_sid, SYSTEM_CLOCK.now(), 600, caller=CALLER)
    params = {"token": token, "business_id": BUSINESS, "caller": CALLER}
    sid = "MZ" + call_sid[2:]
    return [encode_connected_inbound(), encode_start_inbound(sid, call_sid, "AC0", params)]


def conversation_frames() -> list[str]:
    """What a caller says, as Twilio media messages: two turns with pauses, ~9 s, looped."""
    audio = (
        utterance("rooms").mulaw
        + mulaw_silence(1500)
        + utterance("meeting").mulaw
        + mulaw_silence(1500)
    )
    sid = "MZ" + "0" * 32
    return [encode_media_inbound(sid, f, i, i * 20) for i, f in enumerate(split_frames(audio))]


class CallResult:
    def __init__(self) -> None:
        self.greeting_ms: float | None = None
        self.send_lag_ms: list[float] = []
        self.leah_bytes = 0


async def simulated_call(url: str, n: int, seconds: float, frames: list[str]) -> CallResult:
    result = CallResult()
    call_sid = f"CA{n:032d}"
    sid = "MZ" + call_sid[2:]
    loop = asyncio.get_running_loop()
    async with connect(url, max_queue=None) as ws:
        started = loop.time()
        for message in start_messages(call_sid):
            await ws.send(message)

        async def receive() -> None:
            async for message in ws:
                text = str(message)
                if '"media"' in text:
                    if result.greeting_ms is None:
                        result.greeting_ms = (loop.time() - started) * 1000
                    result.leah_bytes += (len(text) - 80) * 3 // 4
                elif '"mark"' in text:
                    name = json.loads(text)["mark"]["name"]
                    await ws.send(encode_mark_inbound(sid, name))

        receiver = asyncio.create_task(receive())
        t0 = loop.time()
        for i in range(int(seconds / FRAME_S)):
            due = t0 + i * FRAME_S
            delay = due - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            else:
                result.send_lag_ms.append(-delay * 1000)
            await ws.send(frames[i % len(frames)])
        await ws.send(encode_stop_inbound(sid, call_sid, "AC0"))
        try:
            await asyncio.wait_for(receiver, 5)
        except TimeoutError:
            receiver.cancel()
    return result


async def load(url: str, first: int, calls: int, seconds: float) -> list[CallResult]:
    frames = conversation_frames()

    async def staggered(n: int) -> CallResult:
        await asyncio.sleep((n - first) * 0.013)  # calls do not all start on the same frame
        return await simulated_call(url, n, seconds, frames)

    return list(await asyncio.gather(*(staggered(n) for n in range(first, first + calls))))


def load_worker(
    url: str, first: int, calls: int, seconds: float
) -> tuple[list[float], list[float]]:
    """One client process: (send lags, greeting latencies) of its calls."""
    results = asyncio.run(load(url, first, calls, seconds))
    lags = [lag for r in results for lag in r.send_lag_ms]
    return lags, [r.greeting_ms for r in results if r.greeting_ms is not None]


def run_load(server: Server, calls: int, seconds: float) -> dict[str, float]:
    """``calls`` simulated callers spread over client processes (one Python process cannot
    send 50 frames a second for a hundred calls on time by itself)."""
    workers = min(4, max(1, calls // 25))
    shares = [calls // workers + (1 if i < calls % workers else 0) for i in range(workers)]
    firsts = [sum(shares[:i]) for i in range(workers)]
    cpu_before, wall_before = server.cpu_seconds(), time.monotonic()
    with ProcessPoolExecutor(workers) as pool:
        parts = list(
            pool.map(load_worker, [server.ws] * workers, firsts, shares, [seconds] * workers)
        )
    cpu = server.cpu_seconds() - cpu_before
    wall = time.monotonic() - wall_before
    lags = [lag for part in parts for lag in part[0]]
    greetings = [g for part in parts for g in part[1]]
    return {
        "calls": calls,
        "cpu_fraction": cpu / wall,
        "cpu_ms_per_call_second": cpu * 1000 / (calls * seconds),
        "client_lag_p95": percentile(lags, 95) if lags else 0.0,
        "greeting_p50": percentile(greetings, 50) if greetings else float("nan"),
    }


async def round_trip_ms(url: str, n: int = 200) -> float:
    async with connect(url) as ws:
        samples = []
        for _ in range(n):
            t = time.perf_counter()
            await ws.send("ping")
            await ws.recv()
            samples.append((time.perf_counter() - t) * 1000)
    return percentile(samples, 50)


async def barge_in_once(url: str, n: int, name: str) -> float | None:
    """Caller talks over the greeting: ms from the first speech frame sent to ``clear``."""
    call_sid = f"CB{n:032d}"
    sid = "MZ" + call_sid[2:]
    onset = speech_onset_frame(name)
    audio = utterance(name).mulaw + mulaw_silence(500)
    loop = asyncio.get_running_loop()
    async with connect(url, max_queue=None) as ws:
        for message in start_messages(call_sid):
            await ws.send(message)
        t0 = loop.time()
        onset_at: float | None = None
        cleared: float | None = None

        async def receive() -> None:
            nonlocal cleared
            async for message in ws:
                if '"clear"' in str(message) and cleared is None:
                    cleared = loop.time()

        receiver = asyncio.create_task(receive())
        for i, frame in enumerate(split_frames(audio)):
            delay = t0 + i * FRAME_S - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            if i == onset:
                onset_at = loop.time()
            await ws.send(encode_media_inbound(sid, frame, i, i * 20))
        await ws.send(encode_stop_inbound(sid, call_sid, "AC0"))
        await asyncio.wait_for(receiver, 5)
    if cleared is None or onset_at is None:
        return None
    return (cleared - onset_at) * 1000


def speech_onset_frame(name: str) -> int:
    for a in InboundAudioAnalyzer().push(utterance(name).mulaw):
        if isinstance(a.vad_event, SpeechStarted):
            return a.vad_event.onset_frame
    raise ValueError(name)


def false_barge_ins(snr_db: float, seconds: int = 60) -> int:
    """Leah talking, her echo 20 dB down plus line noise, no caller: barge-ins that fire."""
    leah = b"".join(u.mulaw for u in load_utterances().values())
    leah = (leah * (seconds * 8000 // len(leah) + 1))[: seconds * 8000]
    echo = mulaw_silence(200) + attenuate(leah, 20)[: len(leah) - 1600]
    inbound = mix_noise(echo, snr_db, seed=11)
    analyzer = InboundAudioAnalyzer()
    analyzer.leah_started()
    fired = 0
    for out_frame, in_frame in zip(split_frames(leah), split_frames(inbound), strict=False):
        analyzer.barge_in.note_outbound_level(pcm_dbfs(mulaw_to_pcm(out_frame)))
        fired += sum(a.barge_in for a in analyzer.push(in_frame))
        if analyzer.barge_in.fired:
            analyzer.barge_in.reset()
    return fired


def decision_frames(snr_db: float | None) -> list[int]:
    """Frames from the caller's speech onset to the barge-in decision, over every fixture."""
    out = []
    leah = b"".join(u.mulaw for u in load_utterances().values())[: 5 * 8000]
    for name in ("shalom", "rooms", "meeting", "ken"):
        caller = utterance(name).mulaw
        inbound = overlay(mulaw_silence(200) + attenuate(leah, 20), caller, at_byte=8000)
        if snr_db is not None:
            inbound = mix_noise(inbound, snr_db, seed=5)
        analyzer = InboundAudioAnalyzer()
        analyzer.leah_started()
        for i, (o, x) in enumerate(zip(split_frames(leah), split_frames(inbound), strict=False)):
            analyzer.barge_in.note_outbound_level(pcm_dbfs(mulaw_to_pcm(o)))
            if any(a.barge_in for a in analyzer.push(x)):
                out.append(i - (50 + speech_onset_frame(name)))
                break
    return out


def row(metric: str, value: str, goal: str, baseline: str, ratio: str) -> str:
    return f"| {metric:<46} | {value:>14} | {goal:>10} | {baseline:>16} | {ratio:>8} |"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--serve", choices=["app", "bare"])
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--calls", type=int, nargs="+", default=[25, 50, 100])
    args = parser.parse_args()
    if args.serve:
        serve(args.serve, args.port)
        return 0

    print(
        f"cores: {os.cpu_count()}; load average now: {os.getloadavg()[0]:.1f} "
        "(other processes share these cores: wall-clock numbers move with it)"
    )
    bare = Server("bare")
    quiet = Server("app")  # latency, one call at a time
    loaded = Server("app")  # capacity
    try:
        rtt = asyncio.run(round_trip_ms(bare.ws))
        top = max(args.calls)
        bare_load = run_load(bare, top, args.seconds)
        for _ in range(5):
            run_load(quiet, 1, 6.0)  # greeting + one caller turn + Leah's answer
        barge = [
            asyncio.run(barge_in_once(quiet.ws, i, n))
            for i, n in enumerate(["rooms", "shalom", "ken", "rooms", "shalom", "ken"])
        ]
        app_stats = quiet.stats()
        loads = [run_load(loaded, n, args.seconds) for n in args.calls]
        load_stats = loaded.stats()
    finally:
        for server in (bare, quiet, loaded):
            server.stop()

    lat = app_stats["latency_ms"]
    print()
    print(row("metric", "value", "goal", "baseline", "ratio"))
    print(row("-" * 46, "-" * 14, "-" * 10, "-" * 16, "-" * 8))
    bare_cost = bare_load["cpu_ms_per_call_second"]
    for result in loads:
        per_core = 1000.0 / result["cpu_ms_per_call_second"]
        print(
            row(
                f"{result['calls']:.0f} calls: server CPU (fraction of a core)",
                f"{result['cpu_fraction']:.2f}",
                "",
                f"bare {bare_load['cpu_fraction']:.2f}@{top}",
                "",
            )
        )
        print(
            row(
                f"{result['calls']:.0f} calls: capacity, calls per core",
                f"{per_core:.0f}",
                ">= 100",
                f"bare {1000 / bare_cost:.0f}",
                f"{result['cpu_ms_per_call_second'] / bare_cost:.1f}x cpu",
            )
        )
        print(
            row(
                f"{result['calls']:.0f} calls: client send lag P95 (ms)",
                f"{result['client_lag_p95']:.1f}",
                "< 20",
                "",
                "",
            )
        )
    loop_lag = load_stats["latency_ms"].get("loop_lag", {})
    print(
        row(
            "server event-loop lag under load P50 / P95 (ms)",
            f"{loop_lag.get('p50', float('nan')):.1f} / {loop_lag.get('p95', float('nan')):.1f}",
            "< 20",
            "",
            "",
        )
    )
    for stage in ("first_token", "tts_first_byte", "first_audio_out"):
        s = lat.get(stage, {})
        print(
            row(
                f"end of turn → {stage} P50 / P95 (ms)",
                f"{s.get('p50', float('nan')):.2f} / {s.get('p95', float('nan')):.2f}",
                "<= 30" if stage == "first_audio_out" else "",
                f"ws rtt {rtt:.2f}",
                f"{s.get('p50', float('nan')) / rtt:.1f}x" if rtt else "",
            )
        )
    g = lat.get("greeting_first_audio", {})
    print(
        row(
            "greeting after start, server P50 / P95 (ms)",
            f"{g.get('p50', float('nan')):.2f} / {g.get('p95', float('nan')):.2f}",
            "<= 50",
            f"ws rtt {rtt:.2f}",
            f"{g.get('p50', float('nan')) / rtt:.1f}x",
        )
    )
    loaded_first = load_stats["latency_ms"].get("first_audio_out", {})
    print(
        row(
            "under load: end of turn → first audio P50 / P95",
            f"{loaded_first.get('p50', float('nan')):.1f} / "
            f"{loaded_first.get('p95', float('nan')):.1f}",
            "",
            "",
            "",
        )
    )
    client_greeting = percentile([r["greeting_p50"] for r in loads], 50)
    print(
        row(
            "under load: greeting after start, caller P50 (ms)",
            f"{client_greeting:.2f}",
            "<= 50",
            f"ws rtt {rtt:.2f}",
            f"{client_greeting / rtt:.1f}x",
        )
    )
    measured = [b for b in barge if b is not None]
    print(
        row(
            "barge-in: speech onset → clear, live P50 / max (ms)",
            f"{percentile(measured, 50):.0f} / {max(measured, default=float('nan')):.0f}",
            "<= 120",
            f"ws rtt {rtt:.2f}",
            f"{percentile(measured, 50) / rtt:.0f}x",
        )
    )
    for snr in (None, 20.0, 10.0):
        frames = decision_frames(snr)
        label = "clean" if snr is None else f"{snr:.0f} dB SNR"
        print(
            row(
                f"barge-in decision, fixtures, {label} (ms each)",
                " ".join(str(f * 20) for f in frames),
                "<= 120",
                "",
                "",
            )
        )
    for snr in (20.0, 10.0):
        print(
            row(
                f"false barge-ins, 60 s of echo + noise at {snr:.0f} dB",
                str(false_barge_ins(snr)),
                "0" if snr == 20 else "",
                "",
                "",
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
