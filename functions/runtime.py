"""Per-instance state and error mapping shared by every Cloud Function entry point.

Clients are built lazily once per instance (cold start pays only for what a function uses).
"""

from __future__ import annotations

import functools
import io
import logging
import os
from collections.abc import Callable
from typing import Any, ParamSpec

import flask

from agentlocator.api.texts_he import message_for
from agentlocator.billing.wiring import Billing
from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings, load_settings, require_deployable
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import AgentLocatorError, Forbidden, ValidationFailed
from agentlocator.tasks.oidc import TaskTokenVerifier

log = logging.getLogger("agentlocator.functions")
P = ParamSpec("P")


@functools.cache
def settings() -> Settings:
    """This instance's Settings; outside local/test, refuses public defaults and emulators."""
    return require_deployable(load_settings(), os.environ)


def clock() -> Clock:
    """The instance's one clock: every function decides by it, never by the wall clock directly."""
    return SYSTEM_CLOCK


@functools.cache
def repos() -> Repositories:
    return Repositories.from_settings(settings(), clock())


@functools.cache
def billing() -> Billing:
    """Billing with the tenant provisioner; firebase-admin is imported only by the functions
    that use billing (it grants the new owner's custom claims)."""
    from agentlocator.api.firebase import FirebaseUserDirectory, firebase_app
    from agentlocator.billing.provisioning import TenantsProvisioner
    from agentlocator.billing.wiring import build_billing

    directory = FirebaseUserDirectory(firebase_app(settings()))
    provisioner = TenantsProvisioner(repos().client, clock(), directory)
    return build_billing(settings(), repos().client, provisioner)


def bounded_body(request: flask.Request, limit: int) -> bytes:
    """The request's bytes, or a 400 on ``body`` past ``limit``, also for a chunked body (no
    Content-Length), which werkzeug's own limit would silently cut short. The bytes are put back
    so ``request.form`` and ``get_data`` read them as usual."""
    if request.content_length is not None:
        if request.content_length > limit:
            raise ValidationFailed("body", "too large")
        return request.get_data(cache=True)
    if not request.environ.get("wsgi.input_terminated"):
        return b""  # no length and no chunked framing: no body (reading would wait forever)
    data = request.environ["wsgi.input"].read(limit + 1)
    if len(data) > limit:
        raise ValidationFailed("body", "too large")
    request.environ["wsgi.input"] = io.BytesIO(data)
    request.environ["CONTENT_LENGTH"] = str(len(data))
    return request.get_data(cache=True)


TASK_QUEUE_HEADER = "X-CloudTasks-QueueName"


def task_payload(
    request: flask.Request, queue: str, verifier: TaskTokenVerifier | None, queue_label: str
) -> dict[str, Any]:
    """The JSON body of a Cloud Task, once it is shown to come through ``queue``.

    IAM admits only the tasks account in production; in code the OIDC token is checked too (a
    function deployed open by mistake admits nothing), and the queue header names our queue.
    """
    if request.headers.get(TASK_QUEUE_HEADER, "").rsplit("/", 1)[-1] != queue:
        raise Forbidden(f"not from the {queue_label} queue")
    if verifier is not None:
        verifier.verify(request.headers.get("Authorization"))
    payload = request.get_json(silent=True)
    if not isinstance(payload, dict):
        raise ValidationFailed("body", "expected a JSON object")
    return payload


def error_response(exc: AgentLocatorError) -> flask.Response:
    """JSON error body; 400s name the failing field."""
    body: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
    if isinstance(exc, ValidationFailed):
        body.update(field=exc.field, message=exc.message)
    reason = getattr(exc, "reason", None)
    if isinstance(reason, str):
        body["reason"] = reason  # a machine-readable why (e.g. billing's no_number)
    status = exc.http_status
    if status == 404:
        body["message"] = "not found"  # never echo ids: no existence leak across tenants
    body["message_he"] = message_for(status, None, body.get("field"))
    response = flask.jsonify(body)
    response.status_code = status
    return response


def internal_error_response() -> flask.Response:
    """The JSON 500: no exception text (it may carry ids or internals), never Flask's HTML page."""
    response = flask.jsonify(error="InternalError", message="internal error")
    response.status_code = 500
    return response


def json_errors(handler: Callable[P, Any]) -> Callable[P, Any]:
    """Turn AgentLocatorError into its HTTP status; anything else is logged and a JSON 500
    (Twilio and Cloud Tasks then retry, which every handler here tolerates)."""

    @functools.wraps(handler)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> Any:
        try:
            return handler(*args, **kwargs)
        except AgentLocatorError as exc:
            return error_response(exc)
        except Exception:  # the boundary: anything unexpected is logged once, answered as JSON
            log.exception("%s failed", getattr(handler, "__name__", "handler"))
            return internal_error_response()

    return wrapper
