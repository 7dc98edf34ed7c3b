"""Leah's reply started on the interim transcript, before the caller's turn is confirmed.

A streaming recognizer sends interim text while the caller speaks and its final some 300 ms
after they stop. Waiting for the final before asking the model adds that whole wait to every
reply; instead the session starts the reply (model + first clause's TTS) once the caller has been
quiet a moment, on the latest interim. When the turn ends with the same text the speculation is
confirmed and its audio plays at once; if the caller goes on talking, or the final differs, it is
dropped. The brain changes nothing before ``commit`` is set (``SpeculativeBrain``), so a dropped
speculation leaves no trace but a wasted model call.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

Rendered = tuple[str, bytes]


def same_words(a: str, b: str) -> bool:
    return a.split() == b.split()


class Speculation:
    def __init__(
        self,
        text: str,
        clauses: Callable[[asyncio.Event], AsyncIterator[str]],
        render: Callable[[str], Awaitable[bytes]],
        started_at: float,
    ) -> None:
        self.text = text
        self.started_at = started_at
        self.commit = asyncio.Event()
        self._queue: asyncio.Queue[Rendered | None] = asyncio.Queue()
        self._task = asyncio.ensure_future(self._run(clauses(self.commit), render))

    async def _run(
        self, clauses: AsyncIterator[str], render: Callable[[str], Awaitable[bytes]]
    ) -> None:
        try:
            async for clause in clauses:
                if clause.strip():
                    self._queue.put_nowait((clause, await render(clause)))
        finally:
            self._queue.put_nowait(None)

    def answers(self, caller_text: str) -> bool:
        return same_words(self.text, caller_text)

    async def confirmed(self) -> AsyncIterator[Rendered]:
        """Confirm (the brain may now change things) and stream what was and will be rendered."""
        self.commit.set()
        try:
            while (item := await self._queue.get()) is not None:
                yield item
            if self._task.done() and not self._task.cancelled() and self._task.exception():
                raise self._task.exception()  # type: ignore[misc]
        finally:
            # the turn was cut (barge-in, hang-up): stop the reply it no longer plays
            self._task.cancel()

    async def drop(self) -> None:
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError, Exception):
            await self._task
