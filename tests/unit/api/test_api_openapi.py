"""The OpenAPI document: built from the route table, kept in docs/ and never stale."""

from __future__ import annotations

import re
from pathlib import Path

from agentlocator.api.openapi import build_openapi, render
from agentlocator.api.routes import build_router

DOC = Path(__file__).resolve().parents[3] / "docs" / "openapi.json"


def test_docs_openapi_json_is_current() -> None:
    assert DOC.read_text(encoding="utf-8") == render(build_openapi()), (
        "docs/openapi.json is stale: run "
        "`.venv/bin/python -m agentlocator.api.openapi docs/openapi.json`"
    )


def test_every_route_is_documented_once_with_its_path_parameters() -> None:
    doc = build_openapi()
    routes = build_router().routes
    ids = [op["operationId"] for ops in doc["paths"].values() for op in ops.values()]
    assert len(ids) == len(set(ids)) == len(routes) + 1  # + the document itself
    for route in routes:
        operation = doc["paths"][route.path][route.method.lower()]
        declared = {p["name"] for p in operation.get("parameters", []) if p["in"] == "path"}
        assert declared == set(re.findall(r"\{(\w+)\}", route.path))
        assert str(route.status) in operation["responses"]
        assert {"401", "403"} <= set(operation["responses"])


def test_every_reference_resolves() -> None:
    doc = build_openapi()
    text = render(doc)
    for name in set(re.findall(r'"#/components/schemas/([^"]+)"', text)):
        assert name in doc["components"]["schemas"], name
