"""notifications/{key}: one document per message we must send at most once (a call summary to
the agent, a meeting confirmation, a reminder). Created before sending (a create precondition:
of racing deliveries exactly one wins); released if the send failed, so a retry sends it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore


class NotificationLedger:
    def __init__(self, client: firestore.Client) -> None:
        self._notifications = client.collection("notifications")

    def claim(self, key: str, at: datetime, **fields: Any) -> bool:
        """True for the one delivery that may send ``key``."""
        try:
            self._notifications.document(key).create({"at": at, **fields})
        except AlreadyExists:
            return False
        return True

    def release(self, key: str) -> None:
        """The send failed: let the next delivery try again."""
        self._notifications.document(key).delete()

    def mark_sent(self, key: str, message_sid: str) -> None:
        self._notifications.document(key).update({"message_sid": message_sid})
