"""Payment provider callbacks: parse → verify → call billing → respond.

- ``paypal_webhook``: PayPal's signed webhook; verified over the RAW body (never re-serialised
  JSON), deduplicated by event id. Forged → 400, nothing changes.
- ``tranzila_notify``: Tranzila's unsigned notify; trusted only after re-querying the
  transaction (``billing.payments.Payments.tranzila_notify``). Rejected → 403.
- ``billing_daily``: Cloud Scheduler's daily call (IAM: only the scheduler's service account may
  invoke it): trials that ended, grace periods that ran out, notices recorded.

(The module is not named ``billing`` so it never shadows ``agentlocator.billing`` imports.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import flask
import functions_framework
from runtime import billing, bounded_body, clock, json_errors

from agentlocator.api.texts_he import message_for
from agentlocator.billing.wiring import Billing
from agentlocator.clock import Clock

MAX_BODY_BYTES = 128 * 1024

HttpHandler = Callable[[flask.Request], Any]
http_target: Callable[[HttpHandler], HttpHandler] = functions_framework.http


@http_target
def paypal_webhook(request: flask.Request) -> Any:
    return json_errors(handle_paypal)(request, billing(), clock())


@http_target
def tranzila_notify(request: flask.Request) -> Any:
    return json_errors(handle_tranzila)(request, billing(), clock())


@http_target
def billing_daily(request: flask.Request) -> Any:
    return json_errors(handle_daily)(request, billing(), clock())


def _post_only(request: flask.Request) -> flask.Response | None:
    if request.method != "POST":
        return _method_not_allowed()
    bounded_body(request, MAX_BODY_BYTES)  # also without a Content-Length (chunked)
    return None


def _method_not_allowed() -> flask.Response:
    body = {"error": "MethodNotAllowed", "message": "method not allowed",
            "message_he": message_for(405)}  # fmt: skip
    response = flask.jsonify(body)
    response.status_code = 405
    response.headers["Allow"] = "POST"
    return response


def handle_paypal(request: flask.Request, parts: Billing, clock: Clock) -> flask.Response:
    refused = _post_only(request)
    if refused is not None:
        return refused
    raw = request.get_data()  # the exact bytes PayPal signed (kept by _post_only)
    outcome = parts.payments.paypal_webhook(dict(request.headers), raw, clock.now())
    return flask.jsonify(outcome=outcome)


def handle_tranzila(request: flask.Request, parts: Billing, clock: Clock) -> flask.Response:
    refused = _post_only(request)
    if refused is not None:
        return refused
    order = request.args.get("order", "")
    nonce = request.args.get("nonce", "")
    form = {key: request.form[key] for key in request.form}
    outcome = parts.payments.tranzila_notify(order, nonce, form, clock.now())
    return flask.jsonify(outcome=outcome)


def handle_daily(request: flask.Request, parts: Billing, clock: Clock) -> flask.Response:
    refused = _post_only(request)
    if refused is not None:
        return refused
    return flask.jsonify(moved=parts.payments.daily(clock.now()))


__all__ = ["billing_daily", "paypal_webhook", "tranzila_notify"]
