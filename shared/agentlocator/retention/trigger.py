"""Read the Pub/Sub CloudEvent that starts a purge: its age and whether it is a dry run.

Pure: takes the CloudEvent's ``time`` and ``data`` (the ``messagePublished`` shape, where the
Pub/Sub message sits under ``data.message`` with base64 ``data`` and string ``attributes``).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from agentlocator.crm.timeutil import as_utc
from agentlocator.retention.policy import MAX_EVENT_AGE

_TRUE = frozenset({"1", "true", "yes", "on"})


@dataclass(frozen=True)
class PurgeTrigger:
    event_id: str
    published_at: datetime
    age: timedelta
    dry_run: bool

    @property
    def expired(self) -> bool:
        """Older than the retry window: a newer scheduled run has replaced it."""
        return self.age > MAX_EVENT_AGE


def _flag(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in _TRUE


def _message_json(message: Mapping[str, Any]) -> Mapping[str, Any]:
    raw = message.get("data")
    if not raw:
        return {}
    try:
        decoded = json.loads(base64.b64decode(raw, validate=True))
    except (binascii.Error, ValueError):
        return {}  # a plain-text scheduler body ("purge") carries no options
    return decoded if isinstance(decoded, dict) else {}


def read_trigger(
    event_id: str,
    event_time: str | datetime | None,
    data: Mapping[str, Any] | None,
    now: datetime,
) -> PurgeTrigger:
    """Dry run when the message attribute ``dry_run`` or the JSON body's ``dry_run`` is true.

    An event without a time (optional in CloudEvents; Pub/Sub always sets one) counts as new."""
    if event_time is None:
        published = now
    elif isinstance(event_time, datetime):
        published = as_utc(event_time)
    else:
        published = as_utc(datetime.fromisoformat(event_time.replace("Z", "+00:00")))
    message: Mapping[str, Any] = (data or {}).get("message") or {}
    attributes: Mapping[str, Any] = message.get("attributes") or {}
    dry_run = _flag(attributes.get("dry_run", False)) or _flag(
        _message_json(message).get("dry_run", False)
    )
    return PurgeTrigger(
        event_id=event_id, published_at=published, age=now - published, dry_run=dry_run
    )
