"""Merging a duplicate lead into the one that stays.

Everything that points at the duplicate follows it: messages and notes (copied under the kept
lead with their own ids, create-if-absent, then deleted), calls, appointments and tasks (their
``lead_id`` rewritten). The kept lead takes the duplicate's details where its own are blank,
the union of sources, tags and notes, and records the duplicate's phone in ``merged_from``;
the duplicate is deleted last. Every step is idempotent, so a repeated or interrupted merge
finishes the job: a merge whose duplicate is gone and listed in ``merged_from`` is done.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.crm.models import Lead, LeadDetails
from agentlocator.errors import NotFound

if TYPE_CHECKING:
    from agentlocator.crm.repositories import Repositories

_BATCH = 400


def merged_fields(keep: Lead, duplicate: Lead) -> dict[str, Any]:
    """What the kept lead gains from the duplicate (pure)."""
    changes: dict[str, Any] = {}
    for name in LeadDetails.model_fields:
        if getattr(keep, name) is None and getattr(duplicate, name) is not None:
            changes[name] = getattr(duplicate, name)
    for name in ("sources", "tags", "notes"):
        union = list(dict.fromkeys([*getattr(keep, name), *getattr(duplicate, name)]))
        if union != getattr(keep, name):
            changes[name] = union
    if keep.assigned_agent_id is None and duplicate.assigned_agent_id is not None:
        changes["assigned_agent_id"] = duplicate.assigned_agent_id
    if duplicate.wants_callback and not keep.wants_callback:
        changes["wants_callback"] = True
    contacts = [t for t in (keep.last_contact_at, duplicate.last_contact_at) if t is not None]
    if contacts and max(contacts) != keep.last_contact_at:
        changes["last_contact_at"] = max(contacts)
    if duplicate.created_at < keep.created_at:
        changes["created_at"] = duplicate.created_at
    changes["merged_from"] = list(
        dict.fromkeys([*keep.merged_from, *duplicate.merged_from, duplicate.id])
    )
    return changes


def merge_leads(
    repos: Repositories, business_id: str, keep_id: str, duplicate_id: str, now: datetime
) -> Lead:
    keep = repos.leads.get(business_id, keep_id)
    try:
        duplicate = repos.leads.get(business_id, duplicate_id)
    except NotFound:
        if duplicate_id in keep.merged_from:
            return keep  # merged before: nothing left to do
        raise
    client = repos.client
    lead_refs = client.collection("businesses").document(business_id).collection("leads")
    for sub in ("messages", "notes"):
        _move_children(
            client,
            lead_refs.document(duplicate_id).collection(sub),
            lead_refs.document(keep_id).collection(sub),
            {"lead_id": keep_id},
        )
    business = client.collection("businesses").document(business_id)
    _repoint(client, business.collection("appointments"), duplicate_id, keep_id)
    _repoint(client, business.collection("tasks"), duplicate_id, keep_id)
    calls = client.collection("calls").where(filter=FieldFilter("business_id", "==", business_id))
    _repoint(client, calls, duplicate_id, keep_id)
    merged = repos.leads.update(business_id, keep_id, merged_fields(keep, duplicate), now=now)
    lead_refs.document(duplicate_id).delete()
    return merged


def _move_children(
    client: firestore.Client,
    source: firestore.CollectionReference,
    target: firestore.CollectionReference,
    overrides: dict[str, Any],
) -> None:
    while True:
        snaps = list(source.limit(_BATCH).stream())
        if not snaps:
            return
        batch = client.batch()
        for snap in snaps:
            # set (not create): a retry after a half-done merge rewrites the same document.
            batch.set(target.document(snap.id), {**(snap.to_dict() or {}), **overrides})
            batch.delete(snap.reference)
        batch.commit()


def _repoint(client: firestore.Client, query: Any, old_lead: str, new_lead: str) -> None:
    pointing = query.where(filter=FieldFilter("lead_id", "==", old_lead))
    while True:
        snaps = list(pointing.limit(_BATCH).stream())
        if not snaps:
            return
        batch = client.batch()
        for snap in snaps:
            batch.update(snap.reference, {"lead_id": new_lead})
        batch.commit()
