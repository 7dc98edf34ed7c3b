"""The CRM's lead list: filters, search, sort and keyset (cursor) pagination in one query.

Firestore allows one ``array-contains`` per query, so when both a search term and a source are
asked for, the search runs in Firestore and the source is checked on the rows read, reading on
until the page is full. Pages are keyset pages: the cursor is the ordering values of the last
row, so a page costs the same at row 10 and at row 10,000.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Lead

LeadSort = Literal["created_at", "updated_at", "last_contact_at", "name", "phone"]
SortOrder = Literal["asc", "desc"]
CursorValue = datetime | str | float | int | bool | None


@dataclass(frozen=True)
class LeadFilter:
    status_id: str | None = None
    source: str | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    search_term: str | None = None  # one of Lead.search_terms (phone digits or a name prefix)
    phone_prefix: str | None = None  # "+97250…": a partly typed number
    extra_terms: tuple[str, ...] = ()  # further name prefixes every row must also have
    tag: str | None = None
    assigned_agent_id: str | None = None


@dataclass(frozen=True)
class LeadPage:
    leads: list[Lead]
    next_after: list[CursorValue] | None  # ordering values of the last row, when more exist


def order_fields(sort: LeadSort, lead_filter: LeadFilter) -> list[str]:
    """Fields the query orders by; inequality fields must be ordered too, the id breaks ties."""
    fields: list[str] = [sort]
    if lead_filter.phone_prefix and "phone" not in fields:
        fields.insert(0, "phone")
    if (lead_filter.created_from or lead_filter.created_to) and "created_at" not in fields:
        fields.append("created_at")
    return fields


class LeadListQuery:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _leads(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("leads")

    def page(
        self,
        business_id: str,
        lead_filter: LeadFilter,
        *,
        sort: LeadSort = "created_at",
        order: SortOrder = "desc",
        limit: int = 25,
        after: list[CursorValue] | None = None,
    ) -> LeadPage:
        leads = self._leads(business_id)
        query: Any = leads
        in_memory: list[Callable[[dict[str, Any]], bool]] = []
        f = lead_filter
        if f.status_id is not None:
            query = query.where(filter=FieldFilter("status_id", "==", f.status_id))
        if f.search_term is not None:
            query = query.where(filter=FieldFilter("search_terms", "array_contains", f.search_term))
            if f.source is not None:
                source = f.source
                in_memory.append(lambda row: source in (row.get("sources") or []))
        elif f.source is not None:
            query = query.where(filter=FieldFilter("sources", "array_contains", f.source))
        if f.tag is not None:
            tag = f.tag
            if f.search_term is None and f.source is None:
                query = query.where(filter=FieldFilter("tags", "array_contains", tag))
            else:  # one array-contains per query: check the tag on the rows read
                in_memory.append(lambda row: tag in (row.get("tags") or []))
        if f.assigned_agent_id is not None:
            query = query.where(filter=FieldFilter("assigned_agent_id", "==", f.assigned_agent_id))
        for term in f.extra_terms:
            in_memory.append(_has_term(term))
        if f.created_from is not None:
            query = query.where(filter=FieldFilter("created_at", ">=", f.created_from))
        if f.created_to is not None:
            query = query.where(filter=FieldFilter("created_at", "<", f.created_to))
        if f.phone_prefix is not None:
            query = query.where(filter=FieldFilter("phone", ">=", f.phone_prefix))
            query = query.where(filter=FieldFilter("phone", "<", f.phone_prefix + "\uf8ff"))
        direction = firestore.Query.ASCENDING if order == "asc" else firestore.Query.DESCENDING
        fields = order_fields(sort, f)
        for field in fields:
            query = query.order_by(field, direction=direction)
        query = query.order_by("__name__", direction=direction)

        def cursor_of(row: dict[str, Any], doc_id: str) -> list[CursorValue]:
            return [row.get(field) for field in fields] + [doc_id]

        def start_after(values: list[CursorValue]) -> Any:
            *field_values, doc_id = values
            position: dict[str, Any] = dict(zip(fields, field_values, strict=True))
            position["__name__"] = leads.document(str(doc_id))
            return query.start_after(position)

        chunk = limit + 1 if not in_memory else max(limit * 4, 100)
        kept: list[tuple[dict[str, Any], str]] = []
        position = after
        while len(kept) <= limit:
            current = start_after(position) if position is not None else query
            snaps = list(current.limit(chunk).stream())
            for snap in snaps:
                row = snap.to_dict() or {}
                position = cursor_of(row, snap.id)
                if all(check(row) for check in in_memory):
                    kept.append((row, snap.id))
                    if len(kept) > limit:
                        break
            if len(snaps) < chunk:
                break
        page = kept[:limit]
        has_more = len(kept) > limit
        next_after = cursor_of(*page[-1]) if has_more and page else None
        return LeadPage([Lead.model_validate(row) for row, _ in page], next_after)


def _has_term(term: str) -> Callable[[dict[str, Any]], bool]:
    return lambda row: term in (row.get("search_terms") or [])
