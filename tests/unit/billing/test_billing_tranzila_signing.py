"""Tranzila auth headers and notify confirmation; signing links."""

from __future__ import annotations

import hashlib
import hmac
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.billing.signing import (
    make_signature,
    read_signing_token,
    sha256_hex,
    signing_token,
)
from agentlocator.billing.tranzila import (
    NotifyRejected,
    PendingOrder,
    Transaction,
    auth_headers,
    confirm_notify,
    new_nonce,
)
from agentlocator.errors import BadSignature, ValidationFailed

NOW = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)


def test_auth_headers_hmac_keyed_by_secret_time_and_nonce() -> None:
    nonce = new_nonce()
    assert len(nonce) == 80 and int(nonce, 16) >= 0
    headers = auth_headers("app-key", "secret", 1_800_000_000, nonce)
    key = f"secret1800000000{nonce}".encode()
    expected = hmac.new(key, b"app-key", hashlib.sha256).hexdigest()
    assert headers == {
        "X-tranzila-api-app-key": "app-key",
        "X-tranzila-api-request-time": "1800000000",
        "X-tranzila-api-nonce": nonce,
        "X-tranzila-api-access-token": expected,
    }


ORDER = PendingOrder("order1", "nonce-1", "term", 70682)
GOOD = Transaction("41700", "term", 70682, "000", "0123456", "tk", "12", "30")


def test_notify_is_trusted_only_when_the_queried_transaction_matches() -> None:
    form = {"index": "41700", "sum": "706.82", "Response": "000"}
    assert confirm_notify(ORDER, "nonce-1", form, GOOD) == GOOD
    bad_cases = [
        ("other-nonce", form, GOOD),
        ("nonce-1", {**form, "index": "41701"}, GOOD),
        ("nonce-1", form, Transaction("41700", "other", 70682, "000", "", None, None, None)),
        ("nonce-1", form, Transaction("41700", "term", 100, "000", "", None, None, None)),
        ("nonce-1", form, Transaction("41700", "term", 70682, "033", "", None, None, None)),
        ("nonce-1", {**form, "sum": "1.00"}, GOOD),
        ("nonce-1", {**form, "sum": "lots"}, GOOD),
    ]
    for nonce, sent, queried in bad_cases:
        with pytest.raises(NotifyRejected):
            confirm_notify(ORDER, nonce, sent, queried)


def test_signing_links_verify_expire_and_cannot_be_moved() -> None:
    token = signing_token("secret", "contract-1", NOW + timedelta(days=14))
    assert read_signing_token("secret", token, NOW) == "contract-1"
    with pytest.raises(BadSignature):
        read_signing_token("secret", token, NOW + timedelta(days=15))
    with pytest.raises(BadSignature):
        read_signing_token("other-secret", token, NOW)
    with pytest.raises(BadSignature):
        read_signing_token("secret", token.replace("contract-1", "contract-2"), NOW)
    with pytest.raises(BadSignature):
        read_signing_token("secret", "garbage", NOW)


def test_a_signature_binds_name_consent_time_ip_agent_and_hash() -> None:
    pdf = b"%PDF-1.7 contract"
    record = make_signature(
        typed_name="  ישראל   ישראלי ", consent=True, shown_sha256=sha256_hex(pdf).upper(),
        actual_pdf=pdf, at=NOW, ip="198.51.100.7", user_agent="UA", template_id="service-v1",
    )  # fmt: skip
    assert (record.typed_name, record.signed_at, record.document_sha256) == (
        "ישראל ישראלי", NOW, sha256_hex(pdf))  # fmt: skip
    assert record.shown_time == "10/01/2027 בשעה 10:00"  # Israel time
    for name, consent, shown in (("א", True, sha256_hex(pdf)), ("ישראל", False, sha256_hex(pdf)),
                                 ("ישראל", True, sha256_hex(b"other"))):  # fmt: skip
        with pytest.raises(ValidationFailed):
            make_signature(typed_name=name, consent=consent, shown_sha256=shown, actual_pdf=pdf,
                           at=NOW, ip="", user_agent="", template_id="service-v1")  # fmt: skip
