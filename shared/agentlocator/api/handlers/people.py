"""Who a request acts as, in words for records people read (note authors, task creators)."""

from __future__ import annotations

from agentlocator.api.problems import Invalid
from agentlocator.api.routing import Call
from agentlocator.crm.models import Business
from agentlocator.errors import NotFound


def author_name(call: Call) -> str | None:
    """The member's display name, else their email (a superadmin has no membership)."""
    principal = call.ctx.principal
    try:
        member = call.ctx.services.members.get(call.ctx.business_id, principal.uid)
    except NotFound:
        return principal.email
    return member.display_name or member.email or principal.email


def check_agent(business: Business, agent_id: str, field: str) -> str:
    """``agent_id`` if it is one of the business's agents; 400 naming ``field`` otherwise."""
    if agent_id not in {agent.id for agent in business.agents}:
        raise Invalid(field, "not an agent of this business", reason="unknown_agent")
    return agent_id
