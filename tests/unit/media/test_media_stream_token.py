from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.errors import BadSignature
from agentlocator.telephony.stream_token import issue_stream_token, verify_stream_token

SECRET = "s3cret"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_token_verifies_for_the_same_call() -> None:
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, 300)
    verify_stream_token(SECRET, token, "biz1", "CA123", NOW + timedelta(seconds=299))


def test_ttl_as_timedelta() -> None:
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, timedelta(minutes=5))
    assert token.split(".")[1] == str(int(NOW.timestamp()) + 300)


@pytest.mark.parametrize(
    ("secret", "business_id", "call_sid"),
    [("other", "biz1", "CA123"), (SECRET, "biz2", "CA123"), (SECRET, "biz1", "CA999")],
)
def test_token_rejected_for_other_secret_business_or_call(
    secret: str, business_id: str, call_sid: str
) -> None:
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, 300)
    with pytest.raises(BadSignature):
        verify_stream_token(secret, token, business_id, call_sid, NOW)


def test_expired_token_rejected() -> None:
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, 300)
    with pytest.raises(BadSignature, match="expired"):
        verify_stream_token(SECRET, token, "biz1", "CA123", NOW + timedelta(seconds=300))


@pytest.mark.parametrize(
    "token", [None, "", "garbage", "v1.abc.def", "v2.1.x", "v1.99999999999.", "v1.1.ünï"]
)
def test_missing_or_malformed_token_rejected(token: str | None) -> None:
    with pytest.raises(BadSignature):
        verify_stream_token(SECRET, token, "biz1", "CA123", NOW)


def test_tampered_expiry_rejected() -> None:
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, 300)
    version, expires, mac = token.split(".")
    forged = f"{version}.{int(expires) + 3600}.{mac}"
    with pytest.raises(BadSignature):
        verify_stream_token(SECRET, forged, "biz1", "CA123", NOW)


def test_naive_now_and_bad_ttl_refused() -> None:
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", datetime(2026, 1, 1), 300)
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", NOW, 0)
    with pytest.raises(ValueError):
        issue_stream_token("", "b", "c", NOW, 10)
