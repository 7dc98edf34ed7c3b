"""Business hours for an Israeli office: Sunday–Thursday, a short Friday, closed on Shabbat.

Public Israeli holidays (``holidays.Israel``) are closed; the eve of one is a short day like a
Friday, because offices close early before a holiday just as before Shabbat.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays

JERUSALEM = "Asia/Jerusalem"
# date.weekday(): Monday=0 … Sunday=6.
SUNDAY, MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY = 6, 0, 1, 2, 3, 4, 5
_WEEKDAY_KEYS = {"sun": 6, "mon": 0, "tue": 1, "wed": 2, "thu": 3, "fri": 4, "sat": 5}


@dataclass(frozen=True)
class OpenInterval:
    opens: time
    closes: time


def _default_week() -> dict[int, tuple[OpenInterval, ...]]:
    full = (OpenInterval(time(9), time(18)),)
    return {
        SUNDAY: full,
        MONDAY: full,
        TUESDAY: full,
        WEDNESDAY: full,
        THURSDAY: full,
        FRIDAY: (OpenInterval(time(9), time(13)),),
        SATURDAY: (),
    }


@dataclass(frozen=True)
class BusinessHours:
    weekly: Mapping[int, tuple[OpenInterval, ...]] = field(default_factory=_default_week)
    timezone: str = JERUSALEM
    closed_on_holidays: bool = True
    holiday_eve_as_friday: bool = True

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @classmethod
    def from_mapping(
        cls, raw: Mapping[str, Any] | None, timezone: str = JERUSALEM
    ) -> BusinessHours:
        """Read ``{"sun": [["09:00", "19:00"]], "fri": [["09:00", "13:00"]], "sat": []}``.

        Days missing from ``raw`` keep the default Israeli week.
        """
        week = _default_week()
        for key, intervals in (raw or {}).items():
            day = _WEEKDAY_KEYS.get(str(key)[:3].lower())
            if day is None or not isinstance(intervals, list | tuple):
                continue
            parsed: list[OpenInterval] = []
            for pair in intervals:
                if isinstance(pair, Mapping):
                    opens, closes = pair.get("open") or pair.get("opens"), pair.get("close")
                    closes = closes or pair.get("closes")
                else:
                    opens, closes = pair[0], pair[1]
                parsed.append(OpenInterval(_parse_time(opens), _parse_time(closes)))
            week[day] = tuple(parsed)
        return cls(weekly=week, timezone=timezone)


def _parse_time(value: Any) -> time:
    if isinstance(value, time):
        return value
    hours, _, minutes = str(value).partition(":")
    return time(int(hours), int(minutes or 0))


@lru_cache(maxsize=16)
def _israel_holidays(year: int) -> dict[date, str]:
    return dict(holidays.country_holidays("IL", years=year).items())


def holiday_name(day: date) -> str | None:
    return _israel_holidays(day.year).get(day)


def opening_intervals(hours: BusinessHours, day: date) -> list[tuple[datetime, datetime]]:
    """The aware (local-time) intervals the office is open on ``day``; empty when closed."""
    if hours.closed_on_holidays and holiday_name(day) is not None:
        return []
    weekday = day.weekday()
    intervals = hours.weekly.get(weekday, ())
    tomorrow = day + timedelta(days=1)
    if (
        hours.holiday_eve_as_friday
        and weekday != FRIDAY
        and intervals
        and holiday_name(tomorrow) is not None
    ):
        intervals = hours.weekly.get(FRIDAY, ()) or intervals
    tz = hours.tz
    return [
        (datetime.combine(day, iv.opens, tz), datetime.combine(day, iv.closes, tz))
        for iv in intervals
        if iv.closes > iv.opens
    ]


def within_business_hours(hours: BusinessHours, start: datetime, end: datetime) -> bool:
    """True when the whole meeting [start, end) fits in one opening interval of its day."""
    local_start = start.astimezone(hours.tz)
    local_end = end.astimezone(hours.tz)
    return any(
        opens <= local_start and local_end <= closes
        for opens, closes in opening_intervals(hours, local_start.date())
    )
