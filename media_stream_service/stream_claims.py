"""One media stream per stream token: the claim the handler makes beside the greeting.

A token is bound to its call and caller (``agentlocator.telephony.stream_token``) but is a bearer
value for its lifetime; a second ``start`` with it would open a second conversation as that
caller. The handler therefore claims the CallSid once the token checks out. The claim runs
concurrently with the greeting (it is one Firestore write, ~the greeting's first chunk), and a
stream that loses is closed with 1008 before it stores anything.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Protocol

from agentlocator.crm.stream_claims import StreamClaimRepository
from media_stream_service.recorder import CallIdentity


class StreamClaims(Protocol):
    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        """True if ``call``'s stream is the first for its CallSid."""
        ...


class InstanceStreamClaims:
    """Claims held by this process: enough for one instance (tests, the bench, ``make run``);
    production uses ``FirestoreStreamClaims`` so the claim holds across instances."""

    def __init__(self) -> None:
        self._claimed: set[str] = set()

    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        if call.call_sid in self._claimed:
            return False
        self._claimed.add(call.call_sid)
        return True


class FirestoreStreamClaims:
    def __init__(self, repository: StreamClaimRepository) -> None:
        self._repository = repository

    async def claim(self, call: CallIdentity, at: datetime) -> bool:
        return await asyncio.to_thread(
            self._repository.claim, call.call_sid, call.stream_sid, call.business_id, at
        )
