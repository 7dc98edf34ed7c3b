"""Starlette app: ``/media`` (Twilio Media Streams), ``/healthz``, ``/stats``.

``create_app()`` is the uvicorn factory (``uvicorn media_stream_service.app:create_app
--factory``); tests and the bench pass their own ``services_factory``.
"""

from __future__ import annotations

import hmac
import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute

from agentlocator.config import Settings, load_settings, require_deployable
from agentlocator.log_redaction import install_phone_redaction
from media_stream_service.handler import media_stream
from media_stream_service.services import CallServices, ServicesFactory


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


def stats_allowed(settings: Settings, authorization: str | None) -> bool:
    """/stats shows call counts and the speech setup: with ``MEDIA_STATS_TOKEN`` set it needs
    ``Authorization: Bearer <token>``; unset, it is served only in local/test."""
    token = settings.media_stats_token
    if not token:
        return settings.is_local
    offered = (authorization or "").removeprefix("Bearer ").strip()
    return hmac.compare_digest(offered.encode(), token.encode())


async def stats(request: Request) -> JSONResponse:
    services: CallServices = request.app.state.services
    if not stats_allowed(services.settings, request.headers.get("authorization")):
        # 404, not 401: nothing tells a scanner that the page exists.
        return JSONResponse({"error": "NotFound"}, status_code=404)
    return JSONResponse(
        {
            "info": services.info,
            "counters": dict(services.counters),
            "latency_ms": services.stats.summary(),
        }
    )


def create_app(
    settings: Settings | None = None, services_factory: ServicesFactory | None = None
) -> Starlette:
    resolved = require_deployable(settings or load_settings(), os.environ)
    if services_factory is None:
        from media_stream_service.providers import production_services

        services_factory = production_services

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with services_factory(resolved) as services:
            app.state.services = services
            yield

    logging.basicConfig(level=logging.INFO)
    install_phone_redaction()
    app = Starlette(
        routes=[
            WebSocketRoute("/media", media_stream),
            Route("/healthz", healthz),
            Route("/stats", stats),
        ],
        lifespan=lifespan,
    )
    # A slash redirect is built from the request's Host header: "/healthz/" with
    # "Host: evil.example" would send the client to evil.example. No redirects at all.
    app.router.redirect_slashes = False
    return app
