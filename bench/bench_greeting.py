"""The greeting's first audio with cold caches: from Twilio's ``start`` to Leah's first media.

Each call runs against a freshly started media service (nothing cached: no greeting audio, no
business, no voice), with Leah's real brain on the Firestore emulator and the stream parameters
the real voice webhook logic (``CallLifecycle``) produced for a real call. Rows, measured in the
same run and interleaved:
- now: the webhook's parameters carry the business's opening line and voice; the greeting's
  first audio needs no Firestore read;
- baseline: the same call without them (the brain loads business, lead, meetings and prompt, and
  the voice is looked up, before the first word), i.e. the path before this change;
- baseline: one Firestore read from the same process.
Goal: first audio ≤ 50 ms after ``start``, cold. TTS is the local tone voice (a few ms): a cold
Google TTS render would add its own latency to both rows (production renders each business's
opening once per instance and keeps it).

    .venv/bin/python bench/bench_greeting.py [--calls 15]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared")]

from websockets.asyncio.client import connect  # noqa: E402

from agentlocator.agent.factory import build_brain  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.config import Settings  # noqa: E402
from agentlocator.crm.repositories import Repositories  # noqa: E402
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER, seed_demo  # noqa: E402
from agentlocator.crm.stream_claims import StreamClaimRepository  # noqa: E402
from agentlocator.devstack.stack import start_stack  # noqa: E402
from agentlocator.simulator.serving import serve_in_thread  # noqa: E402
from agentlocator.speech.local import LookupSpeechToText, ToneTextToSpeech  # noqa: E402
from agentlocator.telephony.call_lifecycle import CallLifecycle, VoiceConfig  # noqa: E402
from agentlocator.telephony.media_codec import (  # noqa: E402
    encode_connected_inbound,
    encode_start_inbound,
    encode_stop_inbound,
)
from agentlocator.telephony.stream_token import issue_stream_token  # noqa: E402
from agentlocator.telephony.webhook_forms import IncomingCallForm  # noqa: E402
from media_stream_service.app import create_app  # noqa: E402
from media_stream_service.greeting import GreetingCache  # noqa: E402
from media_stream_service.providers import BusinessVoices  # noqa: E402
from media_stream_service.recorder import NullCallRecorder  # noqa: E402
from media_stream_service.services import CallServices  # noqa: E402
from media_stream_service.stream_claims import FirestoreStreamClaims  # noqa: E402
from media_stream_service.tracing import percentile  # noqa: E402

GOAL_MS = 50.0


def cold_app(settings: Settings, repos: Repositories) -> object:
    @asynccontextmanager
    async def services(app_settings: Settings) -> AsyncIterator[CallServices]:
        tts = ToneTextToSpeech()
        yield CallServices(
            app_settings,
            build_brain(repos, app_settings),
            LookupSpeechToText(),
            tts,
            NullCallRecorder(),
            GreetingCache(tts),
            SYSTEM_CLOCK,
            voice_for=BusinessVoices(repos),
            claims=FirestoreStreamClaims(StreamClaimRepository(repos.client)),
        )

    return create_app(settings, services)


def webhook_parameters(lifecycle: CallLifecycle, settings: Settings, n: int) -> dict[str, str]:
    form = IncomingCallForm.model_validate(
        {"CallSid": f"CA{n:032d}", "AccountSid": settings.twilio_account_sid,
         "From": f"+97250{n:07d}", "To": DEMO_TWILIO_NUMBER}
    )  # fmt: skip
    stream = ET.fromstring(lifecycle.answer_incoming(form).encode()).find("Connect/Stream")
    assert stream is not None, "the webhook did not connect the call"
    return {p.attrib["name"]: p.attrib["value"] for p in stream.findall("Parameter")}


def without_greeting(params: dict[str, str], settings: Settings) -> dict[str, str]:
    """The same caller as the webhook answered before: no opening line, no voice (another
    CallSid, since a token opens one stream)."""
    call_sid = "CB" + params["call_sid"][2:]
    token = issue_stream_token(
        settings.stream_token_secret, params["business_id"], call_sid, SYSTEM_CLOCK.now(), 600,
        caller=params["caller"],
    )  # fmt: skip
    return {"business_id": params["business_id"], "call_sid": call_sid, "caller": params["caller"],
            "token": token}  # fmt: skip


async def first_audio_ms(url: str, params: dict[str, str]) -> float:
    call_sid = params.get("call_sid") or "CA0"
    stream_sid = "MZ" + call_sid[2:]
    async with connect(url) as ws:
        await ws.send(encode_connected_inbound())
        started = time.perf_counter()
        await ws.send(encode_start_inbound(stream_sid, call_sid, "AC0", params))
        async for message in ws:
            if json.loads(message).get("event") == "media":
                elapsed = (time.perf_counter() - started) * 1000
                break
        await ws.send(encode_stop_inbound(stream_sid, call_sid, "AC0"))
    return elapsed


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=15)
    args = parser.parse_args()
    stack = start_stack(("firestore",))
    rows: dict[str, list[float]] = {"now": [], "before": [], "read": []}
    try:
        stack.export()
        settings = stack.settings({"environment": "test", "stream_token_secret": "bench"})
        repos = Repositories.from_settings(settings, SYSTEM_CLOCK)
        business = seed_demo(repos)
        lifecycle = CallLifecycle(
            repos.businesses,
            repos.calls,
            repos.leads,
            VoiceConfig.from_settings(settings, "/recording_status"),
            SYSTEM_CLOCK,
        )
        for n in range(1, args.calls + 1):
            params = webhook_parameters(lifecycle, settings, n)
            for name, call_params in (
                ("now", params),
                ("before", without_greeting(params, settings)),
            ):
                # a fresh service each time: every cache is cold
                with serve_in_thread(cold_app(settings, repos)) as address:
                    rows[name].append(
                        asyncio.run(first_audio_ms(f"ws://{address}/media", call_params))
                    )
            started = time.perf_counter()
            repos.businesses.get(business.id)
            rows["read"].append((time.perf_counter() - started) * 1000)
    finally:
        stack.stop()

    read50 = percentile(rows["read"], 50)
    print(f"\ngreeting first audio after start, cold caches, {args.calls} calls per row")
    print(f"{'row':<58}{'p50 ms':>8}{'p95 ms':>8}{'p50 × read':>12}")
    labels = {
        "now": "opening from the stream parameters (no Firestore read)",
        "before": "baseline: brain + voice lookup first (Firestore reads)",
        "read": "baseline: one Firestore read",
    }
    for key, label in labels.items():
        p50, p95 = percentile(rows[key], 50), percentile(rows[key], 95)
        print(f"{label:<58}{p50:>8.1f}{p95:>8.1f}{p50 / read50:>12.1f}")
    now50 = percentile(rows["now"], 50)
    print(f"goal first audio ≤ {GOAL_MS:.0f} ms after start, cold: {now50:.1f} ms "
          f"{'met' if now50 <= GOAL_MS else 'MISSED'}; "
          f"{percentile(rows['before'], 50) / now50:.1f}× faster than before")  # fmt: skip
    print(f"machine: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
