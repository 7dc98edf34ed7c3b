"""The start of a call as Twilio makes it: a signed incoming-call webhook, then the TwiML's
``<Connect><Stream>`` URL and parameters."""

from __future__ import annotations

import uuid
import xml.etree.ElementTree as ET
from dataclasses import dataclass

import httpx
from twilio.request_validator import RequestValidator


@dataclass(frozen=True)
class StreamInstruction:
    url: str
    parameters: dict[str, str]


def new_call_sid() -> str:
    return "CA" + uuid.uuid4().hex


def incoming_call_form(call_sid: str, caller: str, called: str, account_sid: str) -> dict[str, str]:
    return {
        "CallSid": call_sid,
        "AccountSid": account_sid,
        "From": caller,
        "To": called,
        "Caller": caller,
        "Called": called,
        "CallStatus": "ringing",
        "Direction": "inbound",
        "ApiVersion": "2010-04-01",
    }


def sign(url: str, form: dict[str, str], auth_token: str) -> str:
    return str(RequestValidator(auth_token).compute_signature(url, form))


def parse_stream_twiml(twiml: str) -> StreamInstruction:
    stream = ET.fromstring(twiml.encode()).find("Connect/Stream")
    if stream is None:
        raise ValueError(f"the TwiML does not connect a media stream: {twiml[:200]}")
    parameters = {p.attrib["name"]: p.attrib.get("value", "") for p in stream.findall("Parameter")}
    return StreamInstruction(stream.attrib["url"], parameters)


def post_incoming_call(
    webhook_url: str, form: dict[str, str], auth_token: str, timeout_s: float = 30.0
) -> StreamInstruction:
    headers = {"X-Twilio-Signature": sign(webhook_url, form, auth_token)}
    response = httpx.post(webhook_url, data=form, headers=headers, timeout=timeout_s)
    response.raise_for_status()
    return parse_stream_twiml(response.text)
