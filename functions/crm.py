"""``crm_api``: the CRM's HTTP API for the web app (functions-framework target).

Thin: Flask request → ``ApiRequest`` → ``CrmApi.handle`` → Flask response. The API itself
lives in ``agentlocator.api``; clients are built once per instance.
"""

from __future__ import annotations

import contextlib
import functools

import flask
import functions_framework
import runtime

from agentlocator.api.app import CrmApi, error_response
from agentlocator.api.firebase import FirebaseTokenVerifier, FirebaseUserDirectory, firebase_app
from agentlocator.api.http import ApiRequest
from agentlocator.api.recording_links import StorageRecordingLinks
from agentlocator.api.services import Services
from agentlocator.errors import NotFound
from agentlocator.notices.outbox import notice_outbox


@functools.cache
def crm() -> CrmApi:
    settings = runtime.settings()
    app = firebase_app(settings)
    services = Services.build(
        runtime.repos(),
        FirebaseUserDirectory(app),
        StorageRecordingLinks.from_settings(settings),
        billing=runtime.billing(),
        notices=notice_outbox(settings),
    )
    return CrmApi(services, FirebaseTokenVerifier(app), settings.cors_origins)


def client_ip(request: flask.Request) -> str:
    """Google's front end appends the connecting address to X-Forwarded-For: take the last
    entry (earlier ones are whatever the client sent)."""
    forwarded = request.headers.get("X-Forwarded-For", "")
    last = forwarded.rsplit(",", 1)[-1].strip()
    return last or (request.remote_addr or "")


def api_request(request: flask.Request) -> ApiRequest:
    return ApiRequest(
        method=request.method,
        path=request.path,
        query={key: request.args[key] for key in request.args},
        headers={key.lower(): value for key, value in request.headers.items()},
        body=request.get_data(cache=False),
        client_ip=client_ip(request),
    )


def serve(api: CrmApi, request: flask.Request) -> flask.Response:
    response = api.handle(api_request(request))
    return flask.Response(response.body, status=response.status, headers=response.headers)


def _json_not_found(error: Exception) -> flask.Response:
    """Paths the framework's own router rejects (e.g. a newline in an id) answer JSON too."""
    body = error_response(NotFound("no such endpoint"))
    return flask.Response(body.body, status=body.status, headers=body.headers)


def _register_json_not_found() -> None:
    """When functions-framework imports this module as the source (``--source functions/crm.py``)
    it exposes the app's errorhandler while loading it. Imported lazily by main.py after the
    app started serving, Flask refuses new handlers: then its own 404 page stays."""
    register = getattr(functions_framework, "errorhandler", None)
    if register is None:
        return
    with contextlib.suppress(AssertionError):
        register(404)(_json_not_found)


_register_json_not_found()


@functions_framework.http
def crm_api(request: flask.Request) -> flask.Response:
    return serve(crm(), request)
