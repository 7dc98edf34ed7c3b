"""The reply job: what Leah answers and where, as the send task reads it back from storage.

Never built from a request body: the task carries only the job's id (see ``reply_jobs``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from agentlocator.whatsapp.inbound import Transport


@dataclass(frozen=True)
class ReplyJob:
    business_id: str
    lead_phone: str  # E.164, the lead's id
    inbound_id: str  # the caller's message document id (MessageSid or wa-…)
    transport: Transport
    business_number: str  # E.164: the number the lead wrote to, and we answer from
    caller_text: str
    received_at: datetime
