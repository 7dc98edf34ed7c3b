"""The attack suite's target: the real local stack, attacked over HTTP and WebSocket.

``security_stack`` (session) runs what ``make run`` runs, on free ports, against the session's
emulators: every Cloud Function in one process (``functions/local_server.py``, the same
``main.py`` production deploys) and the media service under uvicorn, plus the Twilio REST
stand-in and a local OIDC key server standing in for Google's. The servers run with
``ENVIRONMENT=test`` and non-default secrets, with the send task requiring the tasks account's
OIDC token, exactly as production is configured (only the certs URL differs).

Fixture API (kept small: several files use it):
- ``security_stack``: a ``SecurityStack`` (URLs, the servers' Settings, signing helpers, staff
  accounts on the Auth emulator, the servers' logs).
- ``demo_business`` (from tests/conftest.py): Firestore emptied and the demo business seeded.
"""

from __future__ import annotations

import json
import os
import sys
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import httpx
import pytest
from twilio.request_validator import RequestValidator

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from agentlocator.devstack.processes import ManagedProcess, free_port, venv_bin
from agentlocator.devstack.stack import LocalStack
from agentlocator.devstack.twilio_standin import TwilioStandin
from agentlocator.simulator.webhook import StreamInstruction, incoming_call_form, parse_stream_twiml
from tests.security.oidc_issuer import OidcIssuer

pytestmark = [pytest.mark.emulators]

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
TASKS_ACCOUNT = "whatsapp-tasks@demo-agentlocator.iam.gserviceaccount.com"
STATS_TOKEN = "security-suite-stats-token"


@dataclass(frozen=True)
class Staff:
    uid: str
    email: str
    password: str
    token: str

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class SecurityStack:
    functions_url: str  # http://host:port (targets under /<target>/)
    media_url: str  # ws://host:port/media
    media_http_url: str  # http://host:port
    settings: Settings  # what the servers run with
    twilio: TwilioStandin
    tasks_issuer: OidcIssuer
    functions_log: Path
    media_log: Path
    auth_host: str
    project: str

    def url(self, target: str, *, slash: bool = True) -> str:
        return f"{self.functions_url}/{target}" + ("/" if slash else "")

    def twilio_signature(self, url: str, form: Mapping[str, str]) -> str:
        validator = RequestValidator(self.settings.twilio_auth_token)
        return str(validator.compute_signature(url, dict(form)))

    def post_signed(
        self, target: str, form: Mapping[str, str], *, slash: bool = True
    ) -> httpx.Response:
        """POST ``form`` to a Twilio webhook target, signed as Twilio signs it."""
        url = self.url(target, slash=slash)
        headers = {"X-Twilio-Signature": self.twilio_signature(url, form)}
        return httpx.post(url, data=dict(form), headers=headers, timeout=30)

    def start_call(self, caller: str, called: str) -> tuple[str, StreamInstruction]:
        """A signed incoming call through ``voice_incoming``: (CallSid, the TwiML's stream)."""
        call_sid = "CA" + uuid.uuid4().hex
        form = incoming_call_form(call_sid, caller, called, self.settings.twilio_account_sid)
        response = self.post_signed("voice_incoming", form)
        response.raise_for_status()
        return call_sid, parse_stream_twiml(response.text)

    def tasks_token(self, now: datetime, **overrides: object) -> str:
        """An OIDC token like the one Cloud Tasks attaches (override any claim input)."""
        values: dict[str, object] = {
            "audience": self.settings.whatsapp_send_task_target,
            "email": TASKS_ACCOUNT,
            "now": now,
            **overrides,
        }
        return self.tasks_issuer.token(**values)  # type: ignore[arg-type]

    def crm(self, path: str) -> str:
        return f"{self.functions_url}/crm_api{path}"

    def sign_in(self, email: str, password: str) -> str:
        """A fresh ID token from the Auth emulator (what the web app holds)."""
        body = {"email": email, "password": password, "returnSecureToken": True}
        response = httpx.post(f"{self._identity}/accounts:signInWithPassword?key=x", json=body)
        response.raise_for_status()
        return str(response.json()["idToken"])

    def new_staff(self, repos: Repositories, business_id: str, role: str) -> Staff:
        """A signed-in person of ``business_id`` with ``role`` (claims and membership record),
        set up the way the users endpoints set people up."""
        email, password = f"s-{uuid.uuid4().hex[:12]}@example.co.il", "security-pass-1"
        body = {"email": email, "password": password, "returnSecureToken": True}
        created = httpx.post(f"{self._identity}/accounts:signUp?key=x", json=body)
        created.raise_for_status()
        uid = str(created.json()["localId"])
        claims = json.dumps({"business_id": business_id, "role": role})
        httpx.post(
            f"{self._identity}/projects/{self.project}/accounts:update",
            json={"localId": uid, "customAttributes": claims},
            headers={"Authorization": "Bearer owner"},  # the emulator's admin credential
        ).raise_for_status()
        MembershipRepository(repos.client, repos.clock).put(business_id, uid, role, email=email)  # type: ignore[arg-type]
        return Staff(uid, email, password, self.sign_in(email, password))

    @property
    def _identity(self) -> str:
        return f"http://{self.auth_host}/identitytoolkit.googleapis.com/v1"

    def logs(self) -> str:
        return self.functions_log.read_text(errors="replace") + self.media_log.read_text(
            errors="replace"
        )


def _server_env(
    stack: LocalStack, functions_port: int, media_port: int, extra: dict[str, str]
) -> dict[str, str]:
    return {
        **stack.env(),
        "PYTHONPATH": os.pathsep.join(str(ROOT / p) for p in ("shared", "functions", ".")),
        "ENVIRONMENT": "test",
        "PUBLIC_BASE_URL": f"http://{HOST}:{functions_port}",
        "MEDIA_STREAM_URL": f"ws://{HOST}:{media_port}/media",
        "TWILIO_AUTH_TOKEN": "security-suite-twilio-token",
        "STREAM_TOKEN_SECRET": "security-suite-stream-secret",
        "BAILEYS_SHARED_SECRET": "security-suite-bridge-secret",
        "BAILEYS_BRIDGE_URL": f"http://{HOST}:{free_port()}",  # nothing listens: never reached
        "WHATSAPP_QUEUE": f"security-{uuid.uuid4().hex[:10]}",
        "WHATSAPP_TASKS_SERVICE_ACCOUNT": TASKS_ACCOUNT,
        "MEDIA_STATS_TOKEN": STATS_TOKEN,
        **extra,
    }


@pytest.fixture(scope="session")
def security_stack(
    local_stack: LocalStack, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[SecurityStack]:
    logs = tmp_path_factory.mktemp("security-stack")
    issuer = OidcIssuer(SYSTEM_CLOCK.now())
    functions_port, media_port = free_port(), free_port()
    base_settings = local_stack.settings()
    twilio = TwilioStandin(base_settings.twilio_account_sid, "security-suite-twilio-token").start()
    env = _server_env(
        local_stack,
        functions_port,
        media_port,
        {"TWILIO_API_BASE": twilio.base_url, "TASKS_OIDC_CERTS_URL": issuer.certs_url},
    )
    functions = ManagedProcess(
        "functions",
        [
            sys.executable,
            str(ROOT / "functions" / "local_server.py"),
            "--port",
            str(functions_port),
        ],
        HOST,
        functions_port,
        env=env,
        log_path=logs / "functions.log",
        cwd=ROOT,
    )
    media = ManagedProcess(
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
        log_path=logs / "media.log",
        cwd=ROOT,
    )
    servers = [functions, media]
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_ready(90)
        yield SecurityStack(
            functions_url=f"http://{HOST}:{functions_port}",
            media_url=env["MEDIA_STREAM_URL"],
            media_http_url=f"http://{HOST}:{media_port}",
            settings=load_settings(
                {k.lower(): v for k, v in env.items() if k != "PYTHONPATH"}
                | {"GOOGLE_CLOUD_PROJECT": local_stack.project}
            ),
            twilio=twilio,
            tasks_issuer=issuer,
            functions_log=logs / "functions.log",
            media_log=logs / "media.log",
            auth_host=local_stack.processes["auth"].address,
            project=local_stack.project,
        )
    finally:
        for server in reversed(servers):
            server.stop()
        twilio.stop()
        issuer.stop()
