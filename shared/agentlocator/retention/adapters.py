"""The purge's ports over the real services: Firestore (calls, businesses), Twilio REST and
Cloud Storage. Each 'not found' answer is reported as ``"absent"``: already deleted is done."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from google.api_core.exceptions import NotFound as GoogleNotFound
from google.cloud.storage import Client as StorageClient
from pydantic import ValidationError

from agentlocator.crm.businesses import BusinessRepository
from agentlocator.crm.calls import CallRepository
from agentlocator.crm.models import Call
from agentlocator.errors import NotFound
from agentlocator.retention.policy import MAX_RETENTION_DAYS
from agentlocator.retention.ports import DeleteOutcome
from agentlocator.twilio_rest import TwilioRest

log = logging.getLogger("agentlocator.retention")


class FirestoreCallSource:
    def __init__(self, calls: CallRepository, page_size: int = 500) -> None:
        self._calls = calls
        self._page_size = page_size

    def calls_with_live_recordings(self) -> Iterable[Call]:
        return self._calls.iter_with_recordings(page_size=self._page_size)


class BusinessRetentionLookup:
    def __init__(self, businesses: BusinessRepository, default_days: int | None = None) -> None:
        self._businesses = businesses
        self._default_days = default_days

    def retention_days(self, business_id: str) -> int | None:
        try:
            return self._businesses.get(business_id).recording_retention_days
        except NotFound:
            return self._default_days  # a deleted business: its calls get the default
        except ValidationError:
            # A document the model rejects (e.g. retention above the maximum written around
            # validation) must not keep recordings alive: apply the legal maximum.
            log.warning("business %s has an invalid document; applying the maximum", business_id)
            return MAX_RETENTION_DAYS


class TwilioRecordingDeleter:
    def __init__(self, twilio: TwilioRest) -> None:
        self._twilio = twilio

    def delete_recording(self, recording_sid: str) -> DeleteOutcome:
        return "deleted" if self._twilio.delete_recording(recording_sid) else "absent"


def split_gs_uri(uri: str) -> tuple[str, str]:
    """``gs://bucket/a/b.mp3`` → ``("bucket", "a/b.mp3")``."""
    if not uri.startswith("gs://"):
        raise ValueError(f"not a gs:// uri: {uri!r}")
    bucket, _, name = uri[len("gs://") :].partition("/")
    if not bucket or not name:
        raise ValueError(f"gs:// uri without bucket or object: {uri!r}")
    return bucket, name


class GcsObjectDeleter:
    def __init__(self, client: StorageClient) -> None:
        self._client = client

    def delete_object(self, storage_uri: str) -> DeleteOutcome:
        bucket, name = split_gs_uri(storage_uri)
        try:
            self._client.bucket(bucket).blob(name).delete()
        except GoogleNotFound:
            return "absent"
        return "deleted"


class FirestoreCallMarker:
    def __init__(self, calls: CallRepository) -> None:
        self._calls = calls

    def mark_purged(self, call_sid: str, purged_at: datetime, reason: str) -> None:
        # Field paths touch only the recording's two purge fields: the rest of the call, and
        # the transcript in messages/, stay as they are.
        self._calls.update_fields(
            call_sid, {"recording.purged_at": purged_at, "recording.purge_reason": reason}
        )
