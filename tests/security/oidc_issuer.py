"""A local stand-in for Google's OIDC signing keys: a certs endpoint in Google's format
(``{key id: x509 PEM}``) and tokens signed with its private key, shaped like the ones Cloud
Tasks attaches (iss accounts.google.com, aud = the task URL, email of the service account)."""

from __future__ import annotations

import json
import threading
import uuid
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from google.auth import crypt, jwt


class SigningKey:
    def __init__(self, now: datetime) -> None:
        self.key_id = uuid.uuid4().hex
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "local-oidc-issuer")])
        cert = (
            x509.CertificateBuilder()
            .subject_name(name)
            .issuer_name(name)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - timedelta(days=1))
            .not_valid_after(now + timedelta(days=3650))
            .sign(self._key, hashes.SHA256())
        )
        self.cert_pem = cert.public_bytes(serialization.Encoding.PEM).decode()
        private_pem = self._key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._signer = crypt.RSASigner.from_string(private_pem, key_id=self.key_id)

    def sign(self, claims: dict[str, Any]) -> str:
        token: bytes = jwt.encode(self._signer, claims)  # type: ignore[no-untyped-call]
        return token.decode()


class OidcIssuer:
    """Serves ``/certs`` for ``published`` keys; ``rogue`` signs with a key nobody published."""

    def __init__(self, now: datetime) -> None:
        self.published = SigningKey(now)
        self.rogue = SigningKey(now)
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = json.dumps({outer.published.key_id: outer.published.cert_pem}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    @property
    def certs_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/certs"

    def token(
        self,
        *,
        audience: str,
        email: str,
        now: datetime,
        lifetime: timedelta = timedelta(minutes=30),
        issuer: str = "https://accounts.google.com",
        email_verified: bool = True,
        key: SigningKey | None = None,
    ) -> str:
        issued = int(now.astimezone(UTC).timestamp())
        claims = {
            "iss": issuer,
            "aud": audience,
            "sub": "111111111111111111111",
            "email": email,
            "email_verified": email_verified,
            "iat": issued,
            "exp": issued + int(lifetime.total_seconds()),
        }
        return (key or self.published).sign(claims)

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
