"""Serve every Cloud Function target in one local process: ``/<target>/`` → that function.

functions-framework serves one target per process; locally we mount one app per target under
werkzeug's DispatcherMiddleware. Targets are found from the functions-framework registry after
importing main.py, so a new function needs no change here.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path
from typing import Any

import functions_framework
from functions_framework import _function_registry
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.serving import run_simple
from werkzeug.wrappers import Response

SOURCE = Path(__file__).with_name("main.py")


def registered_targets() -> dict[str, str]:
    """target name → signature type ("http" or "cloudevent") as main.py declares them."""
    sys.path.insert(0, str(SOURCE.parent))
    spec = importlib.util.spec_from_file_location("agentlocator_functions_main", SOURCE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return dict(_function_registry.REGISTRY_MAP)


def _accept_bare_mount_path(app: Any) -> Any:
    """Serve ``/<target>`` as well as ``/<target>/``: Flask would answer the bare mount path
    with a 308 redirect, which Twilio does not follow for a POST webhook."""

    def wsgi(environ: dict[str, Any], start_response: Any) -> Any:
        if not environ.get("PATH_INFO"):
            environ["PATH_INFO"] = "/"
        return app(environ, start_response)

    return wsgi


def build_app() -> DispatcherMiddleware:
    def index(environ: object, start_response: object) -> object:
        lines = "\n".join(f"/{name}/ ({kind})" for name, kind in sorted(targets.items()))
        return Response(f"AgentLocator functions:\n{lines}\n")(environ, start_response)  # type: ignore[arg-type]

    targets = registered_targets()
    mounts = {
        f"/{name}": _accept_bare_mount_path(
            functions_framework.create_app(name, str(SOURCE), kind)  # type: ignore[no-untyped-call]
        )
        for name, kind in targets.items()
    }
    return DispatcherMiddleware(index, mounts)  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    args = parser.parse_args()
    run_simple(args.host, args.port, build_app(), threaded=True, use_reloader=False)


if __name__ == "__main__":
    main()
