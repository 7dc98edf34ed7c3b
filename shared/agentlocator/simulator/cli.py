"""``python -m agentlocator.simulator``: call Leah as a Hebrew caller and print what she said.

With ``make run`` up, the simulator posts a signed incoming-call webhook to the local functions,
follows the TwiML to the media service, registers its recordings with the offline recognizer, and
talks: it waits for Leah to finish, says the next line, and saves each of Leah's turns as WAV.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import load_settings
from agentlocator.devstack.stack import STACK_FILE
from agentlocator.simulator.caller import RealtimeCall
from agentlocator.simulator.fixtures import load_utterances
from agentlocator.simulator.webhook import (
    StreamInstruction,
    incoming_call_form,
    new_call_sid,
    post_incoming_call,
)
from agentlocator.speech.local_servers import register_remote_utterance
from agentlocator.speech.wav import wav_mulaw
from agentlocator.telephony.stream_token import issue_stream_token


def _stack_urls() -> dict[str, str]:
    try:
        data = json.loads(STACK_FILE.read_text())
    except (OSError, ValueError):
        return {}
    return {k: str(v) for k, v in data.items() if k.endswith("_url")}


def _stats_url(media_url: str) -> str:
    parts = urlsplit(media_url)
    scheme = "https" if parts.scheme == "wss" else "http"
    return f"{scheme}://{parts.netloc}/stats"


def register_with_offline_speech(media_url: str, names: list[str]) -> bool:
    info = httpx.get(_stats_url(media_url), timeout=10).json().get("info", {})
    if info.get("speech_mode") != "offline":
        return False
    utterances = load_utterances()
    for name in names:
        u = utterances[name]
        register_remote_utterance(info["speech_endpoint"], u.mulaw, u.text)
    return True


def main(argv: list[str] | None = None) -> int:
    stack = _stack_urls()
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--functions-url", default=stack.get("functions_url"))
    parser.add_argument("--media-url", default=stack.get("media_url"), help="skip the webhook")
    parser.add_argument("--caller", default="+972501234567")
    parser.add_argument("--to", default="+97237630000", help="the business's Twilio number")
    parser.add_argument("--business", default="demo-realestate", help="with --media-url only")
    parser.add_argument("--say", nargs="+", default=["shalom", "rooms", "meeting"])
    parser.add_argument("--speed", type=float, default=1.0, help=">1: faster than real time")
    parser.add_argument("--out", type=Path, default=Path("simulator-out"))
    args = parser.parse_args(argv)
    settings = load_settings()
    call_sid = new_call_sid()

    if args.functions_url and not argv_has(argv, "--media-url"):
        form = incoming_call_form(call_sid, args.caller, args.to, settings.twilio_account_sid)
        webhook = args.functions_url.rstrip("/") + "/voice_incoming"
        instruction = post_incoming_call(webhook, form, settings.twilio_auth_token)
    elif args.media_url:
        token = issue_stream_token(
            settings.stream_token_secret, args.business, call_sid, SYSTEM_CLOCK.now(), 300
        )
        params = {"token": token, "business_id": args.business, "caller": args.caller}
        instruction = StreamInstruction(args.media_url, params)
    else:
        parser.error("no running stack found: give --functions-url or --media-url")

    offline = register_with_offline_speech(instruction.url, args.say)
    print(f"call {call_sid} → {instruction.url} (offline speech: {offline})")
    utterances = load_utterances()
    with RealtimeCall(instruction.url, call_sid, instruction.parameters, args.speed) as call:
        call.wait_until_leah_is_quiet()
        for name in args.say:
            print(f"caller: {utterances[name].text}")
            said_at = call.say(utterances[name].mulaw)
            if call.wait_until_leah_speaks(since=said_at):
                call.wait_until_leah_is_quiet()
            else:
                print("leah did not answer")
        time.sleep(0.2)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, audio in enumerate(call.heard.turns, 1):
        path = args.out / f"{call_sid}-leah-{i}.wav"
        path.write_bytes(wav_mulaw(bytes(audio)))
        print(f"leah turn {i}: {len(audio) / 8000:.2f} s of audio → {path}")
    print(f"barge-in clears: {len(call.heard.clears_at)}")
    return 0


def argv_has(argv: list[str] | None, flag: str) -> bool:
    return flag in (argv if argv is not None else sys.argv[1:])
