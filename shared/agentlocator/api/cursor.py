"""Opaque page cursors: the ordering values of the last row, tagged with the ordering they
belong to, so a cursor from one sort cannot be replayed against another."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import datetime
from typing import Any

from agentlocator.crm.lead_list import CursorValue
from agentlocator.errors import ValidationFailed

_TIME = "$t"


def encode_cursor(ordering: str, values: list[CursorValue]) -> str:
    def plain(value: CursorValue) -> Any:
        return {_TIME: value.isoformat()} if isinstance(value, datetime) else value

    raw = json.dumps([ordering, [plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(ordering: str, cursor: str, field: str = "cursor") -> list[CursorValue]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        tag, values = json.loads(base64.urlsafe_b64decode(padded.encode("ascii")))
        if tag != ordering or not isinstance(values, list):
            raise ValueError("cursor of another ordering")
        return [_value(v) for v in values]
    except (ValueError, TypeError, UnicodeError, binascii.Error) as exc:
        raise ValidationFailed(field, "not a cursor of this list") from exc


def _value(value: Any) -> CursorValue:
    if isinstance(value, dict):
        stamp = datetime.fromisoformat(value[_TIME])
        if stamp.tzinfo is None:
            raise ValueError("naive time in cursor")
        return stamp
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError("unexpected cursor value")
