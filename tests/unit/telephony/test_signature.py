"""X-Twilio-Signature: what twilio's own RequestValidator signed passes, nothing else does."""

from __future__ import annotations

import pytest
from twilio.request_validator import RequestValidator
from werkzeug.datastructures import MultiDict

from agentlocator.errors import BadSignature
from agentlocator.telephony.signature import (
    SignedRequest,
    public_urls,
    verify_twilio_request,
)

TOKEN = "test-auth-token"
BASE = "https://voice.example.co.il"
FORM = {"CallSid": "CA" + "1" * 32, "From": "+972501234567", "To": "+97237630000"}


def sign(url: str, form: dict[str, str], token: str = TOKEN) -> str:
    return str(RequestValidator(token).compute_signature(url, form))


def request(
    signature: str | None,
    path: str = "/voice_incoming",
    query: str = "",
    form: dict[str, str] | None = None,
    **headers: str,
) -> SignedRequest:
    all_headers = {key.replace("_", "-"): value for key, value in headers.items()}
    if signature is not None:
        all_headers["X-Twilio-Signature"] = signature
    values = {key: [value] for key, value in (form or FORM).items()}
    return SignedRequest(path=path, query=query, form=values, headers=all_headers)


def test_signature_over_the_public_url_passes() -> None:
    signature = sign(f"{BASE}/voice_incoming", FORM)
    verify_twilio_request(request(signature), TOKEN, BASE)


def test_query_string_is_part_of_the_signed_url() -> None:
    signature = sign(f"{BASE}/voice_incoming?attempt=2", FORM)
    verify_twilio_request(request(signature, query="attempt=2"), TOKEN, BASE)
    with pytest.raises(BadSignature):
        verify_twilio_request(request(signature, query="attempt=3"), TOKEN, BASE)


@pytest.mark.parametrize(
    "tamper",
    [
        lambda form: {**form, "From": "+972529999999"},
        lambda form: {**form, "Extra": "1"},
        lambda form: {k: v for k, v in form.items() if k != "To"},
    ],
)
def test_any_change_to_the_form_breaks_the_signature(tamper) -> None:  # type: ignore[no-untyped-def]
    signature = sign(f"{BASE}/voice_incoming", FORM)
    with pytest.raises(BadSignature):
        verify_twilio_request(request(signature, form=tamper(FORM)), TOKEN, BASE)


def test_signature_made_with_another_token_fails() -> None:
    signature = sign(f"{BASE}/voice_incoming", FORM, token="someone-else")
    with pytest.raises(BadSignature, match="does not match"):
        verify_twilio_request(request(signature), TOKEN, BASE)


def test_missing_signature_fails() -> None:
    with pytest.raises(BadSignature, match="missing"):
        verify_twilio_request(request(None), TOKEN, BASE)


def test_signature_for_another_path_fails() -> None:
    signature = sign(f"{BASE}/voice_status", FORM)
    with pytest.raises(BadSignature):
        verify_twilio_request(request(signature), TOKEN, BASE)


def test_url_behind_a_proxy_is_rebuilt_from_forwarded_headers() -> None:
    signature = sign("https://tunnel.example.net/voice_incoming", FORM)
    behind_proxy = request(
        signature, X_Forwarded_Proto="https, http", X_Forwarded_Host="tunnel.example.net"
    )
    verify_twilio_request(behind_proxy, TOKEN, "http://127.0.0.1:8080")


def test_platform_that_strips_the_function_path_still_verifies() -> None:
    signature = sign(f"{BASE}/voice_incoming", FORM)
    stripped = request(signature, path="/")
    verify_twilio_request(stripped, TOKEN, BASE, configured_path="/voice_incoming")
    with pytest.raises(BadSignature):
        verify_twilio_request(stripped, TOKEN, BASE)


def test_repeated_form_fields_are_signed_with_every_value() -> None:
    repeated_pairs = [("A", "1"), ("A", "9"), ("B", "2")]
    url = f"{BASE}/voice_incoming"
    signature = str(RequestValidator(TOKEN).compute_signature(url, {"A": "1", "B": "2"}))
    repeated = SignedRequest(
        path="/voice_incoming",
        query="",
        form={"A": ["1", "9"], "B": ["2"]},
        headers={"X-Twilio-Signature": signature},
    )
    with pytest.raises(BadSignature):
        verify_twilio_request(repeated, TOKEN, BASE)
    both = str(RequestValidator(TOKEN).compute_signature(url, MultiDict(repeated_pairs)))
    verify_twilio_request(
        SignedRequest("/voice_incoming", "", repeated.form, {"X-Twilio-Signature": both}),
        TOKEN,
        BASE,
    )


def test_public_urls_put_the_configured_base_first_and_never_repeat() -> None:
    urls = public_urls(
        request("sig", X_Forwarded_Host="voice.example.co.il", X_Forwarded_Proto="https"),
        BASE + "/",
        configured_path="/voice_incoming",
    )
    assert urls == [f"{BASE}/voice_incoming"]


def test_sha256_signatures_named_in_the_settings_header_verify() -> None:
    url = f"{BASE}/voice_incoming"
    signature = str(RequestValidator(TOKEN).compute_signature(url, FORM, algorithm="HMAC_SHA256"))
    settings_header = "key=webhooks_sharedkey_1,algorithm=HMAC_SHA256"
    verify_twilio_request(
        request(signature, X_Twilio_Webhooks_Signature_Settings=settings_header), TOKEN, BASE
    )
    with pytest.raises(BadSignature):
        verify_twilio_request(request(signature), TOKEN, BASE)  # read as the SHA-1 default
