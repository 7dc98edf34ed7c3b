"""A scripted Leah that implements the ``LeahBrain`` port: fixed greeting, replies in order.

For tests and the bench until (and besides) the real brain: it lets a test say exactly what Leah
answers and observe what she was asked.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from agentlocator.agent.port import ConversationRef

DEFAULT_GREETING = "שלום, הגעתם למשרד. אני לאה, איך אפשר לעזור?"
FALLBACK_REPLY = ("הבנתי.", "ספרו לי עוד?")


class ScriptedBrain:
    def __init__(
        self,
        replies: Sequence[Sequence[str]] = (),
        greeting: str = DEFAULT_GREETING,
        clause_delay_s: float = 0.0,
    ) -> None:
        self.greeting_text = greeting
        self._replies = [tuple(r) for r in replies]
        self.clause_delay_s = clause_delay_s
        self.heard: list[tuple[ConversationRef, str]] = []

    async def greeting(self, ref: ConversationRef, now: datetime) -> str:
        return self.greeting_text

    async def respond(
        self, ref: ConversationRef, caller_text: str, now: datetime
    ) -> AsyncIterator[str]:
        index = len(self.heard)
        self.heard.append((ref, caller_text))
        clauses = self._replies[index] if index < len(self._replies) else FALLBACK_REPLY
        for clause in clauses:
            if self.clause_delay_s:
                await asyncio.sleep(self.clause_delay_s)
            yield clause
