"""The one place that builds a Cloud Storage client (the emulator when configured)."""

from __future__ import annotations

from google.auth.credentials import AnonymousCredentials
from google.cloud.storage import Client as StorageClient

from agentlocator.config import Settings


def make_storage_client(settings: Settings) -> StorageClient:
    if settings.storage_emulator_host:
        return StorageClient(
            project=settings.gcp_project,
            credentials=AnonymousCredentials(),  # type: ignore[no-untyped-call]
            client_options={"api_endpoint": settings.storage_emulator_host},
        )
    return StorageClient(project=settings.gcp_project)
