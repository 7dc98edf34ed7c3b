"""Opaque page cursors: the ordering values of the last row, tagged with the ordering they
belong to, so a cursor from one sort cannot be replayed against another."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from typing import Any

from agentlocator.crm.lead_list import CursorValue
from agentlocator.errors import ValidationFailed

_TIME = "$t"


def encode_cursor(ordering: str, values: list[CursorValue]) -> str:
    def plain(value: CursorValue) -> Any:
        return {_TIME: value.isoformat()} if isinstance(value, datetime) else value

    raw = json.dumps([ordering, [plain(v) for v in values]], separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(
    ordering: str, cursor: str, size: int | None = None, field: str = "cursor"
) -> list[CursorValue]:
    """The ordering values a cursor of ``ordering`` holds (exactly ``size`` of them when
    given); 400 for anything else (another list's cursor, a crafted shape, a wrong count)."""
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        decoded = json.loads(
            base64.urlsafe_b64decode(padded.encode("ascii")), parse_constant=_no_constant
        )
        if not isinstance(decoded, list) or len(decoded) != 2:
            raise ValueError("not a cursor")
        tag, values = decoded
        if (
            tag != ordering
            or not isinstance(values, list)
            or (size is not None and len(values) != size)
        ):
            raise ValueError("cursor of another ordering")
        return [_value(v) for v in values]
    except (
        ValueError,
        TypeError,
        KeyError,
        UnicodeError,
        binascii.Error,
        OverflowError,
        RecursionError,
    ) as exc:
        raise ValidationFailed(field, "not a cursor of this list") from exc


# Firestore integers are 64-bit: a bigger one in a cursor fails in the client, not as a 400.
_INT64 = range(-(2**63), 2**63)


def _no_constant(name: str) -> Any:
    """NaN and ±Infinity: json.loads accepts them, no cursor we issue holds them."""
    raise ValueError(f"{name} in cursor")


def _value(value: Any) -> CursorValue:
    if isinstance(value, dict):
        if set(value) != {_TIME} or not isinstance(value[_TIME], str):
            raise ValueError("unexpected cursor value")
        stamp = datetime.fromisoformat(value[_TIME])
        if stamp.tzinfo is None:
            raise ValueError("naive time in cursor")
        return stamp.astimezone(UTC)  # OverflowError for year 1 at +14:00: refused above
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        raise ValueError("integer out of range in cursor")
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise ValueError("unexpected cursor value")
