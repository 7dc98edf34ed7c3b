"""Routes as data: method, path template, allowed roles and the pydantic models of each side.

The same table drives dispatch and the OpenAPI document, so the two cannot drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from agentlocator.api.auth import Principal, Role
from agentlocator.api.http import FileOut

if TYPE_CHECKING:
    from agentlocator.api.services import Services

M = TypeVar("M", bound=BaseModel)

# Firestore document ids we accept: no "/", not "." or "..", not "__x__" (reserved ids).
SAFE_ID_PATTERN = r"^[A-Za-z0-9_+@:-][A-Za-z0-9_.+@:-]{0,199}$"
_SAFE_ID = re.compile(SAFE_ID_PATTERN)
_RESERVED_ID = re.compile(r"^__.*__$")


def is_safe_id(value: str) -> bool:
    return bool(_SAFE_ID.match(value)) and not _RESERVED_ID.match(value)


_PARAM = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Context:
    principal: Principal
    business_id: str
    services: Services


@dataclass(frozen=True)
class Call:
    ctx: Context
    path: dict[str, str]
    query: BaseModel | None
    body: BaseModel | None

    def query_as(self, model: type[M]) -> M:
        assert isinstance(self.query, model)
        return self.query

    def body_as(self, model: type[M]) -> M:
        assert isinstance(self.body, model)
        return self.body


Handler = Callable[[Call], BaseModel | FileOut | None]


@dataclass(frozen=True)
class Route:
    method: str
    path: str
    handler: Handler
    roles: frozenset[Role]
    summary: str
    tag: str
    query: type[BaseModel] | None = None
    body: type[BaseModel] | None = None
    response: type[BaseModel] | None = None
    status: int = 200
    errors: tuple[int, ...] = ()  # documented beyond 400/401/403 (and 404 for path ids)
    media_type: str = "application/json"  # handlers of other types return a FileOut
    pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        regex = _PARAM.sub(lambda m: f"(?P<{m.group(1)}>[^/]+)", self.path)
        object.__setattr__(self, "pattern", re.compile(f"^{regex}$"))

    @property
    def path_params(self) -> list[str]:
        return _PARAM.findall(self.path)

    @property
    def operation_id(self) -> str:
        return self.handler.__name__


class Router:
    def __init__(self, routes: Iterable[Route]) -> None:
        self.routes = list(routes)

    def match(self, method: str, path: str) -> tuple[Route, dict[str, str]] | None:
        """The route and its path parameters; ``None`` when no path matches. A path that
        matches with another method returns the first such route with ``{}`` → 405."""
        path = path.rstrip("/") or "/"
        other_method: Route | None = None
        for route in self.routes:
            found = route.pattern.match(path)
            if not found:
                continue
            if route.method != method:
                other_method = other_method or route
                continue
            return route, found.groupdict()
        if other_method is not None:
            return other_method, {}
        return None

    def methods_for(self, path: str) -> list[str]:
        path = path.rstrip("/") or "/"
        return sorted({r.method for r in self.routes if r.pattern.match(path)})
