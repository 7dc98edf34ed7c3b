"""Side by side with Pipecat: the same Twilio callers against our media service and a Pipecat
1.14 Twilio pipeline, both with the same fake STT/LLM/TTS (``bench/vs_pipecat/fakes.py``: the
final transcript 300 ms after the end of speech, the first model token at 400 ms, the first TTS
byte at 200 ms) and the same end-of-speech rule (the turn ends on the final transcript after
``--stop-ms`` of silence).

    .venv/bin/python bench/bench_vs_pipecat.py [--levels 1 10 50] [--capacity 100]

Each stack runs as its own server process (ours from .venv, Pipecat from .venv-pipecat, made by
scripts/setup_pipecat.sh); the callers run in separate client processes (``vs_pipecat/callers``:
espeak-ng Hebrew, real-time 20 ms μ-law frames, marks echoed). Levels alternate between the stacks
so machine load hits both. Per stack: server CPU per call, memory per call, end of speech → first
audio out P50/P95 at each level, barge-in onset → ``clear``, and the most concurrent calls with
no audio lag (Leah's audio arriving late against its own playout, beyond the stack's 1-call P95
+ 50 ms, or failed calls). The last line: ``vs pipecat: cpu per call ratio X, voice-to-voice p50
ratio Y`` (ours / theirs).
"""

from __future__ import annotations

import argparse
import math
import os
import socket
import subprocess
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "bench" / "vs_pipecat"
sys.path[:0] = [str(ROOT), str(ROOT / "shared"), str(HERE)]

from callers import CallResult, worker  # noqa: E402

from media_stream_service.tracing import percentile  # noqa: E402

CALLS_PER_CLIENT = 25
LAG_SLACK_MS = 50.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Stack:
    def __init__(self, name: str, argv: list[str]) -> None:
        self.name = name
        self.idle_cores = 0.0  # its CPU draw with no call (measured after the warm-up)
        self.port = free_port()
        self.proc = subprocess.Popen([*argv, "--port", str(self.port)], cwd=ROOT)
        deadline = time.monotonic() + 120
        while True:
            try:
                httpx.get(f"http://127.0.0.1:{self.port}/healthz", timeout=1).raise_for_status()
                return
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError(f"{name} did not start") from None
                time.sleep(0.2)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/media"

    def cpu_seconds(self) -> float:
        fields = Path(f"/proc/{self.proc.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def rss_mb(self) -> float:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


@dataclass
class Level:
    calls: int
    results: list[CallResult]
    cpu_s: float
    wall_s: float
    rss_before_mb: float
    rss_peak_mb: float

    @property
    def ok(self) -> list[CallResult]:
        return [r for r in self.results if r.failed is None]

    def v2v(self) -> list[float]:
        return [v for r in self.ok for v in r.voice_to_voice_ms]

    def lag_p95(self) -> float:
        lags = [lag for r in self.ok for lag in r.lag_ms]
        return percentile(lags, 95) if lags else 0.0

    def barge(self) -> list[float]:
        return [r.barge_in_ms for r in self.ok if r.barge_in_ms is not None]

    def cpu_ms_per_call(self) -> float:
        return self.cpu_s * 1000 / self.calls

    def call_seconds(self) -> float:
        return self.wall_s  # every call lasts the whole level (they start within ~2 s)


def run_level(stack: Stack, calls: int, first: int) -> Level:
    clients = max(1, math.ceil(calls / CALLS_PER_CLIENT))
    shares = [calls // clients + (1 if i < calls % clients else 0) for i in range(clients)]
    firsts = [first + sum(shares[:i]) for i in range(clients)]
    peak = [stack.rss_mb()]
    before = peak[0]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(0.2):
            peak[0] = max(peak[0], stack.rss_mb())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    cpu0, wall0 = stack.cpu_seconds(), time.monotonic()
    with ProcessPoolExecutor(clients) as pool:
        parts = list(pool.map(worker, [stack.url] * clients, firsts, shares))
    wall = time.monotonic() - wall0
    settle(stack)  # work the level queued up (a lagging stack drains after its calls hung up)
    # less the server's own idle draw over the same time: CPU the calls cost
    cpu = stack.cpu_seconds() - cpu0 - stack.idle_cores * (time.monotonic() - wall0)
    stop.set()
    sampler.join()
    return Level(calls, [r for part in parts for r in part], max(cpu, 0.0), wall, before, peak[0])


def settle(stack: Stack, limit_s: float = 60.0) -> float:
    """Wait until ``stack`` is idle (under 3 % of a core over 2 s); its idle draw, in cores."""
    deadline = time.monotonic() + limit_s
    while True:
        before = stack.cpu_seconds()
        time.sleep(2.0)
        rate = (stack.cpu_seconds() - before) / 2
        if rate < 0.03 or time.monotonic() > deadline:
            return rate


def keeping_up(levels: dict[int, Level]) -> list[int]:
    """The levels with no failed call and no audio lag beyond the 1-call level's."""
    quiet = levels[min(levels)].lag_p95()
    return [
        calls
        for calls, level in levels.items()
        if len(level.ok) == level.calls and level.lag_p95() <= quiet + LAG_SLACK_MS
    ]


def kept_up(levels: dict[int, Level]) -> bool:
    return bool(levels) and len(keeping_up(levels)) == len(levels)


def fmt(values: list[float]) -> str:
    if not values:
        return "n/a"
    return f"{percentile(values, 50):.0f} / {percentile(values, 95):.0f}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 10, 50])
    parser.add_argument("--capacity", type=int, nargs="*", default=[100])
    parser.add_argument("--stop-ms", type=int, default=200)
    parser.add_argument("--speculate-ms", type=int, default=None, help="ours; 0: off")
    args = parser.parse_args()

    subprocess.run(["bash", str(ROOT / "scripts" / "setup_pipecat.sh")], check=True)
    load_before = os.getloadavg()[0]
    ours = Stack(
        "ours",
        [sys.executable, str(HERE / "ours_server.py"), "--stop-ms", str(args.stop_ms)]
        + ([] if args.speculate_ms is None else ["--speculate-ms", str(args.speculate_ms)]),
    )
    theirs = Stack(
        "pipecat",
        [
            str(ROOT / ".venv-pipecat" / "bin" / "python"),
            str(HERE / "pipecat_server.py"),
            "--stop-secs",
            str(args.stop_ms / 1000),
        ],
    )
    stacks = (ours, theirs)
    levels: dict[str, dict[int, Level]] = {s.name: {} for s in stacks}
    try:
        for stack in stacks:
            run_level(stack, 1, 90_000)  # warm: imports, models, caches
            stack.idle_cores = settle(stack)
        warm = httpx.get(f"http://127.0.0.1:{ours.port}/model_requests", timeout=5).json()
        n = 0
        for calls in [*args.levels, *args.capacity]:
            for stack in stacks:
                if calls in args.capacity and not kept_up(levels[stack.name]):
                    continue  # it already lagged: more calls would only load the shared cores
                levels[stack.name][calls] = run_level(stack, calls, n)
                n += calls
        model = httpx.get(f"http://127.0.0.1:{ours.port}/model_requests", timeout=5).json()
        model = {k: model[k] - warm[k] for k in model}
    finally:
        for stack in stacks:
            stack.stop()
    load_after = os.getloadavg()[0]

    print(
        f"\ncores: {os.cpu_count()}; load average {load_before:.1f} before, {load_after:.1f} "
        "after (other engineers share the cores: wall-clock numbers move with it)"
    )
    print(
        "fake services: STT final 300 ms after end of speech, LLM first token 400 ms, "
        f"TTS first byte 200 ms; end of speech: final transcript + {args.stop_ms} ms silence"
    )
    head = f"| {'metric':<44} | {'ours':>16} | {'pipecat':>16} | {'ours/theirs':>11} |"
    print("\n" + head)
    print("|" + "-" * 46 + "|" + "-" * 18 + "|" + "-" * 18 + "|" + "-" * 13 + "|")

    def row(metric: str, a: str, b: str, ratio: float | None) -> None:
        r = f"{ratio:.2f}" if ratio is not None and math.isfinite(ratio) else ""
        print(f"| {metric:<44} | {a:>16} | {b:>16} | {r:>11} |")

    top = max(args.levels)
    for calls in args.levels:
        ours_v2v, theirs_v2v = levels["ours"][calls].v2v(), levels["pipecat"][calls].v2v()
        ratio = (
            percentile(ours_v2v, 50) / percentile(theirs_v2v, 50)
            if ours_v2v and theirs_v2v
            else None
        )
        row(
            f"end of speech → first audio P50 / P95, {calls} calls (ms)",
            fmt(ours_v2v),
            fmt(theirs_v2v),
            ratio,
        )
    barge_a = [v for lv in levels["ours"].values() for v in lv.barge()]
    barge_b = [v for lv in levels["pipecat"].values() for v in lv.barge()]
    ratio = percentile(barge_a, 50) / percentile(barge_b, 50) if barge_a and barge_b else None
    row("barge-in onset → clear P50 / P95 (ms)", fmt(barge_a), fmt(barge_b), ratio)
    cpu = {name: levels[name][top].cpu_ms_per_call() for name in levels}
    secs = {name: levels[name][top].call_seconds() for name in levels}
    row(
        f"CPU per call, {top} calls (ms per call, calls of ~{secs['ours']:.0f} s)",
        f"{cpu['ours']:.0f}",
        f"{cpu['pipecat']:.0f}",
        cpu["ours"] / cpu["pipecat"],
    )
    per_call_mb = {
        name: (levels[name][top].rss_peak_mb - levels[name][top].rss_before_mb) / top
        for name in levels
    }
    row(
        f"memory per call, {top} calls (MB)",
        f"{per_call_mb['ours']:.2f}",
        f"{per_call_mb['pipecat']:.2f}",
        per_call_mb["ours"] / per_call_mb["pipecat"] if per_call_mb["pipecat"] > 0 else None,
    )
    row(
        "server RSS idle → peak (MB)",
        f"{levels['ours'][top].rss_before_mb:.0f} → {levels['ours'][top].rss_peak_mb:.0f}",
        f"{levels['pipecat'][top].rss_before_mb:.0f} → {levels['pipecat'][top].rss_peak_mb:.0f}",
        None,
    )
    most = {name: max(keeping_up(levels[name]), default=0) for name in levels}
    row(
        "most concurrent calls with no audio lag (tried)",
        f"{most['ours']}",
        f"{most['pipecat']}",
        most["ours"] / most["pipecat"] if most["pipecat"] else None,
    )
    for calls in sorted(set(levels["ours"]) | set(levels["pipecat"])):
        cells = {
            name: (
                f"{len(lv.results) - len(lv.ok)} / {lv.lag_p95():.0f}",
                f"{lv.cpu_s / lv.wall_s:.2f}",
            )
            if (lv := levels[name].get(calls)) is not None
            else ("not run", "not run")
            for name in levels
        }
        row(
            f"{calls} calls: failed / audio lag P95 per answer (ms)",
            cells["ours"][0],
            cells["pipecat"][0],
            None,
        )
        row(
            f"{calls} calls: server CPU (fraction of a core)",
            cells["ours"][1],
            cells["pipecat"][1],
            None,
        )
        if calls in levels["ours"] and calls in levels["pipecat"]:
            ours_cpu = levels["ours"][calls].cpu_ms_per_call()
            theirs_cpu = levels["pipecat"][calls].cpu_ms_per_call()
            row(
                f"{calls} calls: CPU per call (ms, idle draw excluded)",
                f"{ours_cpu:.0f}",
                f"{theirs_cpu:.0f}",
                ours_cpu / theirs_cpu if theirs_cpu else None,
            )
    greet_a = [r.greeting_ms for lv in levels["ours"].values() for r in lv.ok if r.greeting_ms]
    greet_b = [r.greeting_ms for lv in levels["pipecat"].values() for r in lv.ok if r.greeting_ms]
    row("greeting: start → first audio P50 / P95 (ms)", fmt(greet_a), fmt(greet_b), None)
    turns = sum(len(r.voice_to_voice_ms) for lv in levels["ours"].values() for r in lv.ok)
    print(
        f"\nours, model requests: {model['speculations']} speculative (started on an interim "
        f"transcript, most dropped when the caller went on), {model['turns']} plain, "
        f"for {turns} answered caller turns"
    )
    failures = [
        f"{name} {calls}: {r.failed}"
        for name in levels
        for calls, lv in levels[name].items()
        for r in lv.results
        if r.failed
    ]
    if failures:
        print(f"\nfailed calls ({len(failures)}), first: {failures[:3]}")
    v2v_ratio = percentile(levels["ours"][1].v2v() or [math.nan], 50) / percentile(
        levels["pipecat"][1].v2v() or [math.nan], 50
    )
    print(
        f"\nvs pipecat: cpu per call ratio {cpu['ours'] / cpu['pipecat']:.2f}, "
        f"voice-to-voice p50 ratio {v2v_ratio:.2f}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
