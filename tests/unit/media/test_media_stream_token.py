from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.errors import BadSignature
from agentlocator.telephony.stream_token import issue_stream_token, verify_stream_token

SECRET = "s3cret"
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=UTC)
CALLER = "+972501234567"


def issue(now: datetime = NOW, ttl: int | timedelta = 300) -> str:
    return issue_stream_token(SECRET, "biz1", "CA123", now, ttl, caller=CALLER)


def test_token_verifies_for_the_same_call() -> None:
    verify_stream_token(
        SECRET, issue(), "biz1", "CA123", NOW + timedelta(seconds=299), caller=CALLER
    )


def test_ttl_as_timedelta() -> None:
    token = issue(ttl=timedelta(minutes=5))
    assert token.split(".")[1] == str(int(NOW.timestamp()) + 300)


@pytest.mark.parametrize(
    ("secret", "business_id", "call_sid", "caller"),
    [
        ("other", "biz1", "CA123", CALLER),
        (SECRET, "biz2", "CA123", CALLER),
        (SECRET, "biz1", "CA999", CALLER),
        # a forged ``caller`` parameter: the call would be filed under another lead
        (SECRET, "biz1", "CA123", "+972529999999"),
        (SECRET, "biz1", "CA123", ""),
    ],
)
def test_token_rejected_for_other_secret_business_call_or_caller(
    secret: str, business_id: str, call_sid: str, caller: str
) -> None:
    with pytest.raises(BadSignature):
        verify_stream_token(secret, issue(), business_id, call_sid, NOW, caller=caller)


def test_newline_in_a_field_cannot_shift_the_mac_fields() -> None:
    # "biz1\nCA123" + "" must not verify as "biz1" + "CA123": fields never contain newlines
    with pytest.raises(BadSignature):
        verify_stream_token(SECRET, issue(), "biz1\nCA123", "", NOW, caller=CALLER)


def test_expired_token_rejected() -> None:
    with pytest.raises(BadSignature, match="expired"):
        verify_stream_token(
            SECRET, issue(), "biz1", "CA123", NOW + timedelta(seconds=300), caller=CALLER
        )


@pytest.mark.parametrize(
    "token", [None, "", "garbage", "v1.abc.def", "v2.1.x", "v2.99999999999.", "v2.1.ünï"]
)
def test_missing_or_malformed_token_rejected(token: str | None) -> None:
    with pytest.raises(BadSignature):
        verify_stream_token(SECRET, token, "biz1", "CA123", NOW, caller=CALLER)


def test_version_1_tokens_without_the_caller_are_refused() -> None:
    _, expires, mac = issue().split(".")
    with pytest.raises(BadSignature, match="malformed"):
        verify_stream_token(SECRET, f"v1.{expires}.{mac}", "biz1", "CA123", NOW, caller=CALLER)


def test_tampered_expiry_rejected() -> None:
    version, expires, mac = issue().split(".")
    forged = f"{version}.{int(expires) + 3600}.{mac}"
    with pytest.raises(BadSignature):
        verify_stream_token(SECRET, forged, "biz1", "CA123", NOW, caller=CALLER)


def test_naive_now_bad_ttl_and_missing_caller_refused() -> None:
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", datetime(2026, 1, 1), 300, caller=CALLER)
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", NOW, 0, caller=CALLER)
    with pytest.raises(ValueError):
        issue_stream_token("", "b", "c", NOW, 10, caller=CALLER)
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", NOW, 10, caller="")


def test_signed_greeting_parameters_cannot_be_changed_or_dropped() -> None:
    signed = {"greeting": "שלום, כאן לאה.", "voice": "he-IL-Wavenet-A"}
    token = issue_stream_token(SECRET, "biz1", "CA123", NOW, 300, caller=CALLER, signed=signed)
    verify_stream_token(SECRET, token, "biz1", "CA123", NOW, caller=CALLER, parameters=signed)
    for forged in ({**signed, "greeting": "הכל חינם!"}, {"voice": signed["voice"]}):
        with pytest.raises(BadSignature):
            verify_stream_token(
                SECRET, token, "biz1", "CA123", NOW, caller=CALLER, parameters=forged
            )
    with pytest.raises(ValueError):
        issue_stream_token(SECRET, "b", "c", NOW, 10, caller=CALLER, signed={"caller": "x"})
