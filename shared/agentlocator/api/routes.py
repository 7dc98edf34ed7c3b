"""Every route of the CRM API, in the order the OpenAPI document lists them."""

from __future__ import annotations

from agentlocator.api.handlers import (
    appointments,
    billing,
    calls,
    contract_templates,
    contracts,
    dashboard,
    lead_files,
    leads,
    notes,
    prompts,
    settings,
    statuses,
    tasks,
    timeline,
    users,
)
from agentlocator.api.routing import Router


def build_router() -> Router:
    return Router(
        [
            *settings.ROUTES,
            *dashboard.ROUTES,
            *lead_files.ROUTES,  # before leads: /leads/export is not a lead id
            *leads.ROUTES,
            *timeline.ROUTES,
            *notes.ROUTES,
            *tasks.ROUTES,
            *calls.ROUTES,
            *statuses.ROUTES,
            *appointments.ROUTES,
            *prompts.ROUTES,
            *users.ROUTES,
            *billing.ROUTES,
            *contracts.ROUTES,
            *contract_templates.ROUTES,
        ]
    )
