"""Cloud Functions entry points (functions-framework targets).

One deployed source folder serves every function (`--entry-point` picks one). Each target here
imports its feature module on first use, so a deployed function loads only its own code and
clients (the voice webhooks never import the CRM API or OpenAI), keeping cold starts short.
"""

from __future__ import annotations

import importlib
import json
import logging
from typing import Any

import flask
import functions_framework
from cloudevents.http import CloudEvent
from werkzeug.exceptions import HTTPException

from agentlocator.api.texts_he import BY_STATUS
from agentlocator.log_redaction import install_phone_redaction

log = logging.getLogger("agentlocator.functions")

install_phone_redaction()  # lead ids are phones and sit in request paths


def _hardened(result: Any) -> flask.Response:
    """Whatever a function answers (JSON, TwiML, an .ics), a browser must not sniff it into HTML."""
    response = flask.make_response(result)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _json_not_found(error: Exception) -> flask.Response:
    """Paths the framework's own router rejects (e.g. a newline in an id) answer JSON, not
    Flask's HTML page. Registered here because main.py is the source production deploys:
    functions-framework exposes the app's ``errorhandler`` only while it loads the source."""
    body = {"error": "NotFound", "message": "not found", "message_he": BY_STATUS[404]}
    return _hardened(
        flask.Response(json.dumps(body, ensure_ascii=False), 404, mimetype="application/json")
    )


functions_framework.errorhandler(404)(_json_not_found)


def _json_method_not_allowed(error: Exception) -> flask.Response:
    """A method the framework refuses (GET on an event function, say): JSON, not Flask's page."""
    body = {"error": "MethodNotAllowed", "message": "method not allowed"}
    body["message_he"] = BY_STATUS[405]
    return _hardened(
        flask.Response(json.dumps(body, ensure_ascii=False), 405, mimetype="application/json")
    )


functions_framework.errorhandler(405)(_json_method_not_allowed)


def _feature(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


def _serve(module: str, name: str, request: flask.Request) -> Any:
    """The feature's answer; a failure outside its own error mapping (an import, a client
    build) is logged and answered as a JSON 500, never Flask's HTML error page."""
    try:
        return _hardened(_feature(module, name)(request))
    except HTTPException:
        raise  # werkzeug's own answers (404, 405…) go to the framework's handlers
    except Exception:  # the outermost boundary of every HTTP function
        log.exception("function %s failed", name)
        response = flask.jsonify(error="InternalError", message="internal error")
        response.status_code = 500
        return _hardened(response)


@functions_framework.http
def voice_incoming(request: flask.Request) -> Any:
    return _serve("voice", "voice_incoming", request)


@functions_framework.http
def voice_status(request: flask.Request) -> Any:
    return _serve("voice", "voice_status", request)


@functions_framework.http
def recording_status(request: flask.Request) -> Any:
    return _serve("voice", "recording_status", request)


@functions_framework.http
def voice_handoff(request: flask.Request) -> Any:
    return _serve("handoff", "voice_handoff", request)


@functions_framework.http
def voice_dial_result(request: flask.Request) -> Any:
    return _serve("handoff", "voice_dial_result", request)


@functions_framework.http
def voice_agent_leg(request: flask.Request) -> Any:
    return _serve("handoff", "voice_agent_leg", request)


@functions_framework.http
def notice_task(request: flask.Request) -> Any:
    return _serve("notices", "notice_task", request)


@functions_framework.http
def meeting_reminder_task(request: flask.Request) -> Any:
    return _serve("meetings", "meeting_reminder_task", request)


@functions_framework.http
def meeting_ics(request: flask.Request) -> Any:
    return _serve("meetings", "meeting_ics", request)


@functions_framework.http
def crm_api(request: flask.Request) -> Any:
    return _serve("crm", "crm_api", request)


@functions_framework.http
def whatsapp_inbound(request: flask.Request) -> Any:
    return _serve("whatsapp", "whatsapp_inbound", request)


@functions_framework.http
def whatsapp_send_task(request: flask.Request) -> Any:
    return _serve("whatsapp", "whatsapp_send_task", request)


@functions_framework.http
def baileys_inbound(request: flask.Request) -> Any:
    return _serve("whatsapp", "baileys_inbound", request)


@functions_framework.http
def paypal_webhook(request: flask.Request) -> Any:
    return _serve("billing_hooks", "paypal_webhook", request)


@functions_framework.http
def tranzila_notify(request: flask.Request) -> Any:
    return _serve("billing_hooks", "tranzila_notify", request)


@functions_framework.http
def billing_daily(request: flask.Request) -> Any:
    return _serve("billing_hooks", "billing_daily", request)


@functions_framework.cloud_event
def purge_recordings(event: CloudEvent) -> Any:
    return _feature("retention", "purge_recordings")(event)


@functions_framework.http
def sweep_stale_streams(request: flask.Request) -> Any:
    return _serve("streams", "sweep_stale_streams", request)
