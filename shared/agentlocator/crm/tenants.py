"""tenants/{id} and the documents that make a tenant: the one Firestore writer provisioning uses.

``write`` runs in one transaction: it reads every document first, refuses a Twilio number that
another business owns (``NumberTaken``), creates the ``keep_existing`` documents that are missing,
rewrites the managed ones, and deletes this business's routes the spec no longer lists. Running it
again with the same spec changes nothing but ``updated_at``; two racing runs cannot both route
one number (the transaction read the route).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.errors import NotFound
from agentlocator.tenants.documents import (
    ROUTES_COLLECTION,
    TENANTS_COLLECTION,
    TenantDocument,
)
from agentlocator.tenants.errors import NumberTaken
from agentlocator.tenants.records import TenantRecord


class TenantWriter:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client
        self._tenants = client.collection(TENANTS_COLLECTION)
        self._routes = client.collection(ROUTES_COLLECTION)

    def _ref(self, doc: TenantDocument) -> firestore.DocumentReference:
        return self._client.collection(doc.collection).document(doc.document_id)

    def write(self, business_id: str, documents: list[TenantDocument]) -> bool:
        """Write a tenant's documents; True when the business document was created now."""

        @firestore.transactional
        def apply(tx: firestore.Transaction) -> bool:
            refs = [self._ref(doc) for doc in documents]
            snaps = {snap.reference.path: snap for snap in tx.get_all(refs)}
            wanted_routes = {d.document_id for d in documents if d.collection == ROUTES_COLLECTION}
            owned_routes = list(
                tx.get(self._routes.where(filter=FieldFilter("business_id", "==", business_id)))
            )
            for doc, ref in zip(documents, refs, strict=True):
                snap = snaps[ref.path]
                if doc.collection == ROUTES_COLLECTION and snap.exists:
                    owner = (snap.to_dict() or {}).get("business_id")
                    if owner != business_id:
                        raise NumberTaken(doc.document_id)
            created = not snaps[refs[0].path].exists
            for doc, ref in zip(documents, refs, strict=True):
                snap = snaps[ref.path]
                if doc.keep_existing:
                    if not snap.exists:
                        tx.create(ref, doc.fields)
                elif doc.collection == TENANTS_COLLECTION and snap.exists:
                    kept = {"created_at": (snap.to_dict() or {}).get("created_at")}
                    tx.set(ref, {**doc.fields, **{k: v for k, v in kept.items() if v}})
                else:
                    tx.set(ref, doc.fields)
            for route in owned_routes:
                if route.id not in wanted_routes:
                    tx.delete(route.reference)
            return created

        result: bool = apply(self._client.transaction())
        return result

    def get(self, business_id: str) -> TenantRecord:
        snap = self._tenants.document(business_id).get()
        if not snap.exists:
            raise NotFound(f"tenant {business_id}")
        return TenantRecord.model_validate(snap.to_dict())

    def list(self) -> list[TenantRecord]:
        records = [TenantRecord.model_validate(s.to_dict()) for s in self._tenants.stream()]
        return sorted(records, key=lambda record: record.business_id)

    def disable(self, business_id: str, now: datetime) -> TenantRecord:
        """Stop routing the tenant's numbers (calls and messages to them are no longer
        answered) and mark it disabled; its data stays. Disabling twice is a no-op."""
        ref = self._tenants.document(business_id)

        @firestore.transactional
        def apply(tx: firestore.Transaction) -> dict[str, Any]:
            snap = ref.get(transaction=tx)
            if not snap.exists:
                raise NotFound(f"tenant {business_id}")
            data: dict[str, Any] = snap.to_dict() or {}
            routes = list(
                tx.get(self._routes.where(filter=FieldFilter("business_id", "==", business_id)))
            )
            for route in routes:
                tx.delete(route.reference)
            if data.get("status") != "disabled":
                data.update(status="disabled", disabled_at=now, updated_at=now)
                tx.set(ref, data)
            return data

        return TenantRecord.model_validate(apply(self._client.transaction()))
