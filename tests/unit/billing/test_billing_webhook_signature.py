"""PayPal webhook verification without a network: signature over the raw body, certificate
URL allow-list, cache, the certificate chain to a trusted root and PayPal's subject, and the
test-only settings refused in production."""

from __future__ import annotations

import base64
import zlib
from datetime import UTC, datetime

import pytest

from agentlocator.billing.paypal_webhooks import (
    CertificateSource,
    TransmissionHeaders,
    WebhookRejected,
    WebhookVerifier,
    signed_message,
)
from agentlocator.errors import BadSignature
from tests.integration.billing.fake_paypal import FakePayPal, SigningChain, issue

NOW = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)
CERT_URL = "https://api.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-1d93a270"


@pytest.fixture(scope="module")
def paypal() -> FakePayPal:
    return FakePayPal(base_url="https://api.paypal.com")


def _verifier(paypal: FakePayPal, fetched: list[str], served: SigningChain | None = None,
              environment: str = "test") -> WebhookVerifier:  # fmt: skip
    """A verifier trusting the fake's root CA; ``served``: the chain the cert URL serves."""

    def fetch(url: str) -> bytes:
        fetched.append(url)
        return (served or paypal.chain).served_pem

    roots = (paypal.chain.root.cert,) if environment == "test" else ()
    return WebhookVerifier("WH-TEST-0001", CertificateSource(fetch, environment=environment,
                                                             test_roots=roots))  # fmt: skip


def _delivery(paypal: FakePayPal, chain: SigningChain | None = None
              ) -> tuple[dict[str, str], bytes]:  # fmt: skip
    event = paypal.event("PAYMENT.SALE.COMPLETED", {"id": "SALE-1"}, NOW)
    headers, body = paypal.signed_delivery(event, NOW, chain=chain)
    return {**headers, "PAYPAL-CERT-URL": CERT_URL}, body


def test_signed_message_uses_unsigned_crc32_of_the_raw_body() -> None:
    body = b'{"id": "WH-1"}'
    headers = TransmissionHeaders("tid", "2027-01-10T08:00:00Z", CERT_URL, "SHA256withRSA", "s")
    crc = zlib.crc32(body) & 0xFFFFFFFF
    assert signed_message(headers, "WH-X", body) == f"tid|2027-01-10T08:00:00Z|WH-X|{crc}".encode()


def test_genuine_delivery_verifies_and_the_certificate_is_cached(paypal: FakePayPal) -> None:
    fetched: list[str] = []
    verifier = _verifier(paypal, fetched)
    for _ in range(3):
        headers, body = _delivery(paypal)
        verifier.verify(headers, body, NOW)
    assert fetched == [CERT_URL]


@pytest.mark.parametrize(
    "cert_url",
    [
        "http://api.paypal.com/cert.pem",  # not https
        "https://paypal.com.evil.example/cert.pem",
        "https://evilpaypal.com/cert.pem",
        "https://api.paypal.com:8443/cert.pem",
        "https://127.0.0.1:9/cert.pem",
    ],
)
def test_certificates_only_from_paypal_com(paypal: FakePayPal, cert_url: str) -> None:
    fetched: list[str] = []
    headers, body = _delivery(paypal)
    with pytest.raises(WebhookRejected):
        _verifier(paypal, fetched).verify({**headers, "PAYPAL-CERT-URL": cert_url}, body, NOW)
    assert fetched == []  # refused before any fetch


def test_tampering_is_refused(paypal: FakePayPal) -> None:
    verifier = _verifier(paypal, [])
    headers, body = _delivery(paypal)
    other_sig = base64.b64encode(b"\x00" * 256).decode()
    for changed_headers, changed_body in [
        (headers, body + b" "),
        ({**headers, "PAYPAL-TRANSMISSION-ID": "other"}, body),
        ({**headers, "PAYPAL-TRANSMISSION-SIG": other_sig}, body),
        ({**headers, "PAYPAL-TRANSMISSION-SIG": "not base64!"}, body),
        ({**headers, "PAYPAL-AUTH-ALGO": "SHA1withRSA"}, body),
        ({k: v for k, v in headers.items() if k != "PAYPAL-TRANSMISSION-SIG"}, body),
    ]:
        with pytest.raises(WebhookRejected):
            verifier.verify(changed_headers, changed_body, NOW)


def test_an_expired_certificate_is_refused(paypal: FakePayPal) -> None:
    headers, body = _delivery(paypal)
    with pytest.raises(WebhookRejected):
        _verifier(paypal, []).verify(headers, body, datetime(2100, 6, 1, tzinfo=UTC))


def test_trusted_test_hosts_are_refused_in_production() -> None:
    with pytest.raises(BadSignature):
        CertificateSource(lambda url: b"", ("127.0.0.1:9999",), environment="production")
    test_root = SigningChain.make().root.cert
    with pytest.raises(BadSignature):
        CertificateSource(lambda url: b"", environment="production", test_roots=(test_root,))
    local = CertificateSource(lambda url: b"", ("127.0.0.1:9999",), environment="test")
    assert local.allowed("http://127.0.0.1:9999/cert.pem")
    assert not local.allowed("http://127.0.0.1:9998/cert.pem")


def test_production_refuses_local_default_secrets() -> None:
    from agentlocator.billing.wiring import BillingMisconfigured, check_production
    from agentlocator.config import load_settings

    check_production(load_settings({"environment": "local"}))
    with pytest.raises(BillingMisconfigured) as refused:
        check_production(load_settings({"environment": "production",
                                        "tranzila_secret": "from-secret-manager"}))  # fmt: skip
    assert "signing_link_secret" in str(refused.value)
    assert "tranzila_secret" not in str(refused.value)


def _refused_chain(paypal: FakePayPal, served: SigningChain) -> None:
    """Signed by ``served``'s leaf and serving it: refused, whatever the signature."""
    headers, body = _delivery(paypal, chain=served)
    with pytest.raises(WebhookRejected):
        _verifier(paypal, [], served=served).verify(headers, body, NOW)


def test_a_certificate_from_another_ca_is_refused(paypal: FakePayPal) -> None:
    _refused_chain(paypal, SigningChain.make())  # same names, another root


def test_a_leaf_without_paypals_subject_is_refused(paypal: FakePayPal) -> None:
    root = paypal.chain.root
    _refused_chain(paypal, SigningChain.make(root, ("evil.example", "PayPal, Inc.")))
    _refused_chain(paypal, SigningChain.make(root, ("messageverificationcerts.paypal.com",
                                                    "Evil Ltd")))  # fmt: skip


def test_an_expired_intermediate_is_refused(paypal: FakePayPal) -> None:
    ended = datetime(2001, 1, 1, tzinfo=UTC)
    expired = SigningChain.make(paypal.chain.root, intermediate_not_after=ended)
    _refused_chain(paypal, expired)


def test_a_leaf_signed_directly_by_a_non_ca_is_refused(paypal: FakePayPal) -> None:
    """A leaf issued by another leaf (no CA basic constraint) is no chain."""
    leaf_as_issuer = paypal.chain.leaf
    forged = issue("messageverificationcerts.paypal.com", leaf_as_issuer, ca=False,
                   organisation="PayPal, Inc.")  # fmt: skip
    _refused_chain(paypal, SigningChain(paypal.chain.root, leaf_as_issuer, forged))


def test_production_trusts_only_the_public_roots(paypal: FakePayPal) -> None:
    """Without test roots the fake's private CA is not trusted: the genuine-looking chain
    is refused in production."""
    headers, body = _delivery(paypal)
    with pytest.raises(WebhookRejected):
        _verifier(paypal, [], environment="production").verify(headers, body, NOW)
