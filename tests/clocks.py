"""Clocks for tests whose time moves in a scripted way (the rest: ``agentlocator.clock``)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from datetime import datetime


class ScriptedClock:
    """Answers ``first`` in order, then ``then`` for every later read."""

    def __init__(self, first: Sequence[datetime], then: datetime) -> None:
        self._pending = list(first)
        self._then = then
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._pending.pop(0) if self._pending else self._then
