"""Keyset paging over time-ordered subcollections: a lead's messages and notes oldest first, an
office's contract templates and sent contracts newest first. Ties go by document id."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter


def rows_since(
    rows: firestore.CollectionReference,
    since: datetime | None,
    limit: int,
    *,
    inclusive: bool = True,
    after_id: str | None = None,
) -> Iterator[dict[str, Any]]:
    """Up to ``limit`` rows oldest first (ties by document id), from ``since`` on: with
    ``after_id``, strictly after the row (since, after_id); otherwise at ``since`` too when
    ``inclusive``."""
    query = rows.order_by("created_at").order_by("__name__")
    if since is not None and after_id is not None:
        query = query.start_after({"created_at": since, "__name__": rows.document(after_id)})
    elif since is not None:
        op = ">=" if inclusive else ">"
        query = query.where(filter=FieldFilter("created_at", op, since))
    for snap in query.limit(limit).stream():
        yield snap.to_dict() or {}  # streamed snapshots always exist


def newest_first(
    rows: firestore.CollectionReference,
    limit: int,
    after: tuple[datetime, str] | None,
    time_field: str = "created_at",
) -> list[dict[str, Any]]:
    """Up to ``limit`` rows newest first (ties by id, descending), strictly after ``after``."""
    query = rows.order_by(time_field, direction=firestore.Query.DESCENDING).order_by(
        "__name__", direction=firestore.Query.DESCENDING
    )
    if after is not None:
        query = query.start_after({time_field: after[0], "__name__": rows.document(after[1])})
    return [snap.to_dict() or {} for snap in query.limit(limit).stream()]
