"""Business settings (hours, meeting length, voice, greeting) and who am I."""

from __future__ import annotations

from typing import Any

from agentlocator.api.auth import MANAGE, READ
from agentlocator.api.routing import Call, Route
from agentlocator.api.schemas.common import Me
from agentlocator.api.schemas.settings import SettingsOut, SettingsUpdate
from agentlocator.crm.models import Agent, OpeningHours


def get_settings(call: Call) -> SettingsOut:
    return SettingsOut.of(call.ctx.services.repos.businesses.get(call.ctx.business_id))


def update_settings(call: Call) -> SettingsOut:
    body = call.body_as(SettingsUpdate)
    changes: dict[str, Any] = body.model_dump(exclude_unset=True)
    for not_nullable in (
        "name", "hours", "meeting_minutes", "tts_voice", "after_hours_mode", "agents",
    ):  # fmt: skip
        if changes.get(not_nullable, "") is None:
            del changes[not_nullable]
    repos = call.ctx.services.repos
    if "hours" in changes:
        # Days sent replace those days; the others stay. The repository validates a Business:
        # hand it models, not plain dicts.
        hours = dict(repos.businesses.get(call.ctx.business_id).hours)
        for day, ranges in changes["hours"].items():
            hours[day] = [OpeningHours.model_validate(r) for r in ranges]
        changes["hours"] = hours
    if "agents" in changes:
        changes["agents"] = [Agent.model_validate(a) for a in changes["agents"]]
    if not changes:
        return SettingsOut.of(repos.businesses.get(call.ctx.business_id))
    return SettingsOut.of(repos.businesses.update(call.ctx.business_id, changes))


def me(call: Call) -> Me:
    p = call.ctx.principal
    return Me(uid=p.uid, email=p.email, role=p.role, business_id=call.ctx.business_id)


ROUTES = [
    Route("GET", "/me", me, READ, "The signed-in person: role and business", "settings",
          response=Me),
    Route("GET", "/settings", get_settings, READ, "Business settings", "settings",
          response=SettingsOut),
    Route("PATCH", "/settings", update_settings, MANAGE,
          "Edit hours, meeting length, voice, greeting, the agents", "settings",
          body=SettingsUpdate,
          response=SettingsOut),
]  # fmt: skip
