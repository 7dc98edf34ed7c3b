"""Leah's speed: the pure Hebrew pipeline per caller line, and whole brain turns on the Firestore
emulator (offline engine, the LLM through a local chat-completions server, and the fallback when
that server is too slow). Ratios are to the cheapest step, ``normalize``, measured in this run.

    .venv/bin/python bench/bench_agent.py [--no-stack]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared")]

from agentlocator.agent.calendar_bridge import finder_for  # noqa: E402
from agentlocator.agent.engine import respond  # noqa: E402
from agentlocator.agent.state import DialogueState  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.crm.seed import demo_business  # noqa: E402
from agentlocator.hebrew.cities import find_city  # noqa: E402
from agentlocator.hebrew.normalize import normalize  # noqa: E402
from agentlocator.hebrew.numbers import find_numbers  # noqa: E402
from agentlocator.hebrew.understanding import understand  # noqa: E402
from agentlocator.hebrew.when import parse_when  # noqa: E402

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
LINE = 'שלום, קוראים לי יוסי, מחפש לקנות דירת 4 וחצי חדרים בפ"ת עד מיליון ושמונה מאות אלף, מחר בעשר'


def timeit(fn: Callable[[], object], repeat: int) -> float:
    """Median seconds per call."""
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples)


def pure_rows() -> list[tuple[str, float]]:
    business = demo_business()
    text = normalize(LINE)
    tokens = text.split()
    finder = finder_for(business, [], NOW)
    return [
        ("normalize (baseline)", timeit(lambda: normalize(LINE), 2000)),
        ("numbers", timeit(lambda: find_numbers(tokens), 2000)),
        ("city", timeit(lambda: find_city(text), 500)),
        ("date/time phrase", timeit(lambda: parse_when(text, NOW), 2000)),
        ("understand (all fields+intents)", timeit(lambda: understand(LINE, None, {}, NOW), 300)),
        ("free slots, 60 days, 2 agents", timeit(lambda: finder_for(business, [], NOW), 50)),
        (
            "engine turn (pure)",
            timeit(lambda: respond(DialogueState(), LINE, NOW, finder, "voice"), 200),
        ),
    ]


async def stack_rows() -> list[tuple[str, float]]:
    from agentlocator.agent.brain import Brain
    from agentlocator.agent.openai_llm import OpenAIResponder
    from agentlocator.agent.port import ConversationRef
    from agentlocator.crm.repositories import Repositories
    from agentlocator.crm.seed import seed_demo
    from agentlocator.devstack.stack import start_stack
    from tests.integration.agent.fake_openai import Reply, base_url, fake_openai

    stack = start_stack(["firestore"])
    rows: list[tuple[str, float]] = []
    try:
        stack.export()
        settings = stack.settings()
        repos = Repositories.from_settings(settings, SYSTEM_CLOCK)
        seed_demo(repos)

        async def first_clause(brain: Brain, phone: str) -> float:
            ref = ConversationRef("demo-realestate", phone, "voice")
            started = time.perf_counter()
            stream = brain.respond(ref, "מחפש לשכור דירה 3 חדרים בחולון", NOW)
            await anext(stream)
            elapsed = time.perf_counter() - started
            async for _ in stream:
                pass
            return elapsed

        async def median(brain: Brain, runs: int, prefix: str) -> float:
            values = [await first_clause(brain, f"+9725{prefix}{i:06d}") for i in range(runs)]
            return statistics.median(values)

        rows.append(("brain turn, offline engine", await median(Brain(repos, settings), 10, "21")))
        for label, reply, prefix in (
            ("brain turn, LLM (local server)", Reply(text="בשמחה. באיזה אזור?"), "22"),
            ("brain turn, LLM too slow → fallback", Reply(delay_seconds=5, text="x"), "23"),
            ("brain turn, LLM error → fallback", Reply(status=500), "24"),
        ):

            def always(request: dict[str, object], answer: Reply = reply) -> Reply:
                return answer

            with fake_openai(always) as server:
                llm_settings = settings.model_copy(
                    update={"openai_api_key": "sk-local", "openai_base_url": base_url(server)}
                )
                brain = Brain(repos, llm_settings, OpenAIResponder.from_settings(llm_settings))
                rows.append((label, await median(brain, 3, prefix)))
    finally:
        stack.stop()
    return rows


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--no-stack", action="store_true", help="skip the emulator section")
    args = parser.parse_args()
    rows = pure_rows()
    if not args.no_stack:
        rows += asyncio.run(stack_rows())
    baseline = rows[0][1]
    print(f"{'step':40} {'median':>12} {'x baseline':>12}")
    for label, seconds in rows:
        shown = f"{seconds * 1e6:.1f} µs" if seconds < 1e-3 else f"{seconds * 1e3:.1f} ms"
        print(f"{label:40} {shown:>12} {seconds / baseline:>12.0f}")
    print(f"(measured {SYSTEM_CLOCK.now():%Y-%m-%d %H:%M} UTC; brain turns = time to first clause)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
