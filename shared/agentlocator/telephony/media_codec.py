"""Twilio Media Streams wire format ↔ typed, frozen events. No sockets here.

Inbound (Twilio → us): ``connected``, ``start``, ``media``, ``mark``, ``dtmf``, ``stop``.
Outbound (us → Twilio, bidirectional streams only): ``media``, ``mark``, ``clear``.
The ``encode_*_inbound`` helpers write Twilio's side, for the caller simulator and tests.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from agentlocator.errors import AgentLocatorError

MULAW_ENCODING = "audio/x-mulaw"


class MalformedMediaMessage(AgentLocatorError):
    """A frame that is not valid Twilio Media Streams JSON; ``kind`` names the problem."""

    http_status = 400

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


@dataclass(frozen=True)
class Connected:
    protocol: str
    version: str


@dataclass(frozen=True)
class MediaFormat:
    encoding: str = MULAW_ENCODING
    sample_rate: int = 8000
    channels: int = 1


@dataclass(frozen=True)
class Start:
    stream_sid: str
    account_sid: str
    call_sid: str
    tracks: tuple[str, ...]
    custom_parameters: Mapping[str, str] = field(default_factory=dict)
    media_format: MediaFormat = MediaFormat()


@dataclass(frozen=True)
class Media:
    track: str
    chunk: int
    timestamp_ms: int
    payload: bytes  # μ-law, decoded from base64


@dataclass(frozen=True)
class Mark:
    name: str


@dataclass(frozen=True)
class Dtmf:
    track: str
    digit: str


@dataclass(frozen=True)
class Stop:
    account_sid: str
    call_sid: str


InboundEvent = Connected | Start | Media | Mark | Dtmf | Stop


def _obj(message: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = message.get(key)
    if not isinstance(value, Mapping):
        raise MalformedMediaMessage("missing_field", f"{key!r} is not an object")
    return value


def _str(obj: Mapping[str, Any], key: str) -> str:
    value = obj.get(key)
    if not isinstance(value, str):
        raise MalformedMediaMessage("missing_field", f"{key!r} is not a string")
    return value


def _int(obj: Mapping[str, Any], key: str, default: int = 0) -> int:
    value = obj.get(key, default)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise MalformedMediaMessage("bad_field", f"{key!r} is not a number") from None


def decode_inbound(text: str | bytes) -> InboundEvent:
    """Parse one WebSocket text frame from Twilio. Raises ``MalformedMediaMessage``."""
    try:
        message = json.loads(text)
    except (ValueError, UnicodeDecodeError) as exc:
        raise MalformedMediaMessage("bad_json", str(exc)) from None
    if not isinstance(message, dict):
        raise MalformedMediaMessage("bad_json", "not an object")
    event = message.get("event")
    if event == "media":
        media = _obj(message, "media")
        try:
            payload = base64.b64decode(_str(media, "payload"), validate=True)
        except binascii.Error as exc:
            raise MalformedMediaMessage("bad_base64", str(exc)) from None
        return Media(
            track=str(media.get("track", "inbound")),
            chunk=_int(media, "chunk"),
            timestamp_ms=_int(media, "timestamp"),
            payload=payload,
        )
    if event == "mark":
        return Mark(_str(_obj(message, "mark"), "name"))
    if event == "start":
        start = _obj(message, "start")
        fmt = start.get("mediaFormat") or {}
        params = start.get("customParameters") or {}
        if not isinstance(fmt, Mapping) or not isinstance(params, Mapping):
            raise MalformedMediaMessage("bad_field", "mediaFormat/customParameters")
        return Start(
            stream_sid=str(message.get("streamSid") or _str(start, "streamSid")),
            account_sid=_str(start, "accountSid"),
            call_sid=_str(start, "callSid"),
            tracks=tuple(str(t) for t in start.get("tracks", ("inbound",))),
            custom_parameters={str(k): str(v) for k, v in params.items()},
            media_format=MediaFormat(
                encoding=str(fmt.get("encoding", MULAW_ENCODING)),
                sample_rate=_int(fmt, "sampleRate", 8000),
                channels=_int(fmt, "channels", 1),
            ),
        )
    if event == "dtmf":
        dtmf = _obj(message, "dtmf")
        return Dtmf(track=str(dtmf.get("track", "inbound_track")), digit=_str(dtmf, "digit"))
    if event == "stop":
        stop = message.get("stop") or {}
        if not isinstance(stop, Mapping):
            raise MalformedMediaMessage("bad_field", "stop")
        return Stop(str(stop.get("accountSid", "")), str(stop.get("callSid", "")))
    if event == "connected":
        return Connected(str(message.get("protocol", "")), str(message.get("version", "")))
    raise MalformedMediaMessage("unknown_event", repr(event)[:40])


# ---- outbound: us → Twilio ------------------------------------------------------------------


def encode_media(stream_sid: str, mulaw: bytes) -> str:
    payload = base64.b64encode(mulaw).decode("ascii")
    return json.dumps({"event": "media", "streamSid": stream_sid, "media": {"payload": payload}})


def encode_mark(stream_sid: str, name: str) -> str:
    return json.dumps({"event": "mark", "streamSid": stream_sid, "mark": {"name": name}})


def encode_clear(stream_sid: str) -> str:
    return json.dumps({"event": "clear", "streamSid": stream_sid})


@dataclass(frozen=True)
class OutboundMedia:
    payload: bytes


@dataclass(frozen=True)
class OutboundMark:
    name: str


@dataclass(frozen=True)
class OutboundClear:
    pass


OutboundEvent = OutboundMedia | OutboundMark | OutboundClear


def decode_outbound(text: str | bytes) -> OutboundEvent:
    """Parse what the media service sent (Twilio's side of the wire: simulator, tests)."""
    try:
        message = json.loads(text)
        event = message["event"]
        if event == "media":
            return OutboundMedia(base64.b64decode(message["media"]["payload"], validate=True))
        if event == "mark":
            return OutboundMark(str(message["mark"]["name"]))
        if event == "clear":
            return OutboundClear()
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise MalformedMediaMessage("bad_outbound", str(exc)) from None
    raise MalformedMediaMessage("unknown_event", repr(event)[:40])


# ---- inbound encoders: Twilio's side, for the simulator and tests -----------------------------


def encode_connected_inbound() -> str:
    return json.dumps({"event": "connected", "protocol": "Call", "version": "1.0.0"})


def encode_start_inbound(
    stream_sid: str,
    call_sid: str,
    account_sid: str,
    custom_parameters: Mapping[str, str],
    sequence: int = 1,
) -> str:
    return json.dumps(
        {
            "event": "start",
            "sequenceNumber": str(sequence),
            "streamSid": stream_sid,
            "start": {
                "streamSid": stream_sid,
                "accountSid": account_sid,
                "callSid": call_sid,
                "tracks": ["inbound"],
                "customParameters": dict(custom_parameters),
                "mediaFormat": {"encoding": MULAW_ENCODING, "sampleRate": 8000, "channels": 1},
            },
        }
    )


def encode_media_inbound(
    stream_sid: str, mulaw: bytes, chunk: int, timestamp_ms: int, sequence: int = 0
) -> str:
    return json.dumps(
        {
            "event": "media",
            "sequenceNumber": str(sequence),
            "streamSid": stream_sid,
            "media": {
                "track": "inbound",
                "chunk": str(chunk),
                "timestamp": str(timestamp_ms),
                "payload": base64.b64encode(mulaw).decode("ascii"),
            },
        }
    )


def encode_mark_inbound(stream_sid: str, name: str) -> str:
    return json.dumps({"event": "mark", "streamSid": stream_sid, "mark": {"name": name}})


def encode_dtmf_inbound(stream_sid: str, digit: str) -> str:
    return json.dumps(
        {
            "event": "dtmf",
            "streamSid": stream_sid,
            "dtmf": {"track": "inbound_track", "digit": digit},
        }
    )


def encode_stop_inbound(stream_sid: str, call_sid: str, account_sid: str) -> str:
    return json.dumps(
        {
            "event": "stop",
            "streamSid": stream_sid,
            "stop": {"accountSid": account_sid, "callSid": call_sid},
        }
    )
