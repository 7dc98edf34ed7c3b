"""A local SMTP server (aiosmtpd) that keeps every message it receives: in memory for tests,
and as ``.eml`` files in a folder for ``make run`` (open one with any mail program, or read it:
it is text). It speaks real SMTP, so the product's ``smtplib`` client is what talks to it;
optional AUTH (PLAIN/LOGIN) checks the credentials the client sends.

Dev tooling: needs ``aiosmtpd`` (requirements-dev.txt), never loaded by a deployed function.
"""

from __future__ import annotations

import email
import ssl
import threading
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from agentlocator.devstack.processes import free_port

HOST = "127.0.0.1"


@dataclass(frozen=True)
class Received:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    data: bytes  # the message exactly as it came over the wire
    login: str | None  # the user the client authenticated as

    def parsed(self) -> EmailMessage:
        message = email.message_from_bytes(self.data, policy=default)
        assert isinstance(message, EmailMessage)
        return message


class _Handler:
    def __init__(self, sink: MailSink) -> None:
        self._sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        if self._sink.needs_login and not session.authenticated:
            return "530 5.7.0 Authentication required"
        login = session.auth_data.login.decode() if session.authenticated else None
        self._sink.keep(
            Received(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.content), login)
        )
        return "250 Message accepted for delivery"


class MailSink:
    """``tls`` (a server context) offers STARTTLS and requires it before anything is sent;
    with ``implicit_tls`` the server speaks TLS from the first byte (port 465 style)."""

    def __init__(
        self,
        folder: Path | None = None,
        credentials: tuple[str, str] | None = None,
        port: int | None = None,
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
    ) -> None:
        self.folder = folder
        self.port = port or free_port()
        self._credentials = credentials
        self._received: list[Received] = []
        self._lock = threading.Lock()
        options: dict[str, Any] = {}
        if credentials is not None:
            # AUTH offered without TLS (a loopback sink); mail without it is refused at DATA.
            options = {"authenticator": self._authenticate, "auth_require_tls": False}
        if tls is not None and implicit_tls:
            options["ssl_context"] = tls
        elif tls is not None:
            options.update(tls_context=tls, require_starttls=True)
        self._controller = Controller(_Handler(self), hostname=HOST, port=self.port, **options)

    def _authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str,
                      auth_data: Any) -> AuthResult:  # fmt: skip
        good = (
            isinstance(auth_data, LoginPassword)
            and self._credentials is not None
            and (auth_data.login.decode(), auth_data.password.decode()) == self._credentials
        )
        return AuthResult(success=good, handled=False, auth_data=auth_data if good else None)

    @property
    def needs_login(self) -> bool:
        return self._credentials is not None

    def keep(self, received: Received) -> None:
        with self._lock:
            self._received.append(received)
            count = len(self._received)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{count:05d}.eml").write_bytes(received.data)

    @property
    def received(self) -> list[Received]:
        with self._lock:
            return list(self._received)

    def clear(self) -> None:
        with self._lock:
            self._received.clear()

    def start(self) -> MailSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def __enter__(self) -> MailSink:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()
