"""Keyset pages newest first over a business's subcollections (templates, sent contracts)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore


def newest_first(
    rows: Any, limit: int, after: tuple[datetime, str] | None, time_field: str = "created_at"
) -> list[dict[str, Any]]:
    """Up to ``limit`` rows newest first (ties by id, descending), strictly after ``after``."""
    query = rows.order_by(time_field, direction=firestore.Query.DESCENDING).order_by(
        "__name__", direction=firestore.Query.DESCENDING
    )
    if after is not None:
        query = query.start_after({time_field: after[0], "__name__": rows.document(after[1])})
    return [snap.to_dict() or {} for snap in query.limit(limit).stream()]
