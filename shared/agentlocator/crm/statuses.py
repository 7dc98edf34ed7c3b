"""businesses/{bid}/statuses/{id}: per-business lead statuses, ordered and editable."""

from __future__ import annotations

import re
import uuid

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.leads import LeadRepository
from agentlocator.crm.models import LeadStatus
from agentlocator.crm.texts_he import DEFAULT_LEAD_STATUSES, DEFAULT_STATUS_ID
from agentlocator.errors import Conflict, NotFound, ValidationFailed


class StatusRepository:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _statuses(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("statuses")

    def seed_defaults(self, business_id: str) -> None:
        """Create the Hebrew default statuses that are missing; never overwrites edits."""
        for order, (status_id, label, color) in enumerate(DEFAULT_LEAD_STATUSES):
            status = LeadStatus(
                id=status_id.value,
                label=label,
                order=order,
                color=color,
                is_default=status_id == DEFAULT_STATUS_ID,
            )
            try:
                self._statuses(business_id).document(status.id).create(status.to_firestore())
            except AlreadyExists:
                pass

    def ordered(self, business_id: str) -> list[LeadStatus]:
        snaps = self._statuses(business_id).order_by("order").stream()
        return [LeadStatus.model_validate(s.to_dict()) for s in snaps]

    def get(self, business_id: str, status_id: str) -> LeadStatus:
        snap = self._statuses(business_id).document(status_id).get()
        if not snap.exists:
            raise NotFound(f"status {status_id}")
        return LeadStatus.model_validate(snap.to_dict())

    def create(self, business_id: str, label: str, color: str = "#64748b") -> LeadStatus:
        existing = self.ordered(business_id)
        if any(s.label == label for s in existing):
            raise Conflict(f"status {label!r} exists")
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        status_id = slug or f"status-{uuid.uuid4().hex[:8]}"
        if any(s.id == status_id for s in existing):
            status_id = f"{status_id}-{uuid.uuid4().hex[:6]}"
        status = LeadStatus(id=status_id, label=label, order=len(existing), color=color)
        self._statuses(business_id).document(status_id).create(status.to_firestore())
        return status

    def update(
        self, business_id: str, status_id: str, label: str | None = None, color: str | None = None
    ) -> LeadStatus:
        status = self.get(business_id, status_id)
        changes = {k: v for k, v in {"label": label, "color": color}.items() if v is not None}
        self._statuses(business_id).document(status_id).update(changes)
        return status.model_copy(update=changes)

    def reorder(self, business_id: str, ordered_ids: list[str]) -> list[LeadStatus]:
        current = {s.id for s in self.ordered(business_id)}
        if set(ordered_ids) != current or len(ordered_ids) != len(current):
            raise ValidationFailed("ids", "must list every status exactly once")
        batch = self._client.batch()
        for order, status_id in enumerate(ordered_ids):
            batch.update(self._statuses(business_id).document(status_id), {"order": order})
        batch.commit()
        return self.ordered(business_id)

    def delete(
        self, business_id: str, status_id: str, move_to: str | None, leads: LeadRepository
    ) -> int:
        """Delete a status; leads in it must be moved to ``move_to`` (400 if they exist and no
        target is given). Returns how many leads moved."""
        status = self.get(business_id, status_id)
        if status.is_default:
            raise Conflict("the default status cannot be deleted")
        in_use = list(
            leads.query(business_id)
            .where(filter=FieldFilter("status_id", "==", status_id))
            .limit(1)
            .stream()
        )
        moved = 0
        if in_use:
            if not move_to or move_to == status_id:
                raise ValidationFailed(
                    "move_to", "status is in use: choose where to move its leads"
                )
            self.get(business_id, move_to)
            moved = leads.move_status(business_id, status_id, move_to)
        self._statuses(business_id).document(status_id).delete()
        return moved
