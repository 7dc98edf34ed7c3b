"""``make run``: the whole product on this machine with no cloud account and no API keys.

Starts the emulators, seeds the demo business, then the Cloud Functions (one local process)
and the media stream service, prints their URLs and runs until Ctrl-C or SIGTERM.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import signal
import subprocess
import sys
import threading
from pathlib import Path

from google.api_core.exceptions import Conflict

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_BUSINESS_ID, DEMO_TWILIO_NUMBER, seed_demo
from agentlocator.crm.users import MembershipRepository
from agentlocator.devstack.emulators import HOST, load_firestore_rules, repo_root
from agentlocator.devstack.mail_sink import MailSink
from agentlocator.devstack.processes import ManagedProcess, free_port, venv_bin
from agentlocator.devstack.stack import STACK_FILE, start_stack
from agentlocator.devstack.twilio_standin import TwilioStandin

EMULATOR_PORTS = {"firestore": 8383, "pubsub": 8085, "storage": 9023, "tasks": 9090, "auth": 9099}
FUNCTIONS_PORT = 8080
MEDIA_PORT = 8081
WEB_PORT = 5173
DEMO_STAFF_LOGIN = ("owner@demo.agentlocator.co.il", "demo-password")


def _say(line: str) -> None:
    print(line, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="agentlocator-run", description=__doc__)
    parser.add_argument("--logs", type=Path, default=repo_root() / ".run" / "logs")
    parser.add_argument(
        "--free-ports",
        action="store_true",
        help="pick free ports instead of the documented defaults (tests)",
    )
    parser.add_argument(
        "--stack-file",
        type=Path,
        default=STACK_FILE,
        help="where to record the running stack for the CLI and simulator",
    )
    args = parser.parse_args(argv)

    _say("AgentLocator: starting the local stack (Firestore, Pub/Sub, Storage, Tasks, Auth)…")
    ports = {} if args.free_ports else EMULATOR_PORTS
    functions_port = free_port() if args.free_ports else FUNCTIONS_PORT
    media_port = free_port() if args.free_ports else MEDIA_PORT
    web_port = free_port() if args.free_ports else WEB_PORT
    web_url = f"http://{HOST}:{web_port}"
    stack = start_stack(list(EMULATOR_PORTS), ports=ports, logs=args.logs)
    services: list[ManagedProcess] = []
    twilio: TwilioStandin | None = None
    mail: MailSink | None = None
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stack.export()
        settings = stack.settings()
        repos = Repositories.from_settings(settings, SYSTEM_CLOCK)
        business = seed_demo(repos)
        # The web app's live listeners read under the same rules as in production.
        load_firestore_rules(
            stack.processes["firestore"].address,
            settings.gcp_project,
            (repo_root() / "firestore.rules").read_text(encoding="utf-8"),
        )
        _say(f"AgentLocator: demo business {business.id!r} seeded ({business.name})")
        _ensure_buckets(settings)
        # No real Twilio locally: WhatsApp replies and recording fetches go to the stand-in.
        twilio = TwilioStandin(settings.twilio_account_sid, settings.twilio_auth_token).start()
        # No real mail locally: invoices and notices to owners land as .eml files here.
        mail = MailSink(folder=args.logs.parent / "mail").start()
        env = {
            **stack.env(),
            "TWILIO_API_BASE": twilio.base_url,
            "SMTP_HOST": "127.0.0.1",
            "SMTP_PORT": str(mail.port),
            "SMTP_SECURITY": "none",
            "PUBLIC_BASE_URL": f"http://{HOST}:{functions_port}",
            "MEDIA_STREAM_URL": f"ws://{HOST}:{media_port}/media",
            "WEB_APP_ORIGINS": f"{web_url},http://localhost:{web_port}",
        }
        root = repo_root()
        functions_server = root / "functions" / "local_server.py"
        if functions_server.exists():
            services.append(
                ManagedProcess(
                    "functions",
                    [sys.executable, str(functions_server), "--port", str(functions_port)],
                    HOST,
                    functions_port,
                    env=env,
                    log_path=args.logs / "functions.log",
                    cwd=root,
                )
            )
        if (root / "media_stream_service" / "app.py").exists():
            services.append(
                ManagedProcess(
                    "media",
                    [
                        venv_bin("uvicorn"),
                        "media_stream_service.app:create_app",
                        "--factory",
                        "--host",
                        HOST,
                        "--port",
                        str(media_port),
                    ],
                    HOST,
                    media_port,
                    env=env,
                    log_path=args.logs / "media.log",
                    cwd=root,
                )
            )
        web_app = _web_app(root, env, web_port, args.logs, repos)
        if web_app is not None:
            services.append(web_app)
        for service in services:
            service.start()
        for service in services:
            service.wait_ready(60)
        stack.write_stack_file(
            {
                "functions_url": env["PUBLIC_BASE_URL"],
                "media_url": env["MEDIA_STREAM_URL"],
                "twilio_api_base": twilio.base_url,
                "web_url": web_url if web_app is not None else "",
            },
            path=args.stack_file,
        )
        _say("")
        _say("AgentLocator is running:")
        for name, value in stack.env().items():
            if name.endswith("_HOST"):
                _say(f"  {name:<32} {value}")
        _say(f"  {'Cloud Functions':<32} {env['PUBLIC_BASE_URL']}/<function>/")
        _say(f"  {'Media stream (WebSocket)':<32} {env['MEDIA_STREAM_URL']}")
        _say(f"  {'Twilio REST stand-in':<32} {twilio.base_url}")
        _say(f"  {'Mail to owners (SMTP sink)':<32} 127.0.0.1:{mail.port} → {mail.folder}/*.eml")
        if web_app is not None:
            email, password = DEMO_STAFF_LOGIN
            _say(f"  {'Web app (staff, Hebrew RTL)':<32} {web_url}  ({email} / {password})")
        _say(f"  {'Demo business / Twilio number':<32} {DEMO_BUSINESS_ID} / {DEMO_TWILIO_NUMBER}")
        _say(f"  {'Logs':<32} {args.logs}")
        _say(
            "Talk to Leah: .venv/bin/agentlocator converse --business demo-realestate "
            "--channel whatsapp --phone +972501234567"
        )
        _say("Place a simulated phone call: .venv/bin/python -m agentlocator.simulator")
        _say("Ctrl-C to stop.")
        stop.wait()
    except KeyboardInterrupt:
        pass
    finally:
        for service in reversed(services):
            service.stop()
        if twilio is not None:
            twilio.stop()
        if mail is not None:
            mail.stop()
        stack.stop()
        args.stack_file.unlink(missing_ok=True)
        _say("AgentLocator: stopped.")
    return 0


def _ensure_buckets(settings: Settings) -> None:
    """The buckets Terraform creates in the cloud (the Storage emulator starts empty): finished
    call recordings, and signed contracts (without it, sending a contract failed with a 500)."""
    client = make_storage_client(settings)
    for bucket in (settings.recordings_bucket, settings.contracts_bucket):
        if bucket:
            with contextlib.suppress(Conflict):
                client.create_bucket(bucket)


def _web_app(
    root: Path, env: dict[str, str], port: int, logs: Path, repos: Repositories
) -> ManagedProcess | None:
    """The staff web app's dev server, with a demo owner account on the Auth emulator."""
    web = root / "web"
    vite = web / "node_modules" / ".bin" / "vite"
    if not vite.exists():
        return None
    email, password = DEMO_STAFF_LOGIN
    created = subprocess.run(
        ["node", "scripts/demo-user.mjs", email, password, "owner", DEMO_BUSINESS_ID],
        cwd=web,
        env={**os.environ, **env},
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    # The API takes the role from the membership record, not the claims: write it too.
    uid = re.search(r"uid (\S+?)\)", created.stdout)
    if uid is None:
        raise RuntimeError(f"demo-user.mjs printed no uid: {created.stdout!r}")
    MembershipRepository(repos.client, repos.clock).put(
        DEMO_BUSINESS_ID, uid.group(1), "owner", email=email
    )
    web_env = {
        **env,
        # Vite gives variables already in the environment priority over web/.env.development.
        "VITE_API_BASE": f"{env['PUBLIC_BASE_URL']}/crm_api",
        "VITE_AUTH_EMULATOR_HOST": env["FIREBASE_AUTH_EMULATOR_HOST"],
        # the live listeners follow the stack's Firestore, also on --free-ports
        "VITE_FIRESTORE_EMULATOR_HOST": env["FIRESTORE_EMULATOR_HOST"],
    }
    argv = [str(vite), "--host", HOST, "--port", str(port), "--strictPort"]
    return ManagedProcess("web", argv, HOST, port, env=web_env, log_path=logs / "web.log", cwd=web)


if __name__ == "__main__":
    raise SystemExit(main())
