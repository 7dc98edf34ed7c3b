"""Copy a finished Twilio recording into the recordings bucket (Cloud Storage).

The audio is fetched through the Twilio REST adapter (basic auth, overridable base URL) and
written under ``<business>/<CallSid>/<RecordingSid>.mp3``: the same recording always lands on
the same object, so a repeated callback overwrites rather than duplicates.
"""

from __future__ import annotations

from dataclasses import dataclass

from google.cloud import storage

from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Call
from agentlocator.twilio_rest import TwilioRest
from agentlocator.twilio_rest.client import MediaFormat

CONTENT_TYPES: dict[MediaFormat, str] = {"mp3": "audio/mpeg", "wav": "audio/x-wav"}


def recording_object_name(call: Call, recording_sid: str, media_format: MediaFormat) -> str:
    return f"{call.business_id}/{call.call_sid}/{recording_sid}.{media_format}"


@dataclass
class StorageRecordingArchive:
    """``RecordingArchive`` over Twilio's media URL and one Cloud Storage bucket."""

    twilio: TwilioRest
    bucket: storage.Bucket
    media_format: MediaFormat = "mp3"

    @classmethod
    def from_settings(cls, settings: Settings) -> StorageRecordingArchive | None:
        """None when no bucket is configured (recordings then stay at Twilio only)."""
        if not settings.recordings_bucket:
            return None
        bucket = make_storage_client(settings).bucket(settings.recordings_bucket)
        return cls(twilio=TwilioRest.from_settings(settings), bucket=bucket)

    def archive(self, call: Call, recording_sid: str) -> str:
        audio = self.twilio.recording_media(recording_sid, self.media_format)
        blob = self.bucket.blob(recording_object_name(call, recording_sid, self.media_format))
        blob.upload_from_string(audio, content_type=CONTENT_TYPES[self.media_format])
        return f"gs://{self.bucket.name}/{blob.name}"
