"""When "after the holidays" ends: the day after the season of public holidays ahead.

Israelis put things off "אחרי החגים" (after the holidays), meaning the whole run of holidays that
is coming: Rosh Hashanah to Simchat Torah in the autumn, Passover's first to seventh day in the
spring. A run is holidays no more than ``SEASON_GAP`` days apart.
"""

from __future__ import annotations

from datetime import date, timedelta

import holidays

SEASON_GAP = timedelta(days=10)  # Yom Kippur → Sukkot is 5 days, Sukkot → Simchat Torah 7
HORIZON = timedelta(days=45)  # "after the holidays" in November means nothing


def _public_holidays(first: date, last: date) -> list[date]:
    years = list(range(first.year, last.year + 1))
    return sorted(d for d in holidays.country_holidays("IL", years=years) if first <= d <= last)


def first_day_after_holidays(today: date) -> date | None:
    """The day after the last holiday of the run starting within ``HORIZON`` of ``today``
    (or already under way); None when no holiday season is near."""
    ahead = _public_holidays(today, today + HORIZON + timedelta(days=60))
    if not ahead or ahead[0] > today + HORIZON:
        return None
    last = ahead[0]
    for day in ahead[1:]:
        if day - last > SEASON_GAP:
            break
        last = day
    return last + timedelta(days=1)
