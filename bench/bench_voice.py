"""Voice webhook speed: p50/p99 of ``voice_incoming`` at 20 concurrent requests over HTTP against
the Firestore emulator, and the cold import time of the functions module.

Every target runs under the ``functions-framework`` CLI (gunicorn, as deployed) in its own
process, with as many threads as concurrent requests. Baselines measured in the same run, served
and loaded the same way: a bare functions-framework
"hello" target, and one that does a single Firestore read (the floor for any target that touches
Firestore; ``voice_incoming`` does one round trip for a new call before its TwiML: creating the
call; the lead upsert runs after the response). Import baselines: ``flask``,
``functions_framework`` and ``google.cloud.firestore`` alone in a fresh interpreter.
Goals: voice_incoming at 20 concurrent p50 ≤ 1.5× and p99 ≤ 2× one read measured in the same run,
p99 ≤ 150 ms; cold import of functions/main.py ≤ 1 s.

    .venv/bin/python bench/bench_voice.py [--requests 400] [--concurrency 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path

import requests
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
sys.path[:0] = [str(ROOT / "shared"), str(FUNCTIONS)]

from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.crm.repositories import Repositories  # noqa: E402
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER, seed_demo  # noqa: E402
from agentlocator.devstack.processes import ManagedProcess, free_port, venv_bin  # noqa: E402
from agentlocator.devstack.stack import start_stack  # noqa: E402

BASELINE_SOURCE = """
import functools
import functions_framework
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

@functools.cache
def client():
    return firestore.Client(project=%r, credentials=AnonymousCredentials())

@functions_framework.http
def hello(request):
    return "hello"

@functions_framework.http
def one_read(request):
    client().collection("businesses").document("demo-realestate").get()
    return "read"
"""
P99_GOAL_MS = 150.0
P50_RATIO_GOAL, P99_RATIO_GOAL = 1.5, 2.0
ROWS = {
    "hello": "baseline: functions-framework hello",
    "one_read": "baseline: one Firestore read",
    "voice_incoming": "voice_incoming, a new call each",
    "duplicates": "voice_incoming, one CallSid redelivered",
    "one_read_alone": "baseline: one Firestore read, 1 at a time",
    "voice_incoming_alone": "voice_incoming, new calls, 1 at a time",
}
IMPORT_GOAL_S = 1.0


@contextmanager
def serve(target: str, source: str, threads: int, logs: Path) -> Iterator[str]:
    """``functions-framework`` as deployed (gunicorn, one worker, ``threads`` threads) in its own
    process, so the load generator does not share its interpreter."""
    port = free_port()
    argv = [venv_bin("functions-framework"), "--target", target, "--source", source,
            "--host", "127.0.0.1", "--port", str(port)]  # fmt: skip
    server = ManagedProcess(
        target,
        argv,
        "127.0.0.1",
        port,
        # this tree's shared package, not whichever one the venv installed in editable mode
        env={"THREADS": str(threads), "PYTHONPATH": str(ROOT / "shared")},
        log_path=logs / target,
    )
    server.start()
    try:
        server.wait_ready(60)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.stop()


def load(send: Callable[[requests.Session, int], int], total: int, workers: int) -> list[float]:
    """Run ``total`` requests from ``workers`` threads; every one must answer 200."""
    local = threading.local()

    def one(i: int) -> float:
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        started = time.perf_counter()
        status = send(session, i)
        elapsed = time.perf_counter() - started
        if status != 200:
            raise RuntimeError(f"request {i} answered {status}")
        return elapsed * 1000

    with ThreadPoolExecutor(max_workers=workers) as pool:
        list(pool.map(one, range(workers * 2)))  # warm: connections, caches, JIT-free paths
        return list(pool.map(one, range(total)))


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def cold_import(statement: str, runs: int) -> float:
    """Median seconds to run ``statement`` in a fresh interpreter (imports only, no startup)."""
    paths = [str(ROOT / "shared"), str(FUNCTIONS)]
    code = (
        f"import sys, time; sys.path[:0] = {paths!r}; t = time.perf_counter(); {statement}; "
        "print(time.perf_counter() - t)"
    )
    times = []
    for _ in range(runs):
        out = subprocess.run(
            [sys.executable, "-c", code], cwd=FUNCTIONS, capture_output=True, text=True, check=True
        )
        times.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=5)
    args = parser.parse_args()

    stack = start_stack(("firestore",))
    try:
        stack.export()
        os.environ.update(PUBLIC_BASE_URL="https://voice.bench.test", RECORDINGS_BUCKET="")
        import runtime  # the functions' own per-instance settings, now on the emulator

        settings = runtime.settings()
        seed_demo(Repositories.from_settings(settings, SYSTEM_CLOCK))
        validator = RequestValidator(settings.twilio_auth_token)
        signed_url = f"{settings.public_base_url}/voice_incoming"

        def incoming(
            base: str, call_sid: str | None = None
        ) -> Callable[[requests.Session, int], int]:
            def send(session: requests.Session, i: int) -> int:
                form = {
                    "AccountSid": settings.twilio_account_sid,
                    "CallSid": call_sid or "CA" + uuid.uuid4().hex,
                    "CallStatus": "ringing",
                    "Direction": "inbound",
                    "From": "+9725" + f"{i % 10}{i:07d}"[-8:]
                    if call_sid is None
                    else "+972501234567",
                    "To": DEMO_TWILIO_NUMBER,
                }
                headers = {"X-Twilio-Signature": validator.compute_signature(signed_url, form)}
                reply = session.post(base + "/", data=form, headers=headers)
                # a fast apology is not an answer: every call must be connected to the stream
                if "<Stream" not in reply.text:
                    raise RuntimeError(
                        f"call not connected: {reply.status_code} {reply.text[:400]}"
                    )
                return reply.status_code

            return send

        def post(base: str) -> Callable[[requests.Session, int], int]:
            return lambda session, i: session.post(base + "/", data={"i": str(i)}).status_code

        results: dict[str, list[float]] = {name: [] for name in ROWS}
        with tempfile.TemporaryDirectory() as tmp, ExitStack() as servers:
            source = Path(tmp) / "baseline_main.py"
            source.write_text(BASELINE_SOURCE % settings.gcp_project)
            logs, main_py = Path(tmp), str(FUNCTIONS / "main.py")
            hello = servers.enter_context(serve("hello", str(source), args.concurrency, logs))
            read = servers.enter_context(serve("one_read", str(source), args.concurrency, logs))
            voice = servers.enter_context(serve("voice_incoming", main_py, args.concurrency, logs))
            senders = {
                "hello": post(hello),
                "one_read": post(read),
                "voice_incoming": incoming(voice),
                "duplicates": incoming(voice, call_sid="CA" + uuid.uuid4().hex),
            }
            # Rows take turns in small rounds so a change in machine load hits all of them.
            per_round = max(1, args.requests // args.rounds)
            for _ in range(args.rounds):
                for name, send in senders.items():
                    results[name] += load(send, per_round, args.concurrency)
            # One at a time: the path's own cost, without queueing in the emulator.
            for _ in range(args.rounds):
                for name in ("one_read", "voice_incoming"):
                    results[f"{name}_alone"] += load(senders[name], per_round // 4 or 1, 1)
    finally:
        stack.stop()

    imports = {
        "baseline: import flask": "import flask",
        "baseline: import functions_framework": "import functions_framework",
        "baseline: import google.cloud.firestore": "import google.cloud.firestore",
        "functions/voice.py": "import voice",
        "functions/main.py (every function)": "import main",
    }
    seconds = {name: cold_import(stmt, args.import_runs) for name, stmt in imports.items()}

    rounds = f"{args.rounds} interleaved rounds"
    print(f"\nHTTP, {args.requests} requests per row in {rounds}, {args.concurrency} concurrent")
    print(f"{'target':<46}{'p50 ms':>8}{'p99 ms':>8}{'p50 × read':>12}{'p99 × read':>12}")
    for key, label in ROWS.items():
        # Ratios to the one-read baseline measured at the same concurrency.
        base = results["one_read_alone" if key.endswith("_alone") else "one_read"]
        p50, p99 = percentile(results[key], 50), percentile(results[key], 99)
        r50, r99 = p50 / percentile(base, 50), p99 / percentile(base, 99)
        print(f"{label:<46}{p50:>8.1f}{p99:>8.1f}{r50:>12.1f}{r99:>12.1f}")

    print(f"\ncold import, median of {args.import_runs} fresh interpreters")
    print(f"{'module':<46}{'seconds':>8}{'× flask':>13}")
    flask_s = seconds["baseline: import flask"]
    for name, value in seconds.items():
        print(f"{name:<46}{value:>8.3f}{value / flask_s:>13.1f}")

    ratio50 = percentile(results["voice_incoming"], 50) / percentile(results["one_read"], 50)
    ratio99 = percentile(results["voice_incoming"], 99) / percentile(results["one_read"], 99)
    for name, ratio, goal in (("p50", ratio50, P50_RATIO_GOAL), ("p99", ratio99, P99_RATIO_GOAL)):
        print(f"goal voice_incoming {name} ≤ {goal}× one read: {ratio:.2f}× "
              f"{'met' if ratio <= goal else 'MISSED'}")  # fmt: skip
    voice_p99 = percentile(results["voice_incoming"], 99)
    main_s = seconds["functions/main.py (every function)"]
    print(f"\ngoal voice_incoming p99 ≤ {P99_GOAL_MS:.0f} ms: {voice_p99:.1f} ms "
          f"{'met' if voice_p99 <= P99_GOAL_MS else 'MISSED'}")  # fmt: skip
    print(f"goal cold import of main.py ≤ {IMPORT_GOAL_S:.0f} s: {main_s:.3f} s "
          f"{'met' if main_s <= IMPORT_GOAL_S else 'MISSED'}")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
