"""PayPal webhook verification, done locally (no call back to PayPal per event).

PayPal signs ``transmission_id|transmission_time|webhook_id|crc32(raw body)`` (CRC32 as an
unsigned decimal) with RSA-SHA256; the certificate is at ``PAYPAL-CERT-URL``. We check the
signature over the RAW body bytes (re-serialised JSON would change the CRC), fetch the
certificate only from paypal.com over HTTPS, and cache it per URL.

Tests reach a local server through ``trusted_test_hosts``; that setting is refused outside the
local and test environments (see ``CertificateSource``).
"""

from __future__ import annotations

import base64
import threading
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from agentlocator.errors import AgentLocatorError, BadSignature

SIGNED_ALGORITHM = "SHA256withRSA"
MAX_CERT_BYTES = 20_000
PAYPAL_DOMAIN = "paypal.com"


class WebhookRejected(AgentLocatorError):
    """The webhook is not PayPal's: answered 400 (PayPal retries only on non-2xx; a forged
    request gets no hint beyond "rejected")."""

    http_status = 400


@dataclass(frozen=True)
class TransmissionHeaders:
    transmission_id: str
    transmission_time: str
    cert_url: str
    auth_algo: str
    transmission_sig: str

    @classmethod
    def from_headers(cls, headers: Mapping[str, str]) -> TransmissionHeaders:
        lower = {key.lower(): value for key, value in headers.items()}
        names = (
            "transmission-id",
            "transmission-time",
            "cert-url",
            "auth-algo",
            "transmission-sig",
        )
        values = [lower.get(f"paypal-{name}", "").strip() for name in names]
        if not all(values):
            raise WebhookRejected("missing PayPal transmission headers")
        return cls(*values)


def signed_message(headers: TransmissionHeaders, webhook_id: str, raw_body: bytes) -> bytes:
    crc = zlib.crc32(raw_body) & 0xFFFFFFFF
    text = f"{headers.transmission_id}|{headers.transmission_time}|{webhook_id}|{crc}"
    return text.encode("utf-8")


def verify_with_certificate(
    cert: x509.Certificate, message: bytes, signature_b64: str, now: datetime
) -> None:
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise WebhookRejected("PayPal certificate is not valid now")
    public_key = cert.public_key()
    if not isinstance(public_key, rsa.RSAPublicKey):
        raise WebhookRejected("PayPal certificate is not RSA")
    try:
        signature = base64.b64decode(signature_b64, validate=True)
        public_key.verify(signature, message, padding.PKCS1v15(), hashes.SHA256())
    except (InvalidSignature, ValueError) as exc:
        raise WebhookRejected("signature does not verify") from exc


Fetch = Callable[[str], bytes]


class CertificateSource:
    """PayPal's signing certificates by URL: only https://*.paypal.com, cached per URL."""

    def __init__(
        self,
        fetch: Fetch,
        trusted_test_hosts: tuple[str, ...] = (),
        environment: str = "production",
    ) -> None:
        if trusted_test_hosts and environment not in ("local", "test"):
            raise BadSignature("trusted test certificate hosts are refused in production")
        self._fetch = fetch
        self._test_hosts = trusted_test_hosts
        self._cache: dict[str, x509.Certificate] = {}
        self._lock = threading.Lock()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc = parts.netloc.lower()
        if netloc in self._test_hosts:
            return parts.scheme in ("http", "https")
        on_paypal = host == PAYPAL_DOMAIN or host.endswith("." + PAYPAL_DOMAIN)
        return parts.scheme == "https" and on_paypal and parts.port in (None, 443)

    def certificate(self, url: str) -> x509.Certificate:
        if not self.allowed(url):
            raise WebhookRejected("certificate URL is not on paypal.com")
        with self._lock:
            cached = self._cache.get(url)
        if cached is not None:
            return cached
        pem = self._fetch(url)
        if len(pem) > MAX_CERT_BYTES:
            raise WebhookRejected("certificate too large")
        try:
            cert = x509.load_pem_x509_certificate(pem)
        except ValueError as exc:
            raise WebhookRejected("not a PEM certificate") from exc
        with self._lock:
            self._cache[url] = cert
        return cert


class WebhookVerifier:
    def __init__(self, webhook_id: str, certificates: CertificateSource) -> None:
        self._webhook_id = webhook_id
        self._certificates = certificates

    def verify(self, headers: Mapping[str, str], raw_body: bytes, now: datetime) -> None:
        """Returns only if PayPal signed exactly these bytes for our webhook id."""
        transmission = TransmissionHeaders.from_headers(headers)
        if transmission.auth_algo != SIGNED_ALGORITHM:
            raise WebhookRejected("unexpected signing algorithm")
        cert = self._certificates.certificate(transmission.cert_url)
        message = signed_message(transmission, self._webhook_id, raw_body)
        verify_with_certificate(cert, message, transmission.transmission_sig, now)
