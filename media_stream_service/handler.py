"""The ``/media`` WebSocket: handshake first, then move messages between Twilio and the session.

A missing or bad ``start`` (or token) closes the socket with 1008 before any audio is read or
any call object is built. A token opens one stream: the CallSid is claimed while the greeting
starts (``stream_claims``), and a stream that loses the claim is closed with 1008 without storing
anything. Malformed frames later in the call are logged and counted; the call goes on. Errors
close with 1011; a claimed call is always finalized in ``finally``.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from starlette.websockets import (
    WebSocket,
    WebSocketDisconnect,
    WebSocketDisconnected,
    WebSocketState,
)

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
    STREAM_PARAM_GREETING,
    STREAM_PARAM_TOKEN,
    STREAM_PARAM_VOICE,
    verify_stream_token,
)
from media_stream_service.greeting import GreetingPlan
from media_stream_service.recorder import CallIdentity
from media_stream_service.services import CallServices
from media_stream_service.session import CallSession
from media_stream_service.stream_claims import ClaimGatedRecorder

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
    """The call the token names, or None (counted and logged) when anything does not check out."""
    fmt = start.media_format
    if (fmt.encoding, fmt.sample_rate, fmt.channels) != (MULAW_ENCODING, 8000, 1):
        services.count("handshake_rejected")
        log.warning("media stream for call %s has format %s", start.call_sid, fmt)
        return None
    params = start.custom_parameters
    business_id = params.get(STREAM_PARAM_BUSINESS_ID, "")
    caller = params.get(STREAM_PARAM_CALLER, "")
    try:
        # the caller is in the MAC: a forged ``caller`` cannot file the call under another lead
        verify_stream_token(
            services.settings.stream_token_secret,
            params.get(STREAM_PARAM_TOKEN),
            business_id,
            start.call_sid,
            services.clock.now(),
            caller=caller,
            parameters=params,
        )
        lead_phone = normalize_phone(caller)
    except (BadSignature, InvalidPhoneNumber) as exc:
        services.count("handshake_rejected")
        log.warning("media stream for call %s rejected: %s", start.call_sid, exc)
        return None
    return CallIdentity(business_id, lead_phone, start.call_sid, start.stream_sid)


def _token_expiry(start: Start | None) -> int:
    """The verified token's expiry (unix seconds): a later token for the same call (Leah taking
    the call back after an unanswered handoff) may claim it again; the same token may not."""
    token = (start.custom_parameters.get(STREAM_PARAM_TOKEN, "") if start else "").split(".")
    return int(token[1]) if len(token) == 3 and token[1].isdigit() else 0


def _greeting_plan(start: Start) -> GreetingPlan | None:
    """The opening line and voice the webhook signed into the stream (None: ask the brain)."""
    params = start.custom_parameters
    opening = params.get(STREAM_PARAM_GREETING, "").strip()
    if not opening:
        return None
    return GreetingPlan(opening, params.get(STREAM_PARAM_VOICE) or None)


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

    async def end_stream() -> None:
        """Close the stream ourselves (a handoff): Twilio then requests ``<Connect action>``."""
        if websocket.application_state is WebSocketState.CONNECTED:
            async with send_lock:
                with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                    await websocket.close(1000)

    # the claim (one Firestore write) runs beside the greeting: no round trip before first audio;
    # the call's writes wait for it, so a losing stream stores nothing
    claim = asyncio.ensure_future(
        services.claims.claim(call, services.clock.now(), _token_expiry(start))
    )
    session = CallSession(
        call,
        send,
        services.brain,
        services.stt,
        services.tts,
        services.greetings,
        ClaimGatedRecorder(services.recorder, claim),
        services.stats,
        services.session_params,
        wall_clock=services.clock,
        voice_lookup=services.voice_for,
        end_stream=end_stream,
        greeting_plan=_greeting_plan(start) if start is not None else None,
    )
    pump = asyncio.ensure_future(_run_call(websocket, session, services, start_received_at))
    try:
        claimed = await claim
    except Exception:
        # fail closed: without the claim a replayed token could hold a second conversation
        log.exception("call %s: stream claim failed", call.call_sid)
        claimed = False
    except asyncio.CancelledError:
        pump.cancel()
        raise
    if not claimed:
        session.abandoned = True  # before the cancel: the pump must not finalize this call
        pump.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await pump
        await session.abandon()
        services.count("stream_reused")
        log.warning("call %s: a second stream for one token, closed", call.call_sid)
        if websocket.application_state is WebSocketState.CONNECTED:
            with contextlib.suppress(RuntimeError, WebSocketDisconnect):
                await websocket.close(POLICY_VIOLATION)
        return
    services.count("calls_started")
    await pump
    if websocket.application_state is WebSocketState.CONNECTED:
        with contextlib.suppress(RuntimeError, WebSocketDisconnect):
            await websocket.close()


async def _run_call(
    websocket: WebSocket, session: CallSession, services: CallServices, start_received_at: float
) -> None:
    """Greet, then move messages until ``stop`` or hang-up; always finalize the call."""
    call = session.call
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
    except (WebSocketDisconnect, WebSocketDisconnected):
        if session.handoff.started:
            ended_by = "handoff"
        # else: the caller hung up (or a send already found the socket gone)
    except Exception as exc:
        if isinstance(exc, RuntimeError) and session.handoff.started:
            ended_by = "handoff"  # receiving after we closed the socket for the handoff
        else:
            log.exception("call %s failed", call.call_sid)
            services.count("calls_failed")
            ended_by = "error"
            if websocket.application_state is WebSocketState.CONNECTED:
                await websocket.close(INTERNAL_ERROR)
    finally:
        if not session.abandoned:  # a second stream for one token stores nothing
            try:
                # shielded: a server shutting down must not lose the call's last turn and its end
                await asyncio.shield(session.finish(ended_by))
                services.count("calls_ended")
            except Exception:
                log.exception("call %s could not be finalized", call.call_sid)
                services.count("calls_finalize_failed")
