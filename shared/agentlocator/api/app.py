"""The CRM API: CORS → route → authenticate → role → validate → handler → JSON.

Framework-free: ``CrmApi.handle`` takes an ``ApiRequest`` and returns an ``ApiResponse``.
"""

from __future__ import annotations

import json
import logging
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, ValidationError

from agentlocator.api.auth import (
    ANONYMOUS,
    BUSINESS_HEADER,
    PUBLIC,
    SIGNED_IN,
    Principal,
    TokenVerifier,
    bearer_token,
    business_of,
    principal_from_claims,
    require_role,
    signed_in_principal,
)
from agentlocator.api.http import ApiRequest, ApiResponse, FileOut
from agentlocator.api.openapi import OPENAPI_PATH, build_openapi
from agentlocator.api.problems import FieldProblem, Invalid
from agentlocator.api.routes import build_router
from agentlocator.api.routing import Call, Context, Route, Router, is_safe_id
from agentlocator.api.services import Services
from agentlocator.api.texts_he import message_for, validation_message
from agentlocator.billing.errors import ServiceSuspended
from agentlocator.billing.state import service_policy
from agentlocator.errors import (
    AgentLocatorError,
    Forbidden,
    InvalidPhoneNumber,
    NotFound,
    ValidationFailed,
)

log = logging.getLogger("agentlocator.api")

ALLOWED_HEADERS = "Authorization, Content-Type, X-Business-Id"
MAX_BODY_BYTES = 256 * 1024


class CrmApi:
    def __init__(
        self,
        services: Services,
        verifier: TokenVerifier,
        cors_origins: list[str],
        router: Router | None = None,
    ) -> None:
        self._services = services
        self._verifier = verifier
        self._origins = set(cors_origins)
        self._router = router or build_router()
        self._openapi = ApiResponse.json(200, build_openapi(self._router))

    def handle(self, request: ApiRequest) -> ApiResponse:
        origin = request.header("origin")
        if request.method == "OPTIONS":
            response = self._preflight(request, origin)
        else:
            response = self._dispatch(request)
        if origin and origin in self._origins:
            response.headers["Access-Control-Allow-Origin"] = origin
            response.headers["Vary"] = "Origin"
        # Every answer is JSON or a download: never let a browser sniff one into a page.
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        return response

    def _preflight(self, request: ApiRequest, origin: str | None) -> ApiResponse:
        if not origin or origin not in self._origins:
            return _error(403, "Forbidden", "origin not allowed")
        methods = self._router.methods_for(request.path) or ["GET"]
        return ApiResponse(
            204,
            headers={
                "Access-Control-Allow-Methods": ", ".join([*methods, "OPTIONS"]),
                "Access-Control-Allow-Headers": ALLOWED_HEADERS,
                "Access-Control-Max-Age": "3600",
            },
        )

    def _dispatch(self, request: ApiRequest) -> ApiResponse:
        try:
            if request.method == "GET" and request.path.rstrip("/") == OPENAPI_PATH:
                return self._openapi
            matched = self._router.match(request.method, request.path)
            if matched is None:
                raise NotFound("no such endpoint")
            route, params = matched
            if route.method != request.method:
                response = _error(405, "MethodNotAllowed", "method not allowed")
                allowed = self._router.methods_for(request.path)
                response.headers["Allow"] = ", ".join([*allowed, "OPTIONS"])
                return response
            return self._run(route, params, request)
        except AgentLocatorError as exc:
            return error_response(exc)
        except ValidationError as exc:
            return validation_response(exc, "body")
        except Exception:
            log.exception("crm api: unexpected error on %s %s", request.method, request.path)
            return _error(500, "InternalError", "internal error")

    def _run(self, route: Route, params: dict[str, str], request: ApiRequest) -> ApiResponse:
        if route.roles == PUBLIC:
            principal, business_id = ANONYMOUS, ""
        else:
            principal, business_id = self._authenticate(route, request)
        if not all(is_safe_id(value) for value in params.values()):
            raise NotFound("no such id")
        if principal.is_superadmin and business_id:
            self._services.repos.businesses.get(business_id)  # 404 for an unknown business
        query = _parse(route.query, dict(request.query), "query")
        body = _parse_body(route.body, request.body) if route.body else None
        if route.method != "GET" and route.tag != "billing" and business_id:
            self._require_writable(business_id)  # after validation: bad input costs no read
        context = Context(
            principal=principal,
            business_id=business_id,
            services=self._services,
            client_ip=request.client_ip,
            user_agent=request.header("user-agent") or "",
        )
        result = route.handler(Call(ctx=context, path=params, query=query, body=body))
        if result is None:
            return ApiResponse(route.status)
        if isinstance(result, FileOut):
            disposition = f'attachment; filename="{result.filename}"'
            headers = {"Content-Type": result.media_type, "Content-Disposition": disposition}
            return ApiResponse(route.status, result.content, headers)
        return ApiResponse.json(route.status, result.model_dump(mode="json"))

    def _authenticate(self, route: Route, request: ApiRequest) -> tuple[Principal, str]:
        claims = self._verifier.verify(bearer_token(request.header("authorization")))
        if route.roles == SIGNED_IN:
            principal = signed_in_principal(claims)
            business_id = principal.business_id or ""
        else:
            principal = self._member(principal_from_claims(claims, request.header(BUSINESS_HEADER)))
            require_role(principal, route.roles)
            business_id = business_of(principal)
        return principal, business_id

    def _require_writable(self, business_id: str) -> None:
        """A suspended or cancelled office keeps read access (and its billing page) only."""
        billing = self._services.billing
        if billing is None:
            return
        account = billing.payments.accounts.get(business_id)
        if not service_policy(account.status if account else None).app_may_write:
            raise ServiceSuspended("the office is suspended until it pays")

    def _member(self, principal: Principal) -> Principal:
        """The role a request acts with is the membership record's (the claims only say which
        business to look in), so a demotion or removal bites on the very next request."""
        if principal.is_superadmin or principal.business_id is None:
            return principal
        try:
            member = self._services.members.get(principal.business_id, principal.uid)
        except NotFound as exc:
            raise Forbidden("not a member of this business") from exc
        return replace(principal, role=member.role)


def _parse(model: type[BaseModel] | None, data: Any, where: str) -> BaseModel | None:
    if model is None:
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise _first_failure(exc, where) from exc


def _parse_body(model: type[BaseModel], raw: bytes) -> BaseModel:
    """Validated from the JSON text itself, strictly: JSON types must be the field's types."""
    _json_body(raw)  # size, emptiness and well-formedness errors first, with their reasons
    try:
        return model.model_validate_json(raw, strict=True)
    except ValidationError as exc:
        raise _first_failure(exc, "body") from exc


def _json_body(raw: bytes) -> Any:
    if len(raw) > MAX_BODY_BYTES:
        raise ValidationFailed("body", "too large")
    if not raw.strip():
        raise Invalid("body", "a JSON body is required", reason="body")
    try:
        data = json.loads(raw)
        # Lone surrogates survive json.loads but not Firestore: reject them here.
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except (ValueError, UnicodeError, RecursionError) as exc:
        raise Invalid("body", "not valid JSON", reason="body") from exc
    return data


def _first_failure(exc: ValidationError, where: str) -> ValidationFailed:
    first = exc.errors()[0]
    field = ".".join(str(part) for part in first["loc"]) or where
    message_he = validation_message(field, first["type"], first.get("ctx"))
    return FieldProblem(field, first["msg"], message_he)


def validation_response(exc: ValidationError, where: str) -> ApiResponse:
    return error_response(_first_failure(exc, where))


def error_response(exc: AgentLocatorError) -> ApiResponse:
    status = exc.http_status
    reason: str | None = getattr(exc, "reason", None)
    body: dict[str, Any] = {"error": type(exc).__name__, "message": str(exc)}
    field = None
    if isinstance(exc, ValidationFailed):
        field = exc.field
        body.update(field=field, message=exc.message)
        if isinstance(exc, InvalidPhoneNumber):
            reason = "phone"
    if status == 404:
        body["message"] = "not found"  # never echo ids: no existence leak across tenants
    if reason:
        body["reason"] = reason
    body.update(getattr(exc, "extra", {}))
    body["message_he"] = getattr(exc, "message_he", None) or message_for(status, reason, field)
    return ApiResponse.json(status, body)


def _error(status: int, kind: str, message: str) -> ApiResponse:
    return ApiResponse.json(
        status, {"error": kind, "message": message, "message_he": message_for(status)}
    )
