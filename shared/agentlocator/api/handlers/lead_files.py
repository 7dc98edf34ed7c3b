"""CSV import (preview, then commit) and export of a business's leads."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from agentlocator.api.auth import MANAGE
from agentlocator.api.handlers.ids import parse_search
from agentlocator.api.http import FileOut
from agentlocator.api.lead_csv import (
    CsvUnreadable,
    ParsedFile,
    ParsedRow,
    read_leads_csv,
    write_csv,
)
from agentlocator.api.problems import Invalid
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.imports import (
    ImportCounts,
    ImportPreviewOut,
    ImportResultOut,
    ImportRowOut,
    LeadImport,
    RowError,
)
from agentlocator.api.schemas.leads import LeadExportParams
from agentlocator.api.texts_he import (
    DEAL_TYPES_HE,
    EXPORT_HEADERS,
    PROPERTY_TYPES_HE,
    SOURCES_HE,
)
from agentlocator.crm.lead_list import LeadFilter
from agentlocator.crm.models import LeadDetails
from agentlocator.phones import display_phone

MAX_EXPORT = 20_000


def _parse(body: LeadImport) -> ParsedFile:
    try:
        return read_leads_csv(body.csv)
    except CsvUnreadable as exc:
        raise Invalid("csv", str(exc), reason=exc.reason) from exc


def _plan(call: Call, parsed: ParsedFile, update_existing: bool) -> list[ImportRowOut]:
    """What committing would do with each row: create, update, skip (and why) or error."""
    phones = sorted({row.phone for row in parsed.rows if row.phone and not row.errors})
    existing = _existing(call, phones)
    seen: set[str] = set()
    plan: list[ImportRowOut] = []
    for row in parsed.rows:
        errors = [RowError(field=f, message_he=m) for f, m in row.errors]
        out = ImportRowOut(row=row.row, phone=row.phone, name=row.name, action="create",
                           errors=errors)  # fmt: skip
        if errors:
            out.action = "error"
        elif row.phone in seen:
            out.action, out.reason = "skip", "repeated_in_file"
        elif row.phone in existing:
            out.action = "update" if update_existing else "skip"
            out.reason = "exists"
        if row.phone:
            seen.add(row.phone)
        plan.append(out)
    return plan


def _existing(call: Call, phones: list[str]) -> set[str]:
    repos = call.ctx.services.repos
    found: set[str] = set()
    for start in range(0, len(phones), 300):
        refs = [repos.leads.ref(call.ctx.business_id, p) for p in phones[start : start + 300]]
        found.update(snap.id for snap in repos.client.get_all(refs) if snap.exists)
    return found


def _counts(plan: list[ImportRowOut]) -> ImportCounts:
    tally = {"create": 0, "update": 0, "skip": 0, "error": 0}
    for row in plan:
        tally[row.action] += 1
    return ImportCounts(**tally)


def preview_import(call: Call) -> ImportPreviewOut:
    body = call.body_as(LeadImport)
    parsed = _parse(body)
    plan = _plan(call, parsed, body.update_existing)
    return ImportPreviewOut(columns=parsed.columns, counts=_counts(plan), rows=plan)


def import_leads(call: Call) -> ImportResultOut:
    body = call.body_as(LeadImport)
    parsed = _parse(body)
    plan = _plan(call, parsed, body.update_existing)
    repos = call.ctx.services.repos
    bid = call.ctx.business_id
    now = call.ctx.services.clock.now()
    by_row: dict[int, ParsedRow] = {row.row: row for row in parsed.rows}
    for planned in plan:
        if planned.action not in ("create", "update"):
            continue
        row = by_row[planned.row]
        assert row.phone is not None
        details = LeadDetails.model_validate(row.details)
        lead, created = repos.leads.upsert(bid, row.phone, details, source="import", now=now)
        if row.tags:
            tags = list(dict.fromkeys([*lead.tags, *row.tags]))
            repos.leads.update(bid, lead.id, {"tags": tags}, now=now)
        if not created and planned.action == "create":
            planned.action, planned.reason = "update", "exists"  # appeared since the preview
    return ImportResultOut(counts=_counts(plan), rows=plan)


def export_leads(call: Call) -> FileOut:
    params = call.query_as(LeadExportParams)
    services = call.ctx.services
    bid = call.ctx.business_id
    business = services.repos.businesses.get(bid)
    zone = ZoneInfo(business.timezone)
    statuses = {s.id: s.label for s in services.repos.statuses.ordered(bid)}
    agents = {a.id: a.name for a in business.agents}
    term, prefix, extra = parse_search(params.q) if params.q else (None, None, ())
    lead_filter = LeadFilter(
        status_id=params.status, source=params.source, search_term=term, phone_prefix=prefix,
        extra_terms=extra, tag=params.tag, assigned_agent_id=params.assigned_agent_id,
    )  # fmt: skip
    rows: list[list[Any]] = []
    after = None
    while len(rows) < MAX_EXPORT:
        page = services.lead_list.page(bid, lead_filter, sort="created_at", order="asc",
                                       limit=500, after=after)  # fmt: skip
        for lead in page.leads:
            rows.append([
                display_phone(lead.phone), lead.name, statuses.get(lead.status_id, lead.status_id),
                ", ".join(SOURCES_HE.get(s, s) for s in lead.sources), lead.city, lead.area,
                lead.rooms, lead.budget, DEAL_TYPES_HE.get(lead.deal_type or "", lead.deal_type),
                PROPERTY_TYPES_HE.get(lead.property_type or "", lead.property_type),
                lead.timing, lead.email, ", ".join(lead.tags),
                agents.get(lead.assigned_agent_id or "", lead.assigned_agent_id),
                _local(lead.created_at, zone), _local(lead.last_contact_at, zone),
            ])  # fmt: skip
        if page.next_after is None:
            break
        after = page.next_after
    content = write_csv(list(EXPORT_HEADERS.values()), rows)
    day = services.clock.now().astimezone(zone).strftime("%Y-%m-%d")
    return FileOut(content, "text/csv; charset=utf-8", f"leads-{day}.csv")


def _local(moment: datetime | None, zone: ZoneInfo) -> str | None:
    return moment.astimezone(zone).strftime("%Y-%m-%d %H:%M") if moment else None


ROUTES = [
    Route("GET", "/leads/export", export_leads, MANAGE,
          "The leads as a CSV file (UTF-8 with BOM, opens in Excel), with the list's filters",
          "leads", query=LeadExportParams, media_type="text/csv"),
    Route("POST", "/leads/import/preview", preview_import, MANAGE,
          "Check a CSV file: each row's action (create, update, skip as a duplicate by phone) "
          "and its errors in Hebrew; nothing is written", "leads", body=LeadImport,
          response=ImportPreviewOut),
    Route("POST", "/leads/import", import_leads, MANAGE,
          "Import a CSV file (the same checks as the preview; rows with errors are left out)",
          "leads", body=LeadImport, response=ImportResultOut),
]  # fmt: skip
