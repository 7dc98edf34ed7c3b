"""Counts for the home dashboard, as Firestore aggregation queries (no documents read), except
the funnel, which needs which leads got a meeting (lead ids only)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter


def _count(query: Any) -> int:
    result = query.count(alias="n").get()
    return int(result[0][0].value)


class DashboardQueries:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _business(self, business_id: str) -> firestore.DocumentReference:
        return self._client.collection("businesses").document(business_id)

    def calls_between(self, business_id: str, start: datetime, end: datetime) -> int:
        query = (
            self._client.collection("calls")
            .where(filter=FieldFilter("business_id", "==", business_id))
            .where(filter=FieldFilter("started_at", ">=", start))
            .where(filter=FieldFilter("started_at", "<", end))
        )
        return _count(query)

    def leads_created_between(self, business_id: str, start: datetime, end: datetime) -> int:
        query = (
            self._business(business_id)
            .collection("leads")
            .where(filter=FieldFilter("created_at", ">=", start))
            .where(filter=FieldFilter("created_at", "<", end))
        )
        return _count(query)

    def meetings_between(self, business_id: str, start: datetime, end: datetime) -> int:
        query = (
            self._business(business_id)
            .collection("appointments")
            .where(filter=FieldFilter("status", "==", "scheduled"))
            .where(filter=FieldFilter("start", ">=", start))
            .where(filter=FieldFilter("start", "<", end))
        )
        return _count(query)

    def open_tasks_due_before(self, business_id: str, end: datetime) -> int:
        query = (
            self._business(business_id)
            .collection("tasks")
            .where(filter=FieldFilter("done", "==", False))
            .where(filter=FieldFilter("sort_at", "<", end))
        )
        return _count(query)

    def leads_by_source(self, business_id: str, sources: Iterable[str]) -> dict[str, int]:
        leads = self._business(business_id).collection("leads")
        return {
            source: _count(leads.where(filter=FieldFilter("sources", "array_contains", source)))
            for source in sources
        }

    def leads_by_status(self, business_id: str, status_ids: Iterable[str]) -> dict[str, int]:
        leads = self._business(business_id).collection("leads")
        return {
            status: _count(leads.where(filter=FieldFilter("status_id", "==", status)))
            for status in status_ids
        }

    def funnel(self, business_id: str, start: datetime, end: datetime) -> tuple[int, int]:
        """(leads created in [start, end), how many of them have a meeting booked since)."""
        business = self._business(business_id)
        created = (
            business.collection("leads")
            .where(filter=FieldFilter("created_at", ">=", start))
            .where(filter=FieldFilter("created_at", "<", end))
            .select([])
        )
        lead_ids = {snap.id for snap in created.stream()}
        booked = (
            business.collection("appointments")
            .where(filter=FieldFilter("created_at", ">=", start))
            .select(["lead_id"])
        )
        with_meeting = {(snap.to_dict() or {}).get("lead_id") for snap in booked.stream()}
        return len(lead_ids), len(lead_ids & with_meeting)
