"""Cloud Functions entry points (functions-framework targets).

One deployed source folder serves every function (`--entry-point` picks one). Each target here
imports its feature module on first use, so a deployed function loads only its own code and
clients (the voice webhooks never import the CRM API or OpenAI), keeping cold starts short.
"""

from __future__ import annotations

import importlib
from typing import Any

import flask
import functions_framework
from cloudevents.http import CloudEvent


def _feature(module: str, name: str) -> Any:
    return getattr(importlib.import_module(module), name)


@functions_framework.http
def voice_incoming(request: flask.Request) -> Any:
    return _feature("voice", "voice_incoming")(request)


@functions_framework.http
def voice_status(request: flask.Request) -> Any:
    return _feature("voice", "voice_status")(request)


@functions_framework.http
def recording_status(request: flask.Request) -> Any:
    return _feature("voice", "recording_status")(request)


@functions_framework.http
def crm_api(request: flask.Request) -> Any:
    return _feature("crm", "crm_api")(request)


@functions_framework.http
def whatsapp_inbound(request: flask.Request) -> Any:
    return _feature("whatsapp", "whatsapp_inbound")(request)


@functions_framework.http
def whatsapp_send_task(request: flask.Request) -> Any:
    return _feature("whatsapp", "whatsapp_send_task")(request)


@functions_framework.http
def baileys_inbound(request: flask.Request) -> Any:
    return _feature("whatsapp", "baileys_inbound")(request)


@functions_framework.http
def paypal_webhook(request: flask.Request) -> Any:
    return _feature("billing_hooks", "paypal_webhook")(request)


@functions_framework.http
def tranzila_notify(request: flask.Request) -> Any:
    return _feature("billing_hooks", "tranzila_notify")(request)


@functions_framework.http
def billing_daily(request: flask.Request) -> Any:
    return _feature("billing_hooks", "billing_daily")(request)


@functions_framework.cloud_event
def purge_recordings(event: CloudEvent) -> Any:
    return _feature("retention", "purge_recordings")(event)
