"""Signed contracts and invoice PDFs in Cloud Storage (the emulator locally)."""

from __future__ import annotations

from google.cloud.storage import Client as StorageClient


class DocumentStore:
    def __init__(self, client: StorageClient, bucket: str) -> None:
        self._client = client
        self._bucket_name = bucket
        self._bucket = client.bucket(bucket)

    def ensure_bucket(self) -> None:
        if self._bucket.exists():
            return
        self._client.create_bucket(self._bucket_name)

    def put_pdf(self, path: str, data: bytes) -> str:
        blob = self._bucket.blob(path)
        blob.upload_from_string(data, content_type="application/pdf")
        return f"gs://{self._bucket_name}/{path}"

    def get(self, path: str) -> bytes:
        return bytes(self._bucket.blob(path).download_as_bytes())
