"""Signed links that let a browser play a call's recording straight from Cloud Storage.

In the cloud the link is signed by the function's own service account through the IAM
signBlob API (no key file; the account needs Service Account Token Creator on itself). Against
the Storage emulator, which checks no signatures, a throwaway key signs links of the same V4
shape pointing at the emulator.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import google.auth
from google.auth import crypt
from google.auth.transport.requests import Request
from google.cloud.storage import Client as StorageClient
from google.oauth2 import service_account

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings

LOCAL_SIGNER_EMAIL = "local-recordings@agentlocator-local.iam.gserviceaccount.com"


def split_gs_uri(uri: str) -> tuple[str, str]:
    """``gs://bucket/a/b.mp3`` → ``("bucket", "a/b.mp3")``."""
    if not uri.startswith("gs://"):
        raise ValueError(f"not a gs:// uri: {uri!r}")
    bucket, _, name = uri[len("gs://") :].partition("/")
    if not bucket or not name:
        raise ValueError(f"gs:// uri without bucket or object: {uri!r}")
    return bucket, name


def _throwaway_signer() -> service_account.Credentials:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    signer = crypt.RSASigner.from_string(pem)  # type: ignore[no-untyped-call]
    return service_account.Credentials(  # type: ignore[no-untyped-call]
        signer, LOCAL_SIGNER_EMAIL, "https://oauth2.googleapis.com/token"
    )


class StorageRecordingLinks:
    def __init__(self, client: StorageClient, emulator_endpoint: str | None) -> None:
        self._client = client
        self._emulator = emulator_endpoint
        self._local_signer = _throwaway_signer() if emulator_endpoint else None

    @classmethod
    def from_settings(cls, settings: Settings) -> StorageRecordingLinks:
        return cls(make_storage_client(settings), settings.storage_emulator_host)

    def signed_url(self, storage_uri: str, lifetime: timedelta, now: datetime) -> str:
        # ``now`` is the caller's clock: the expiry it reports is now + lifetime. The signature
        # itself carries the signing moment, which Cloud Storage checks against real time.
        bucket, name = split_gs_uri(storage_uri)
        blob = self._client.bucket(bucket).blob(name)
        options: dict[str, Any] = {"version": "v4", "expiration": lifetime, "method": "GET"}
        if self._local_signer is not None:
            options.update(credentials=self._local_signer, api_access_endpoint=self._emulator)
        else:
            credentials: Any
            credentials, _ = google.auth.default()
            credentials.refresh(Request())
            options.update(
                service_account_email=credentials.service_account_email,
                access_token=credentials.token,
            )
        url: str = blob.generate_signed_url(**options)
        return url
