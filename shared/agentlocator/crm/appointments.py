"""businesses/{bid}/appointments/{id} and businesses/{bid}/slot_locks/{agent}_{cell}.

A booking creates one lock document per 5-minute cell the meeting covers, in the same
transaction as the appointment, with create preconditions. Two bookings that overlap for the
same agent share at least one cell, so exactly one of them can commit: double booking is
impossible by construction, with no read-then-write race.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from google.api_core.exceptions import AlreadyExists
from google.api_core.exceptions import Conflict as GoogleConflict
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.clock import Clock
from agentlocator.crm.models import Appointment
from agentlocator.crm.timeutil import as_utc
from agentlocator.errors import Conflict, NotFound, ValidationFailed

LOCK_CELL = timedelta(minutes=5)


def lock_ids(agent_id: str, start: datetime, end: datetime) -> list[str]:
    """The lock cells [start, end) covers for one agent (UTC, 5-minute grid)."""
    start, end = as_utc(start), as_utc(end)
    if end <= start:
        raise ValidationFailed("end", "must be after start")
    epoch = datetime(2000, 1, 1, tzinfo=start.tzinfo)
    cell = epoch + ((start - epoch) // LOCK_CELL) * LOCK_CELL
    ids = []
    while cell < end:
        ids.append(f"{agent_id}_{cell:%Y%m%dT%H%M}")
        cell += LOCK_CELL
    return ids


class AppointmentRepository:
    def __init__(self, client: firestore.Client, clock: Clock) -> None:
        self._clock = clock
        self._client = client

    def _business(self, business_id: str) -> firestore.DocumentReference:
        return self._client.collection("businesses").document(business_id)

    def _appointments(self, business_id: str) -> firestore.CollectionReference:
        return self._business(business_id).collection("appointments")

    def _locks(self, business_id: str) -> firestore.CollectionReference:
        return self._business(business_id).collection("slot_locks")

    def book(
        self,
        business_id: str,
        lead_id: str,
        agent_id: str,
        start: datetime,
        end: datetime,
        *,
        notes: str | None = None,
        source: str = "leah",
        now: datetime | None = None,
    ) -> Appointment:
        """Book [start, end) with ``agent_id``; ``Conflict`` when any part is already taken."""
        now = now or self._clock.now()
        appointment = Appointment(
            id=uuid.uuid4().hex,
            business_id=business_id,
            lead_id=lead_id,
            agent_id=agent_id,
            start=as_utc(start),
            end=as_utc(end),
            notes=notes,
            source=source,
            lock_ids=lock_ids(agent_id, start, end),
            created_at=now,
            updated_at=now,
        )

        @firestore.transactional
        def create(tx: firestore.Transaction) -> None:
            for lock_id in appointment.lock_ids:
                tx.create(
                    self._locks(business_id).document(lock_id),
                    {"appointment_id": appointment.id, "created_at": now},
                )
            tx.create(
                self._appointments(business_id).document(appointment.id), appointment.to_firestore()
            )

        try:
            create(self._client.transaction())
        except (AlreadyExists, GoogleConflict) as exc:
            raise Conflict("slot already booked") from exc
        return appointment

    def get(self, business_id: str, appointment_id: str) -> Appointment:
        snap = self._appointments(business_id).document(appointment_id).get()
        if not snap.exists:
            raise NotFound(f"appointment {appointment_id}")
        return Appointment.model_validate(snap.to_dict())

    def cancel(
        self, business_id: str, appointment_id: str, now: datetime | None = None
    ) -> Appointment:
        appointment = self.get(business_id, appointment_id)
        if appointment.status == "cancelled":
            return appointment
        batch = self._client.batch()
        for lock_id in appointment.lock_ids:
            batch.delete(self._locks(business_id).document(lock_id))
        changes = {
            "status": "cancelled",
            "lock_ids": [],
            "updated_at": now or self._clock.now(),
            "version": appointment.version + 1,
        }
        batch.update(self._appointments(business_id).document(appointment_id), changes)
        batch.commit()
        return appointment.model_copy(update=changes)

    def move(
        self,
        business_id: str,
        appointment_id: str,
        start: datetime,
        end: datetime,
        agent_id: str | None = None,
        now: datetime | None = None,
    ) -> Appointment:
        """Move a meeting atomically: the new cells are taken and the old ones freed together.
        ``Conflict`` when it changed since it was read (two moves at once: one wins)."""
        current = self.get(business_id, appointment_id)
        if current.status == "cancelled":
            raise Conflict("appointment is cancelled")
        target_agent = agent_id or current.agent_id
        new_locks = lock_ids(target_agent, start, end)
        moved = current.model_copy(
            update={
                "start": as_utc(start),
                "end": as_utc(end),
                "agent_id": target_agent,
                "lock_ids": new_locks,
                "updated_at": now or self._clock.now(),
                "version": current.version + 1,
            }
        )
        ref = self._appointments(business_id).document(appointment_id)
        kept = set(current.lock_ids) & set(new_locks)

        @firestore.transactional
        def swap(tx: firestore.Transaction) -> None:
            stored = ref.get(transaction=tx).to_dict() or {}
            if stored.get("version", 1) != current.version or stored.get("status") != "scheduled":
                raise Conflict("appointment changed meanwhile")
            for lock_id in set(current.lock_ids) - kept:
                tx.delete(self._locks(business_id).document(lock_id))
            for lock_id in new_locks:
                if lock_id not in kept:
                    tx.create(
                        self._locks(business_id).document(lock_id),
                        {"appointment_id": appointment_id, "created_at": moved.updated_at},
                    )
            tx.set(ref, moved.to_firestore())

        try:
            swap(self._client.transaction())
        except (AlreadyExists, GoogleConflict) as exc:
            raise Conflict("slot already booked") from exc
        return moved

    def list_range(
        self, business_id: str, start: datetime, end: datetime, include_cancelled: bool = False
    ) -> list[Appointment]:
        """Meetings starting in [start, end), by start time."""
        query = (
            self._appointments(business_id)
            .where(filter=FieldFilter("start", ">=", as_utc(start)))
            .where(filter=FieldFilter("start", "<", as_utc(end)))
            .order_by("start")
        )
        found = [Appointment.model_validate(s.to_dict()) for s in query.stream()]
        return [a for a in found if include_cancelled or a.status == "scheduled"]

    def page_range(
        self,
        business_id: str,
        start: datetime,
        end: datetime,
        *,
        include_cancelled: bool = False,
        agent_id: str | None = None,
        limit: int = 200,
        after: tuple[datetime, str] | None = None,
    ) -> list[Appointment]:
        """A page of meetings starting in [start, end), by (start, id), for one agent or all."""
        query = (
            self._appointments(business_id)
            .where(filter=FieldFilter("start", ">=", as_utc(start)))
            .where(filter=FieldFilter("start", "<", as_utc(end)))
        )
        if agent_id is not None:
            query = query.where(filter=FieldFilter("agent_id", "==", agent_id))
        if not include_cancelled:
            query = query.where(filter=FieldFilter("status", "==", "scheduled"))
        query = query.order_by("start").order_by("__name__")
        if after is not None:
            at, appointment_id = after
            query = query.start_after(
                {"start": at, "__name__": self._appointments(business_id).document(appointment_id)}
            )
        return [Appointment.model_validate(s.to_dict()) for s in query.limit(limit).stream()]

    def list_for_lead(self, business_id: str, lead_id: str) -> list[Appointment]:
        query = self._appointments(business_id).where(filter=FieldFilter("lead_id", "==", lead_id))
        return sorted(
            (Appointment.model_validate(s.to_dict()) for s in query.stream()), key=lambda a: a.start
        )
