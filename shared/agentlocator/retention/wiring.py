"""Build the purge service from Settings and the per-instance repositories."""

from __future__ import annotations

from google.cloud.storage import Client as StorageClient

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.retention.adapters import (
    BusinessRetentionLookup,
    FirestoreCallMarker,
    FirestoreCallSource,
    GcsObjectDeleter,
    TwilioRecordingDeleter,
)
from agentlocator.retention.service import PurgeService
from agentlocator.twilio_rest import TwilioRest


def build_purge_service(
    settings: Settings,
    repos: Repositories,
    *,
    twilio: TwilioRest | None = None,
    storage_client: StorageClient | None = None,
    workers: int = 16,
    page_size: int = 500,
) -> PurgeService:
    return PurgeService(
        calls=FirestoreCallSource(repos.calls, page_size=page_size),
        retention=BusinessRetentionLookup(repos.businesses, settings.recording_retention_days),
        recordings=TwilioRecordingDeleter(twilio or TwilioRest.from_settings(settings)),
        storage=GcsObjectDeleter(storage_client or make_storage_client(settings)),
        marker=FirestoreCallMarker(repos.calls),
        workers=workers,
        clock=repos.clock,
    )
