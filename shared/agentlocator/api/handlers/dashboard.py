"""The home dashboard of one business: today's calls, new leads and meetings; the funnel."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from agentlocator.api.auth import READ
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.dashboard import (
    ConversionOut,
    CountOut,
    DashboardOut,
    DashboardParams,
)
from agentlocator.api.texts_he import SOURCES_HE
from agentlocator.crm.dashboard import DashboardQueries


def dashboard(call: Call) -> DashboardOut:
    params = call.query_as(DashboardParams)
    services = call.ctx.services
    bid = call.ctx.business_id
    business = services.repos.businesses.get(bid)
    zone = ZoneInfo(business.timezone)
    day = params.day or services.clock.now().astimezone(zone).date()
    # Midnight to midnight in the business's zone (23 or 25 hours on DST change days).
    day_start = datetime.combine(day, time(0), tzinfo=zone).astimezone(ZoneInfo("UTC"))
    day_end = datetime.combine(day + timedelta(days=1), time(0), tzinfo=zone).astimezone(
        ZoneInfo("UTC")
    )
    period_start = datetime.combine(
        day - timedelta(days=params.days - 1), time(0), tzinfo=zone
    ).astimezone(ZoneInfo("UTC"))
    queries = DashboardQueries(services.repos.client)
    statuses = services.repos.statuses.ordered(bid)
    by_source = queries.leads_by_source(bid, SOURCES_HE)
    by_status = queries.leads_by_status(bid, [s.id for s in statuses])
    leads, with_meeting = queries.funnel(bid, period_start, day_end)
    return DashboardOut(
        day=day,
        day_start=day_start,
        day_end=day_end,
        period_start=period_start,
        calls_today=queries.calls_between(bid, day_start, day_end),
        new_leads_today=queries.leads_created_between(bid, day_start, day_end),
        meetings_today=queries.meetings_between(bid, day_start, day_end),
        open_tasks_due_today=queries.open_tasks_due_before(bid, day_end),
        leads_by_source=[CountOut(key=k, count=v) for k, v in by_source.items()],
        leads_by_status=[CountOut(key=k, count=v) for k, v in by_status.items()],
        conversion=ConversionOut(
            leads=leads,
            with_meeting=with_meeting,
            rate=round(with_meeting / leads, 4) if leads else 0.0,
        ),
    )


ROUTES = [
    Route("GET", "/dashboard", dashboard, READ,
          "Today's calls, new leads, meetings and due tasks; leads by source and status; "
          "conversion to meetings over the last `days` days", "dashboard",
          query=DashboardParams, response=DashboardOut),
]  # fmt: skip
