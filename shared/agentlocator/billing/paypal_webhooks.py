"""PayPal webhook verification, done locally (no call back to PayPal per event).

PayPal signs ``transmission_id|transmission_time|webhook_id|crc32(raw body)`` (CRC32 as an
unsigned decimal) with RSA-SHA256; the certificate is at ``PAYPAL-CERT-URL``. We check the
signature over the RAW body bytes (re-serialised JSON would change the CRC), fetch the
certificate only from paypal.com over HTTPS, and cache it per URL.

What the URL serves is a chain (PayPal's leaf, then the CA's intermediates). As PayPal's own
SDKs do, we trust the leaf only if the chain leads to a trusted root at the time of the event
(every certificate within its validity) and the leaf is PayPal's message-verification
certificate: CN ``messageverificationcerts.paypal.com`` (or the sandbox's) and organisation
PayPal. The roots are certifi's public ones.

Tests reach a local server through ``trusted_test_hosts`` and replace the roots with a CA they
make (``test_roots``); both are refused outside the local and test environments (see
``CertificateSource``).
"""

from __future__ import annotations

import base64
import threading
import warnings
import zlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from urllib.parse import urlsplit

import certifi
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID
from cryptography.x509.verification import (
    ExtensionPolicy,
    PolicyBuilder,
    Store,
    VerificationError,
)

from agentlocator.errors import AgentLocatorError, BadSignature

SIGNED_ALGORITHM = "SHA256withRSA"
MAX_CERT_BYTES = 20_000
PAYPAL_DOMAIN = "paypal.com"
# The subject of PayPal's webhook signing certificate (live, sandbox).
SIGNING_CERT_NAMES = frozenset(
    {"messageverificationcerts.paypal.com", "messageverificationcerts.sandbox.paypal.com"}
)
SIGNING_CERT_ORGANISATION = "PayPal"
MAX_CHAIN_DEPTH = 4


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


@cache
def public_roots() -> tuple[x509.Certificate, ...]:
    """certifi's root CAs (PayPal's chain ends at a public one), loaded once per process."""
    with open(certifi.where(), "rb") as bundle, warnings.catch_warnings():
        # One public root carries a non-positive serial number; cryptography warns, still loads.
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        return tuple(x509.load_pem_x509_certificates(bundle.read()))


def load_test_roots(pem: str) -> tuple[x509.Certificate, ...]:
    return tuple(x509.load_pem_x509_certificates(pem.encode())) if pem.strip() else ()


@dataclass(frozen=True)
class CertificateChain:
    leaf: x509.Certificate
    intermediates: tuple[x509.Certificate, ...]


def _subject_value(cert: x509.Certificate, oid: x509.ObjectIdentifier) -> str:
    values = cert.subject.get_attributes_for_oid(oid)
    return str(values[0].value) if len(values) == 1 else ""


def check_signing_subject(leaf: x509.Certificate) -> None:
    """The leaf names PayPal's message-verification service, issued to PayPal."""
    if _subject_value(leaf, NameOID.COMMON_NAME).lower() not in SIGNING_CERT_NAMES:
        raise WebhookRejected("certificate is not PayPal's message-verification certificate")
    organisation = _subject_value(leaf, NameOID.ORGANIZATION_NAME)
    if not organisation.startswith(SIGNING_CERT_ORGANISATION):
        raise WebhookRejected("certificate is not issued to PayPal")


def verify_chain(
    chain: CertificateChain, roots: Sequence[x509.Certificate], now: datetime
) -> x509.Certificate:
    """The leaf, once its chain leads to one of ``roots`` with every link valid at ``now``.

    The CA certificates are checked with the Web PKI rules (basic constraints, key usage);
    the leaf's own extensions are not constrained: PayPal's signing certificate is no TLS
    server certificate, and its subject is checked by name instead."""
    if not roots:
        raise WebhookRejected("no trusted root certificates")
    verifier = (
        PolicyBuilder()
        .store(Store(list(roots)))
        .time(now)
        .max_chain_depth(MAX_CHAIN_DEPTH)
        .extension_policies(
            ca_policy=ExtensionPolicy.webpki_defaults_ca(),
            ee_policy=ExtensionPolicy.permit_all(),
        )
        .build_client_verifier()
    )
    try:
        verifier.verify(chain.leaf, list(chain.intermediates))
    except VerificationError as exc:
        raise WebhookRejected("certificate chain does not lead to a trusted root") from exc
    check_signing_subject(chain.leaf)
    return chain.leaf


Fetch = Callable[[str], bytes]


class CertificateSource:
    """PayPal's signing certificates by URL: only https://*.paypal.com, cached per URL; the
    chain is verified at every use (validity depends on the event's time)."""

    def __init__(
        self,
        fetch: Fetch,
        trusted_test_hosts: tuple[str, ...] = (),
        environment: str = "production",
        test_roots: tuple[x509.Certificate, ...] = (),
    ) -> None:
        if (trusted_test_hosts or test_roots) and environment not in ("local", "test"):
            raise BadSignature("test certificate hosts and roots are refused in production")
        self._fetch = fetch
        self._test_hosts = trusted_test_hosts
        self._test_roots = test_roots
        self._cache: dict[str, CertificateChain] = {}
        self._lock = threading.Lock()

    @property
    def roots(self) -> tuple[x509.Certificate, ...]:
        return self._test_roots or public_roots()

    def allowed(self, url: str) -> bool:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        netloc = parts.netloc.lower()
        if netloc in self._test_hosts:
            return parts.scheme in ("http", "https")
        on_paypal = host == PAYPAL_DOMAIN or host.endswith("." + PAYPAL_DOMAIN)
        return parts.scheme == "https" and on_paypal and parts.port in (None, 443)

    def certificate(self, url: str, now: datetime) -> x509.Certificate:
        """The verified leaf certificate served at ``url``."""
        return verify_chain(self.chain(url), self.roots, now)

    def chain(self, url: str) -> CertificateChain:
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
            certs = x509.load_pem_x509_certificates(pem)
        except ValueError as exc:
            raise WebhookRejected("not a PEM certificate") from exc
        chain = CertificateChain(certs[0], tuple(certs[1:]))
        with self._lock:
            self._cache[url] = chain
        return chain


class WebhookVerifier:
    def __init__(self, webhook_id: str, certificates: CertificateSource) -> None:
        self._webhook_id = webhook_id
        self._certificates = certificates

    def verify(self, headers: Mapping[str, str], raw_body: bytes, now: datetime) -> None:
        """Returns only if PayPal signed exactly these bytes for our webhook id."""
        transmission = TransmissionHeaders.from_headers(headers)
        if transmission.auth_algo != SIGNED_ALGORITHM:
            raise WebhookRejected("unexpected signing algorithm")
        cert = self._certificates.certificate(transmission.cert_url, now)
        message = signed_message(transmission, self._webhook_id, raw_body)
        verify_with_certificate(cert, message, transmission.transmission_sig, now)
