"""Send an e-mail over SMTP with the standard library (the adapter; messages come from
``billing.emails``).

``starttls`` (submission, port 587) upgrades the connection before anything else is said;
``ssl`` (port 465) speaks TLS from the first byte; ``none`` is for a local sink only (the
production settings refuse it). Certificates are checked against the system's CAs. One
connection per message: invoices and notices are a handful a day, not a bulk mailing.
"""

from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from typing import Literal

from agentlocator.errors import AgentLocatorError

Security = Literal["starttls", "ssl", "none"]


class MailUnavailable(AgentLocatorError):
    """The SMTP server could not be reached or refused the message; a retry may succeed."""

    http_status = 502


class SmtpMailer:
    def __init__(
        self,
        host: str,
        port: int,
        security: Security,
        username: str | None,
        password: str | None,
        timeout_seconds: float,
    ) -> None:
        self._host, self._port, self._security = host, port, security
        self._login = (username, password or "") if username else None
        self._timeout = timeout_seconds

    def _connect(self) -> smtplib.SMTP:
        if self._security == "ssl":
            context = ssl.create_default_context()
            return smtplib.SMTP_SSL(self._host, self._port, timeout=self._timeout,
                                    context=context)  # fmt: skip
        connection = smtplib.SMTP(self._host, self._port, timeout=self._timeout)
        if self._security == "starttls":
            connection.starttls(context=ssl.create_default_context())
        return connection

    def send(self, message: EmailMessage) -> str:
        """Hand the message to the server; its Message-ID (what the ledger records)."""
        try:
            with self._connect() as connection:
                if self._login is not None:
                    connection.login(*self._login)
                refused = connection.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise MailUnavailable(f"SMTP {self._host}:{self._port}: {type(exc).__name__}") from exc
        if refused:
            raise MailUnavailable(f"SMTP refused recipients: {', '.join(sorted(refused))}")
        return str(message["Message-ID"])
