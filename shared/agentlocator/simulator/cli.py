"""``python -m agentlocator.simulator``: phone Leah as a Hebrew caller and print what she said.

With ``make run`` up, the simulator plays Twilio: it posts the signed incoming-call webhook,
follows the TwiML to the media service, registers its recordings with the offline recognizer,
talks (waits for Leah to finish, says the next line), prints each of Leah's replies, then ends
the call the way Twilio does (status callbacks up to ``completed`` with its duration, and the
call's recording through the Twilio stand-in). Leah's turns are saved as WAV files, and the
whole call as one stereo WAV (the caller left, Leah right, silence where nobody talks, each
line where it was said: listen to the conversation as it happened).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

import httpx
from websockets.exceptions import InvalidHandshake, InvalidURI, WebSocketException

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import load_settings
from agentlocator.devstack.stack import STACK_FILE
from agentlocator.errors import InvalidPhoneNumber
from agentlocator.phones import normalize_phone
from agentlocator.simulator.caller import RealtimeCall
from agentlocator.simulator.fixtures import load_utterances
from agentlocator.simulator.session import SimulatedCall, SimulatorError
from agentlocator.simulator.webhook import StreamInstruction
from agentlocator.telephony.stream_token import issue_stream_token

DEFAULT_OUT = Path(tempfile.gettempdir()) / "agentlocator-simulator"
DEFAULT_SAY = ["shalom", "rooms", "meeting"]
QUIET_S = 1.2  # real seconds of silence before the caller takes it that Leah has finished
SETTLE_S = 15.0  # how long to wait for Leah's turn to be stored as heard


def _running_stack(argv: Sequence[str]) -> dict[str, Any]:
    """What `make run` recorded (its URLs and emulators), from ``--stack-file`` or the default."""
    pre = argparse.ArgumentParser(add_help=False)
    pre.add_argument("--stack-file", type=Path, default=STACK_FILE)
    known, _ = pre.parse_known_args(argv)
    try:
        data: dict[str, Any] = json.loads(known.stack_file.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


class _OneLineParser(argparse.ArgumentParser):
    """Mistakes in the arguments are one line, not the usage block and a traceback."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def _parser(stack: dict[str, object]) -> argparse.ArgumentParser:
    phrases = "\n".join(f"  {u.name:<8} {u.text}" for u in load_utterances().values())
    parser = _OneLineParser(
        prog="python -m agentlocator.simulator",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"phrases the caller can say (--say):\n{phrases}",
    )
    parser.add_argument(
        "--stack-file",
        type=Path,
        default=STACK_FILE,
        help="the running stack's description `make run` writes (default: %(default)s)",
    )
    functions_url = str(stack.get("functions_url") or "") or None
    parser.add_argument(
        "--functions-url",
        default=functions_url,
        help=f"the local Cloud Functions (default: the running `make run`: {functions_url})",
    )
    parser.add_argument(
        "--media-url", help="talk to this media service directly, skipping the webhooks"
    )
    parser.add_argument(
        "--caller", default="+972501234567", help="caller id (default: %(default)s)"
    )
    parser.add_argument(
        "--to", default="+97237630000", help="the business's Twilio number (default: %(default)s)"
    )
    parser.add_argument(
        "--business", default="demo-realestate", help="with --media-url (default: %(default)s)"
    )
    parser.add_argument(
        "--say",
        nargs="+",
        default=DEFAULT_SAY,
        choices=sorted(load_utterances()),
        metavar="PHRASE",
        help=f"what the caller says, in order (default: {' '.join(DEFAULT_SAY)})",
    )
    parser.add_argument(
        "--speed", type=float, default=1.0, help=">1 runs faster than real time (default: 1)"
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help="where the WAVs go: Leah's turns, and the call in stereo (default: %(default)s)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    stack = _running_stack(arguments)
    parser = _parser(stack)
    args = parser.parse_args(arguments)
    if args.speed <= 0:
        parser.error("--speed must be above 0")
    try:
        caller = normalize_phone(args.caller, field="--caller")
        called = normalize_phone(args.to, field="--to")
    except InvalidPhoneNumber as exc:
        parser.error(
            f"{exc.field}: {args.caller if exc.field == '--caller' else args.to!r} "
            "is not a phone number"
        )
    if not args.media_url and not args.functions_url:
        parser.error("no running stack found: start `make run`, or give --functions-url")
    env: dict[str, str] = stack.get("env") or {}
    for name, value in env.items():
        os.environ.setdefault(str(name), str(value))  # the running stack's emulators
    try:
        return _call(args, caller, called, stack)
    except SimulatorError as exc:
        print(f"simulator: {exc}", file=sys.stderr)
    except httpx.HTTPStatusError as exc:
        print(
            f"simulator: {exc.request.url} answered {exc.response.status_code}: "
            f"{exc.response.text[:200]}",
            file=sys.stderr,
        )
    except httpx.HTTPError as exc:
        print(
            f"simulator: cannot reach {exc.request.url} ({exc}); is `make run` running?",
            file=sys.stderr,
        )
    except (OSError, InvalidURI, InvalidHandshake, WebSocketException) as exc:
        print(f"simulator: the media stream failed: {exc}", file=sys.stderr)
    return 1


def _call(args: argparse.Namespace, caller: str, called: str, stack: dict[str, Any]) -> int:
    settings = load_settings()
    utterances = load_utterances()
    if args.media_url:
        sim = SimulatedCall.without_webhooks(settings, args.business, caller)
        token = issue_stream_token(
            settings.stream_token_secret,
            args.business,
            sim.call_sid,
            SYSTEM_CLOCK.now(),
            300,
            caller=caller,
        )
        params = {"token": token, "business_id": args.business, "caller": caller}
        instruction = StreamInstruction(args.media_url, params)
    else:
        twilio_api_base = str(stack.get("twilio_api_base") or "") or None
        sim = SimulatedCall.through_webhooks(
            settings, args.functions_url, caller, called, twilio_api_base
        )
        instruction = sim.answer()
    offline = sim.register_with_offline_speech(instruction.url, args.say)
    print(f"call {sim.call_sid} → {instruction.url} (offline speech: {offline})")
    with RealtimeCall(instruction.url, sim.call_sid, instruction.parameters, args.speed) as call:
        # Leah renders clause by clause: a pause of real time between clauses is not her
        # finishing, whatever the playback speed
        quiet_s = QUIET_S * args.speed
        call.wait_until_leah_is_quiet(quiet_s)
        sim.print_leah_replies()
        for name in args.say:
            print(f"caller: {utterances[name].text}")
            said_at = call.say(utterances[name].mulaw)
            if call.wait_until_leah_speaks(since=said_at):
                call.wait_until_leah_is_quiet(quiet_s)
                # her turn is over once stored as heard (every clause sent, the last mark
                # echoed): a slow clause under load can leave a pause longer than quiet_s
                sim.print_leah_replies(wait_s=SETTLE_S)
                call.wait_until_leah_is_quiet(quiet_s)
            else:
                print("leah did not answer")
        time.sleep(0.2)
    sim.print_leah_replies(wait_s=2.0, final=True)
    sim.end(call.timeline)
    args.out.mkdir(parents=True, exist_ok=True)
    for i, path in enumerate(sim.save_leah_audio(call.heard.turns, args.out), 1):
        print(f"leah turn {i}: audio → {path}")
    call_audio = sim.save_call_audio(call.timeline, args.out)
    print(f"the call ({call.timeline.duration_s:.1f} s, caller left, Leah right) → {call_audio}")
    print(f"barge-in clears: {len(call.heard.clears_at)}")
    sim.print_call_record()
    return 0
