"""A request for a meeting time, however it was said: a day, a time, a part of the day, a range.

The calendar's own vocabulary: ``hebrew.when`` reads Hebrew phrases into it, the LLM tools build
it from JSON, and ``finder`` answers it with free slots.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time
from typing import Literal

PartOfDay = Literal["morning", "noon", "afternoon", "evening"]
PARTS_OF_DAY: tuple[PartOfDay, ...] = ("morning", "noon", "afternoon", "evening")
PART_HOURS: dict[str, tuple[int, int]] = {
    "morning": (8, 12),
    "noon": (12, 14),
    "afternoon": (14, 18),
    "evening": (17, 22),
}


@dataclass(frozen=True)
class WhenRequest:
    day: date | None = None
    at: time | None = None
    part: PartOfDay | None = None
    from_day: date | None = None  # a range of days ("שבוע הבא")
    to_day: date | None = None
    asap: bool = False

    @property
    def is_empty(self) -> bool:
        return (
            self.day is None
            and self.at is None
            and self.part is None
            and self.from_day is None
            and not self.asap
        )
