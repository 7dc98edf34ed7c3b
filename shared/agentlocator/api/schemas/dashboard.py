"""The home dashboard: today's numbers and the lead funnel of one business."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated, Any

from pydantic import BeforeValidator, Field

from agentlocator.api.schemas.common import Output, QueryParams

_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_day_only(value: Any) -> Any:
    # pydantic would read "0" as a Unix timestamp (1970-01-01): accept only YYYY-MM-DD.
    if isinstance(value, str) and not _ISO_DAY.match(value):
        raise ValueError("a day is written YYYY-MM-DD")
    return value


Day = Annotated[date, BeforeValidator(_iso_day_only)]


class DashboardParams(QueryParams):
    day: Day | None = Field(
        default=None, description="the day for the 'today' figures (default: today, Israel time)"
    )
    days: int = Field(default=30, ge=1, le=366, description="the funnel looks back this many days")


class CountOut(Output):
    key: str
    count: int


class ConversionOut(Output):
    leads: int = Field(description="leads created in the period")
    with_meeting: int = Field(description="of them, leads that got a meeting")
    rate: float = Field(description="with_meeting / leads (0 when there are no leads)")


class DashboardOut(Output):
    day: date
    day_start: datetime
    day_end: datetime
    period_start: datetime
    calls_today: int
    new_leads_today: int
    meetings_today: int
    open_tasks_due_today: int
    leads_by_source: list[CountOut] = Field(description="all leads, by the channel they came from")
    leads_by_status: list[CountOut] = Field(description="all leads, by status (board order)")
    conversion: ConversionOut
