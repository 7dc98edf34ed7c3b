"""The OpenAPI 3.1 document, built from the route table and the pydantic models.

``python -m agentlocator.api.openapi docs/openapi.json`` rewrites the copy kept in the repo
(a unit test fails when that copy is stale).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import JsonSchemaMode, models_json_schema

from agentlocator.api.routes import build_router
from agentlocator.api.routing import SAFE_ID_PATTERN, Router
from agentlocator.api.schemas.common import ErrorOut

OPENAPI_PATH = "/openapi.json"
_REF = "#/components/schemas/{model}"
_ERRORS = {
    400: "Invalid input; `field` names the failing field",
    401: "Missing or invalid ID token",
    403: "The role may not do this",
    404: "Not found (also for ids of another business)",
    409: "Conflicts with the current state; `reason` says how",
}


def _json(model: type[BaseModel], content: dict[str, Any], description: str) -> dict[str, Any]:
    ref = {"$ref": _REF.format(model=model.__name__)}
    return {"description": description, "content": {"application/json": {"schema": ref}}} | content


def _query_parameters(model: type[BaseModel]) -> list[dict[str, Any]]:
    schema = model.model_json_schema(mode="validation", ref_template=_REF)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k != "title"}
        description = prop.pop("description", None)
        param: dict[str, Any] = {
            "name": name,
            "in": "query",
            "required": name in required,
            "schema": prop,
        }
        if description:
            param["description"] = description
        params.append(param)
    return params


def build_openapi(router: Router | None = None) -> dict[str, Any]:
    router = router or build_router()
    models: dict[tuple[type[BaseModel], JsonSchemaMode], None] = {(ErrorOut, "serialization"): None}
    for route in router.routes:
        if route.body is not None:
            models[(route.body, "validation")] = None
        if route.response is not None:
            models[(route.response, "serialization")] = None
    _, defs = models_json_schema(list(models), ref_template=_REF)

    paths: dict[str, dict[str, Any]] = {}
    for route in router.routes:
        operation: dict[str, Any] = {
            "operationId": route.operation_id,
            "summary": route.summary,
            "tags": [route.tag],
            "x-roles": sorted(route.roles),
        }
        parameters = [
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": SAFE_ID_PATTERN},
            }
            for name in route.path_params
        ]
        if route.query is not None:
            parameters += _query_parameters(route.query)
        if parameters:
            operation["parameters"] = parameters
        if route.body is not None:
            ref = {"$ref": _REF.format(model=route.body.__name__)}
            operation["requestBody"] = {
                "required": True,
                "content": {"application/json": {"schema": ref}},
            }
        responses: dict[str, Any] = {}
        if route.response is not None:
            responses[str(route.status)] = _json(route.response, {}, "Success")
        elif route.media_type != "application/json":
            responses[str(route.status)] = {
                "description": "A file (Content-Disposition names it)",
                "content": {route.media_type: {"schema": {"type": "string"}}},
            }
        else:
            responses[str(route.status)] = {"description": "Success"}
        for status in sorted({400, 401, 403, 404, *route.errors}):
            responses[str(status)] = _json(ErrorOut, {}, _ERRORS[status])
        operation["responses"] = responses
        paths.setdefault(route.path, {})[route.method.lower()] = operation

    paths[OPENAPI_PATH] = {
        "get": {
            "operationId": "openapi",
            "summary": "This document",
            "tags": ["meta"],
            "security": [],
            "responses": {
                "200": {
                    "description": "OpenAPI 3.1 document",
                    "content": {"application/json": {"schema": {"type": "object"}}},
                }
            },
        }
    }
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "AgentLocator CRM API",
            "version": "1.0.0",
            "description": (
                "The API the AgentLocator web app uses. Every call carries a Firebase ID token; "
                "the business and role come only from its custom claims (`business_id`, `role`). "
                "A platform superadmin (`role: superadmin`) chooses the business with the "
                "`X-Business-Id` header, which everyone else's requests ignore. Errors carry "
                "`message_he`, a Hebrew sentence for people."
            ),
        },
        "security": [{"firebase": []}],
        "paths": paths,
        "components": {
            "schemas": defs["$defs"],
            "securitySchemes": {
                "firebase": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
            },
        },
    }


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render(build_openapi())
    if args:
        Path(args[0]).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
