"""notifications/{key}: one document per message we must send at most once (a call summary to
the agent, a meeting confirmation, a reminder). Created before sending (a create precondition:
of racing deliveries exactly one wins); released if the send failed, so a retry sends it."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Literal

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

LeasedClaim = Literal["claimed", "sent", "busy"]


class ClaimBusy(Exception):
    """Another sender holds this notice's claim right now: try again later (a task retry)."""


class NotificationLedger:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client
        self._notifications = client.collection("notifications")

    def claim(self, key: str, at: datetime, **fields: Any) -> bool:
        """True for the one delivery that may send ``key``."""
        try:
            self._notifications.document(key).create({"at": at, **fields})
        except AlreadyExists:
            return False
        return True

    def claim_leased(self, key: str, at: datetime, lease: timedelta, **fields: Any) -> LeasedClaim:
        """Like ``claim``, for senders that are retried (a Cloud Task): a claim older than
        ``lease`` with no message sent belongs to a sender that died, and is taken over.
        ``sent``: nothing to do; ``busy``: another sender holds it now (retry later)."""
        if self.claim(key, at, **fields):
            return "claimed"
        ref = self._notifications.document(key)
        outcome: LeasedClaim = "busy"

        @firestore.transactional
        def take_over(tx: firestore.Transaction) -> None:
            nonlocal outcome
            held = ref.get(transaction=tx).to_dict() or {}
            if held.get("message_sid"):
                outcome = "sent"
            elif not held or held.get("at") is None or held["at"] <= at - lease:
                tx.set(ref, {"at": at, **fields})
                outcome = "claimed"
            else:
                outcome = "busy"

        take_over(self._client.transaction())
        return outcome

    def claim_for_send(
        self, key: str, at: datetime, lease: timedelta | None, **fields: Any
    ) -> bool:
        """True for the sender that may send ``key`` now. Without a lease, ``claim``; with one,
        ``claim_leased``, raising ``ClaimBusy`` while another sender holds it."""
        if lease is None:
            return self.claim(key, at, **fields)
        outcome = self.claim_leased(key, at, lease, **fields)
        if outcome == "busy":
            raise ClaimBusy(key)
        return outcome == "claimed"

    def send_once(
        self,
        key: str,
        at: datetime,
        send: Callable[[], str],
        *,
        lease: timedelta | None = None,
        **fields: Any,
    ) -> bool:
        """Run ``send`` (which answers the sent message's id) unless ``key`` was already sent or
        is being sent; True when this call sent it. A failed send releases the claim and raises,
        so the next delivery tries again."""
        if not self.claim_for_send(key, at, lease, **fields):
            return False
        try:
            sent_id = send()
        except Exception:
            self.release(key)
            raise
        self.mark_sent(key, sent_id)
        return True

    def release(self, key: str) -> None:
        """The send failed: let the next delivery try again."""
        self._notifications.document(key).delete()

    def mark_sent(self, key: str, message_sid: str) -> None:
        self._notifications.document(key).update({"message_sid": message_sid})
