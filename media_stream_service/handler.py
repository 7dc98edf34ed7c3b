"""The ``/media`` WebSocket: handshake first, then move messages between Twilio and the session.

A missing or bad ``start`` (or token) closes the socket with 1008 before any audio is read or
any call object is built. Malformed frames later in the call are logged and counted; the call
goes on. Errors close with 1011; the call is always finalized in ``finally``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from starlette.websockets import WebSocket, WebSocketDisconnect, WebSocketState

from agentlocator.errors import BadSignature, InvalidPhoneNumber
from agentlocator.phones import normalize_phone
from agentlocator.telephony.media_codec import (
    MULAW_ENCODING,
    Connected,
    Dtmf,
    MalformedMediaMessage,
    Mark,
    Media,
    Start,
    Stop,
    decode_inbound,
)
from agentlocator.telephony.stream_token import (
    STREAM_PARAM_BUSINESS_ID,
    STREAM_PARAM_CALLER,
    STREAM_PARAM_TOKEN,
    verify_stream_token,
)
from media_stream_service.recorder import CallIdentity
from media_stream_service.services import CallServices
from media_stream_service.session import CallSession

log = logging.getLogger(__name__)

SUBPROTOCOL = "audio.twilio.com"
POLICY_VIOLATION = 1008
INTERNAL_ERROR = 1011
HANDSHAKE_TIMEOUT_S = 10.0
CALLER_TRACKS = frozenset({"inbound", "inbound_track"})


async def _receive_text(websocket: WebSocket) -> str:
    """The next text frame; a binary frame is a malformed message, not a crash (Twilio sends
    only text)."""
    message = await websocket.receive()
    if message["type"] == "websocket.disconnect":
        raise WebSocketDisconnect(message.get("code", 1000), message.get("reason"))
    text = message.get("text")
    if text is None:
        raise MalformedMediaMessage("binary", "a binary frame")
    return str(text)


async def _read_start(websocket: WebSocket, services: CallServices) -> Start | None:
    """The first event after an optional ``connected`` must be a valid ``start``."""
    for _ in range(2):
        try:
            text = await asyncio.wait_for(websocket.receive_text(), HANDSHAKE_TIMEOUT_S)
            event = decode_inbound(text)
        except WebSocketDisconnect:
            services.count("handshake_abandoned")
            return None
        except (TimeoutError, MalformedMediaMessage, KeyError) as exc:
            services.count("handshake_rejected")
            log.warning("media stream handshake failed: %s", exc)
            return None
        if isinstance(event, Start):
            return event
        if not isinstance(event, Connected):
            break
    services.count("handshake_rejected")
    log.warning("media stream did not start with 'start'")
    return None


def _identify(start: Start, services: CallServices) -> CallIdentity | None:
    fmt = start.media_format
    if (fmt.encoding, fmt.sample_rate, fmt.channels) != (MULAW_ENCODING, 8000, 1):
        services.count("handshake_rejected")
        log.warning("media stream for call %s has format %s", start.call_sid, fmt)
        return None
    params = start.custom_parameters
    business_id = params.get(STREAM_PARAM_BUSINESS_ID, "")
    try:
        verify_stream_token(
            services.settings.stream_token_secret,
            params.get(STREAM_PARAM_TOKEN),
            business_id,
            start.call_sid,
            services.clock.now(),
        )
        lead_phone = normalize_phone(params.get(STREAM_PARAM_CALLER, ""))
    except (BadSignature, InvalidPhoneNumber) as exc:
        services.count("handshake_rejected")
        log.warning("media stream for call %s rejected: %s", start.call_sid, exc)
        return None
    return CallIdentity(business_id, lead_phone, start.call_sid, start.stream_sid)


async def media_stream(websocket: WebSocket) -> None:
    services: CallServices = websocket.app.state.services
    offered = websocket.scope.get("subprotocols") or []
    await websocket.accept(subprotocol=SUBPROTOCOL if SUBPROTOCOL in offered else None)
    start = await _read_start(websocket, services)
    start_received_at = time.monotonic()
    call = _identify(start, services) if start is not None else None
    if call is None:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):  # the peer may be gone
            await websocket.close(POLICY_VIOLATION)
        return

    send_lock = asyncio.Lock()

    async def send(text: str) -> None:
        if websocket.application_state is not WebSocketState.CONNECTED:
            return
        async with send_lock:
            try:
                await websocket.send_text(text)
            except (WebSocketDisconnect, RuntimeError):
                pass  # the caller hung up; the receive loop sees it and finalizes

    session = CallSession(
        call,
        send,
        services.brain,
        services.stt,
        services.tts,
        services.greetings,
        services.recorder,
        services.stats,
        services.session_params,
        wall_clock=services.clock,
        voice_lookup=services.voice_for,
    )
    services.count("calls_started")
    ended_by = "disconnect"
    try:
        await session.start(start_received_at)
        while True:
            try:
                event = decode_inbound(await _receive_text(websocket))
            except MalformedMediaMessage as exc:
                session.malformed += 1
                services.count(f"malformed_{exc.kind}")
                log.warning("call %s malformed message (%s)", call.call_sid, exc)
                continue
            if isinstance(event, Media):
                if event.track in CALLER_TRACKS:  # with track="both_tracks", skip Leah's own
                    await session.on_media(event.payload)
            elif isinstance(event, Mark):
                session.on_mark(event.name)
            elif isinstance(event, Dtmf):
                session.on_dtmf(event.digit)
            elif isinstance(event, Stop):
                ended_by = "stop"
                break
    except WebSocketDisconnect:
        pass
    except Exception:
        log.exception("call %s failed", call.call_sid)
        services.count("calls_failed")
        ended_by = "error"
        if websocket.application_state is WebSocketState.CONNECTED:
            await websocket.close(INTERNAL_ERROR)
    finally:
        try:
            # shielded: a server shutting down must not lose the call's last turn and its end
            await asyncio.shield(session.finish(ended_by))
            services.count("calls_ended")
        except Exception:
            log.exception("call %s could not be finalized", call.call_sid)
            services.count("calls_finalize_failed")
    if websocket.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close()
