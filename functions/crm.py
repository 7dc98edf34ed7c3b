"""``crm_api``: the CRM's HTTP API for the web app (functions-framework target).

Thin: Flask request → ``ApiRequest`` → ``CrmApi.handle`` → Flask response. The API itself
lives in ``agentlocator.api``; clients are built once per instance.
"""

from __future__ import annotations

import functools

import flask
import functions_framework
import runtime

from agentlocator.api.app import CrmApi, error_response
from agentlocator.api.firebase import FirebaseTokenVerifier, FirebaseUserDirectory, firebase_app
from agentlocator.api.http import ApiRequest
from agentlocator.api.services import Services
from agentlocator.errors import NotFound


@functools.cache
def crm() -> CrmApi:
    settings = runtime.settings()
    app = firebase_app(settings)
    services = Services.build(runtime.repos(), FirebaseUserDirectory(app))
    return CrmApi(services, FirebaseTokenVerifier(app), settings.cors_origins)


def _json_not_found(error: Exception) -> flask.Response:
    """Paths the framework's own router rejects (e.g. a newline in an id) answer JSON too."""
    body = error_response(NotFound("no such endpoint"))
    return flask.Response(body.body, status=body.status, headers=body.headers)


# functions-framework exposes the Flask app's errorhandler while it imports this module.
_errorhandler = getattr(functions_framework, "errorhandler", None)
if _errorhandler is not None:
    _errorhandler(404)(_json_not_found)


@functions_framework.http
def crm_api(request: flask.Request) -> flask.Response:
    response = crm().handle(
        ApiRequest(
            method=request.method,
            path=request.path,
            query={key: request.args[key] for key in request.args},
            headers={key.lower(): value for key, value in request.headers.items()},
            body=request.get_data(cache=False),
        )
    )
    return flask.Response(response.body, status=response.status, headers=response.headers)
