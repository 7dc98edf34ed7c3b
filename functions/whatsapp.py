"""WhatsApp entry points: parse → verify → call the conversation service → respond.

- ``whatsapp_inbound``: Twilio's WhatsApp webhook (signed form) → empty TwiML at once; Leah's
  reply goes out from ``whatsapp_send_task``, which Cloud Tasks calls (and retries).
- ``baileys_inbound``: the Baileys bridge's HMAC-signed JSON.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable
from typing import Any

import flask
import functions_framework
from runtime import bounded_body, clock, json_errors, repos, settings, task_payload
from twilio_webhook import verify_twilio_webhook

from agentlocator.errors import ValidationFailed
from agentlocator.whatsapp import bridge_signing
from agentlocator.whatsapp.inbound import parse_bridge_payload, parse_twilio_form
from agentlocator.whatsapp.reply_jobs import job_id_from_task_body
from agentlocator.whatsapp.window import WindowClosed
from agentlocator.whatsapp.wiring import WhatsAppComponents, build_components

MAX_BRIDGE_BODY_BYTES = 256 * 1024

log = logging.getLogger("agentlocator.functions.whatsapp")
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

HttpHandler = Callable[[flask.Request], Any]
# functions-framework's decorator is untyped; this alias gives it its real signature.
http_target: Callable[[HttpHandler], HttpHandler] = functions_framework.http


@functools.cache
def components() -> WhatsAppComponents:
    return build_components(settings(), repos(), clock=clock())


# json_errors is applied inside (not as a decorator) so mypy keeps the targets typed even
# where it cannot follow the ``runtime`` import.
@http_target
def whatsapp_inbound(request: flask.Request) -> Any:
    return json_errors(twilio_inbound)(request, components())


@http_target
def whatsapp_send_task(request: flask.Request) -> Any:
    return json_errors(send_task)(request, components())


@http_target
def baileys_inbound(request: flask.Request) -> Any:
    return json_errors(bridge_inbound)(request, components())


# --- handlers (take their components, so a local server or a test can serve them too) ----


def twilio_inbound(request: flask.Request, parts: WhatsAppComponents) -> flask.Response:
    verify_twilio_webhook(request, "whatsapp_inbound", parts.settings)
    inbound = parse_twilio_form(request.form.to_dict(), parts.clock.now())
    received = parts.conversations.receive(inbound)
    if received.duplicate:
        log.info("duplicate WhatsApp delivery %s", inbound.provider_id)
    return flask.Response(EMPTY_TWIML, status=200, content_type="text/xml")


def send_task(request: flask.Request, parts: WhatsAppComponents) -> flask.Response:
    payload = task_payload(
        request, parts.settings.whatsapp_queue, parts.task_tokens, "WhatsApp reply"
    )
    job_id = job_id_from_task_body(payload)
    try:
        outcome = parts.conversations.deliver_task(job_id)
    except WindowClosed as exc:
        # Retrying cannot open the window; the lead's next message will.
        log.warning("reply job %s not sent: %s", job_id, exc)
        return flask.jsonify(outcome="window_closed")
    if outcome == "in_progress":
        # Another worker holds the claim: ask Cloud Tasks to come back (it may have died).
        response = flask.jsonify(outcome=outcome)
        response.status_code = 503
        return response
    return flask.jsonify(outcome=outcome)


def bridge_inbound(request: flask.Request, parts: WhatsAppComponents) -> flask.Response:
    # The bridge posts one message's text and media references (media bytes go to Storage):
    # anything larger is refused before it is read in full or an HMAC is computed over it.
    body = bounded_body(request, MAX_BRIDGE_BODY_BYTES)
    bridge_signing.verify(
        parts.settings.baileys_shared_secret,
        body,
        request.headers.get(bridge_signing.TIMESTAMP_HEADER),
        request.headers.get(bridge_signing.SIGNATURE_HEADER),
        parts.clock.now().timestamp(),
    )
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise ValidationFailed("body", "not JSON") from exc
    if not isinstance(payload, dict):
        raise ValidationFailed("body", "expected a JSON object")
    received = parts.conversations.receive(parse_bridge_payload(payload, parts.clock.now()))
    return flask.jsonify(duplicate=received.duplicate, message_id=received.message_id)


__all__ = ["baileys_inbound", "whatsapp_inbound", "whatsapp_send_task"]
