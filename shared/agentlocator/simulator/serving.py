"""Serve an ASGI app with uvicorn on a free loopback port in a background thread (tests, bench)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


@contextmanager
def serve_in_thread(app: Any, host: str = "127.0.0.1", timeout_s: float = 30.0) -> Iterator[str]:
    """Yields ``host:port``; stops the server on exit."""
    config = uvicorn.Config(
        app, host=host, port=0, log_level="warning", lifespan="on", ws="websockets-sansio"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout_s)
