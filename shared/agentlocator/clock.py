"""The one clock: everything that decides by time asks an injected ``Clock``.

Production code receives ``SYSTEM_CLOCK`` at its entry point (a function's module, the media
service's lifespan, the CLI) and passes it down; tests pass a ``FixedClock`` so no result depends on
the date the suite runs on. ``SystemClock.now`` is the only place in the product that reads the wall
clock (``make check`` keeps it that way).
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


SYSTEM_CLOCK: Clock = SystemClock()


class FixedClock:
    """A clock that moves only when told to (tests, simulations, ``--now`` in the CLI)."""

    def __init__(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("naive datetime: a clock's time must be timezone-aware")
        self._moment = moment.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._moment

    def set(self, moment: datetime) -> None:
        if moment.tzinfo is None:
            raise ValueError("naive datetime: a clock's time must be timezone-aware")
        with self._lock:
            self._moment = moment.astimezone(UTC)

    def advance(self, delta: timedelta) -> datetime:
        with self._lock:
            self._moment += delta
            return self._moment


class SteppingClock:
    """Starts at ``moment`` and moves ``step`` forward on every read.

    For scripted runs (``agentlocator converse --now``): each stamp is distinct and ordered, so
    a transcript replays in the order it was said, yet every run of the script sees the same times.
    """

    def __init__(self, moment: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self._fixed = FixedClock(moment)
        self._step = step

    def now(self) -> datetime:
        with self._fixed._lock:
            current = self._fixed._moment
            self._fixed._moment = current + self._step
            return current
