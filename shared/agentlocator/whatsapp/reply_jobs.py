"""whatsapp_reply_jobs/{job id}: what a reply task refers to, stored by the inbound webhook.

A Cloud Tasks body is the one part of the send task's request an attacker could write, so it
carries only this document's id. Who the lead is, which business answers and what the lead said
are read back from our own storage: the job names the stored inbound message, and the caller's
text is that message's text. The collection is top level because the task cannot say which
business it belongs to (that is the point); the id is the task id, so a redelivered webhook
stores the same job once.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from google.api_core.exceptions import AlreadyExists
from google.cloud import firestore

from agentlocator.crm.messages import MessageRepository
from agentlocator.crm.models import Message
from agentlocator.errors import NotFound, ValidationFailed
from agentlocator.whatsapp import texts_he
from agentlocator.whatsapp.inbound import TRANSPORTS
from agentlocator.whatsapp.jobs import ReplyJob

COLLECTION = "whatsapp_reply_jobs"
TASK_BODY_KEY = "reply_job"
_JOB_ID = re.compile(r"^[A-Za-z0-9_-]{1,500}$")


def task_body(job_id: str) -> dict[str, Any]:
    return {TASK_BODY_KEY: job_id}


def job_id_from_task_body(payload: Mapping[str, Any]) -> str:
    """The job id of a task body; anything else in the body is refused, not ignored."""
    if set(payload) != {TASK_BODY_KEY}:
        raise ValidationFailed("body", f"a reply task carries only {TASK_BODY_KEY!r}")
    job_id = payload[TASK_BODY_KEY]
    if not isinstance(job_id, str) or not _JOB_ID.match(job_id):
        raise ValidationFailed(TASK_BODY_KEY, "not a reply job id")
    return job_id


class ReplyJobStore:
    def __init__(self, client: firestore.Client, messages: MessageRepository) -> None:
        self._client = client
        self._messages = messages

    def put(self, job_id: str, job: ReplyJob, created_at: datetime) -> None:
        """Store the job once (a second put of the same id keeps the first)."""
        record = {
            "business_id": job.business_id,
            "lead_phone": job.lead_phone,
            "inbound_id": job.inbound_id,
            "transport": job.transport,
            "business_number": job.business_number,
            "created_at": created_at,
        }
        try:
            self._client.collection(COLLECTION).document(job_id).create(record)
        except AlreadyExists:
            pass

    def load(self, job_id: str) -> ReplyJob:
        """The job with the caller's words read from the stored inbound message."""
        snap = self._client.collection(COLLECTION).document(job_id).get()
        if not snap.exists:
            raise NotFound("reply job")
        record: dict[str, Any] = snap.to_dict() or {}
        transport = record.get("transport")
        if transport not in TRANSPORTS:
            raise NotFound("reply job")
        business_id, lead_phone = str(record["business_id"]), str(record["lead_phone"])
        inbound_id = str(record["inbound_id"])
        message = self._messages.get(business_id, lead_phone, inbound_id)
        return ReplyJob(
            business_id=business_id,
            lead_phone=lead_phone,
            inbound_id=inbound_id,
            transport=transport,
            business_number=str(record["business_number"]),
            caller_text=caller_words(message),
            received_at=message.created_at,
        )


def caller_words(message: Message) -> str:
    """What Leah answers: the text, or a placeholder for a media-only message."""
    if message.text:
        return message.text
    return texts_he.MEDIA_ONLY_PLACEHOLDER if message.media else ""
