"""Every route of the CRM API, in the order the OpenAPI document lists them."""

from __future__ import annotations

from agentlocator.api.handlers import (
    appointments,
    billing,
    calls,
    contracts,
    leads,
    prompts,
    settings,
    statuses,
    users,
)
from agentlocator.api.routing import Router


def build_router() -> Router:
    return Router(
        [
            *settings.ROUTES,
            *leads.ROUTES,
            *calls.ROUTES,
            *statuses.ROUTES,
            *appointments.ROUTES,
            *prompts.ROUTES,
            *users.ROUTES,
            *billing.ROUTES,
            *contracts.ROUTES,
        ]
    )
