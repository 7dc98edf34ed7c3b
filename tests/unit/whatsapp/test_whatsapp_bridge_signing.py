import hashlib
import hmac

import pytest

from agentlocator.errors import BadSignature
from agentlocator.tasks.queue import MAX_TASK_ID, task_id_for
from agentlocator.whatsapp import bridge_signing

SECRET = "s3cret"
BODY = '{"id":"ABC","text":"שלום"}'.encode()
NOW = 1_795_000_000.0


def test_signature_is_hmac_sha256_of_timestamp_dot_body() -> None:
    headers = bridge_signing.sign(SECRET, BODY, NOW)
    expected = hmac.new(SECRET.encode(), b"1795000000." + BODY, hashlib.sha256).hexdigest()
    assert headers.timestamp == "1795000000"
    assert headers.signature == "sha256=" + expected
    assert headers.as_dict() == {
        "X-Bridge-Timestamp": "1795000000",
        "X-Bridge-Signature": "sha256=" + expected,
    }


def test_a_signed_body_verifies() -> None:
    headers = bridge_signing.sign(SECRET, BODY, NOW)
    bridge_signing.verify(SECRET, BODY, headers.timestamp, headers.signature, NOW + 10)


@pytest.mark.parametrize(
    ("secret", "body", "skew"),
    [
        ("other-secret", BODY, 0),
        (SECRET, BODY + b" ", 0),
        (SECRET, BODY, bridge_signing.MAX_SKEW_SECONDS + 1),
        (SECRET, BODY, -(bridge_signing.MAX_SKEW_SECONDS + 1)),
    ],
)
def test_wrong_secret_tampered_body_or_stale_timestamp_fail(
    secret: str, body: bytes, skew: int
) -> None:
    headers = bridge_signing.sign(SECRET, BODY, NOW)
    with pytest.raises(BadSignature):
        bridge_signing.verify(secret, body, headers.timestamp, headers.signature, NOW + skew)


@pytest.mark.parametrize(("timestamp", "signature"), [(None, "sha256=x"), ("1", None), ("x", "y")])
def test_missing_headers_fail(timestamp: str | None, signature: str | None) -> None:
    with pytest.raises(BadSignature):
        bridge_signing.verify(SECRET, BODY, timestamp, signature, NOW)


def test_an_empty_secret_never_verifies() -> None:
    headers = bridge_signing.sign("", BODY, NOW)
    with pytest.raises(BadSignature):
        bridge_signing.verify("", BODY, headers.timestamp, headers.signature, NOW)


def test_task_ids_are_valid_stable_and_distinct() -> None:
    first = task_id_for("wa-demo-SM" + "a" * 32)
    assert first == task_id_for("wa-demo-SM" + "a" * 32)
    assert first != task_id_for("wa-demo-SM" + "b" * 32)
    odd = task_id_for("wa-demo/wa-3EB0:x y")
    assert all(c.isalnum() or c in "-_" for c in odd)
    assert len(task_id_for("x" * 2000)) == MAX_TASK_ID
