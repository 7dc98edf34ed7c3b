"""Starlette app: ``/media`` (Twilio Media Streams), ``/healthz``, ``/stats``.

``create_app()`` is the uvicorn factory (``uvicorn media_stream_service.app:create_app
--factory``); tests and the bench pass their own ``services_factory``.
"""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute

from agentlocator.config import Settings, load_settings, require_deployable
from media_stream_service.handler import media_stream
from media_stream_service.services import CallServices, ServicesFactory


async def healthz(request: Request) -> PlainTextResponse:
    return PlainTextResponse("ok")


async def stats(request: Request) -> JSONResponse:
    services: CallServices = request.app.state.services
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
    return Starlette(
        routes=[
            WebSocketRoute("/media", media_stream),
            Route("/healthz", healthz),
            Route("/stats", stats),
        ],
        lifespan=lifespan,
    )
