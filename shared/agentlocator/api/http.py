"""Plain request/response values, so the API core needs no web framework."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ApiRequest:
    method: str
    path: str
    query: Mapping[str, str] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)  # keys lower-case
    body: bytes = b""

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass
class ApiResponse:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, status: int, payload: Any) -> ApiResponse:
        text = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
        return cls(status, text.encode("utf-8"), {"Content-Type": "application/json"})

    def json_body(self) -> Any:
        return json.loads(self.body) if self.body else None


@dataclass(frozen=True)
class FileOut:
    """A handler's answer that is a file (e.g. a CSV export), not JSON."""

    content: bytes
    media_type: str
    filename: str
