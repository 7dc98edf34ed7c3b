"""The Firestore documents a tenant is made of, rendered from a ``TenantSpec``. Pure.

This list is the one shape of a tenant: ``crm.tenants.TenantWriter`` writes it, and Terraform's
``modules/tenant`` writes the same documents with the same fields (``tests/integration/infra``
compares them). Two kinds of document:

- ``keep_existing``: created once, then owned by the office (staff edit hours, statuses,
  prompts in the CRM); provisioning again never overwrites them. Terraform marks these
  ``ignore_changes = [fields]``.
- managed: the number routes and the tenant record follow the spec on every provisioning.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from agentlocator.agent.prompts_he import DEFAULT_PROMPTS
from agentlocator.crm.models import (
    Business,
    LeadStatus,
    PhoneRoute,
    PromptVersion,
    default_weekly_hours,
)
from agentlocator.crm.texts_he import DEFAULT_LEAD_STATUSES, DEFAULT_STATUS_ID
from agentlocator.tenants.spec import ProvisionedBy, TenantSpec, default_agents

PROMPT_CHANNELS = ("voice", "whatsapp")
FIRST_PROMPT_VERSION = 1
TENANTS_COLLECTION = "tenants"
ROUTES_COLLECTION = "phone_routes"


@dataclass(frozen=True)
class TenantDocument:
    collection: str
    document_id: str
    fields: dict[str, Any]
    keep_existing: bool

    @property
    def path(self) -> str:
        return f"{self.collection}/{self.document_id}"


def default_statuses() -> list[LeadStatus]:
    return [
        LeadStatus(
            id=status_id,
            label=label,
            order=order,
            color=color,
            is_default=status_id == DEFAULT_STATUS_ID,
        )
        for order, (status_id, label, color) in enumerate(DEFAULT_LEAD_STATUSES)
    ]


def first_prompt_id(channel: str) -> str:
    return f"{channel}-v{FIRST_PROMPT_VERSION}"


def business_of(spec: TenantSpec, now: datetime) -> Business:
    return Business(
        id=spec.business_id,
        name=spec.name,
        timezone=spec.timezone,
        hours=spec.hours,
        meeting_minutes=spec.meeting_minutes,
        agents=spec.agents,
        voice_numbers=spec.voice_numbers,
        whatsapp_numbers=spec.whatsapp_numbers,
        greeting=spec.greeting,
        tts_voice=spec.tts_voice,
        after_hours_mode=spec.after_hours_mode,
        recording_retention_days=spec.recording_retention_days,
        active_prompts={channel: first_prompt_id(channel) for channel in PROMPT_CHANNELS},
        created_at=now,
    )


def tenant_record(
    spec: TenantSpec, owner_uid: str, now: datetime, provisioned_by: ProvisionedBy
) -> dict[str, Any]:
    """``tenants/{id}``: the provisioning record ``tenants list`` shows and ``disable`` flips."""
    return {
        "business_id": spec.business_id,
        "name": spec.name,
        "status": "active",
        "owner_uid": owner_uid,
        "owner_email": spec.owner.email,
        "voice_numbers": list(spec.voice_numbers),
        "whatsapp_numbers": list(spec.whatsapp_numbers),
        "provisioned_by": provisioned_by,
        "created_at": now,
        "updated_at": now,
        "disabled_at": None,
    }


def tenant_documents(
    spec: TenantSpec, owner_uid: str, now: datetime, provisioned_by: ProvisionedBy
) -> list[TenantDocument]:
    """Every document provisioning writes, business first."""
    bid = spec.business_id
    under = f"businesses/{bid}"
    docs = [TenantDocument("businesses", bid, business_of(spec, now).to_firestore(), True)]
    docs += [
        TenantDocument(f"{under}/statuses", status.id, status.to_firestore(), True)
        for status in default_statuses()
    ]
    for channel in PROMPT_CHANNELS:
        prompt = PromptVersion(
            id=first_prompt_id(channel),
            business_id=bid,
            channel=channel,  # type: ignore[arg-type]  # PROMPT_CHANNELS holds only the literals
            version=FIRST_PROMPT_VERSION,
            text=DEFAULT_PROMPTS[channel],
            created_by=provisioned_by,
            created_at=now,
        )
        docs.append(TenantDocument(f"{under}/prompts", prompt.id, prompt.to_firestore(), True))
        docs.append(
            TenantDocument(
                f"{under}/prompt_counters", channel, {"latest": FIRST_PROMPT_VERSION}, True
            )
        )
    docs.append(
        TenantDocument(
            f"{under}/users",
            owner_uid,
            {
                "uid": owner_uid,
                "business_id": bid,
                "email": spec.owner.email,
                "display_name": spec.owner.display_name,
                "role": "owner",
                "created_at": now,
                "updated_at": now,
                "added_by": provisioned_by,
            },
            True,
        )
    )
    for number, channel in spec.numbers().items():
        route = PhoneRoute(number=number, business_id=bid, channel=channel)
        docs.append(TenantDocument(ROUTES_COLLECTION, number, route.to_firestore(), False))
    docs.append(
        TenantDocument(
            TENANTS_COLLECTION, bid, tenant_record(spec, owner_uid, now, provisioned_by), False
        )
    )
    return docs


def terraform_defaults() -> dict[str, Any]:
    """What ``modules/tenant`` reads from its ``defaults.json`` (generated from this function,
    so Hebrew statuses, prompts and default hours have one source: the Python constants)."""
    spec_fields = TenantSpec.model_fields
    return {
        "statuses": [status.to_firestore() for status in default_statuses()],
        "prompts": {channel: DEFAULT_PROMPTS[channel] for channel in PROMPT_CHANNELS},
        "hours": {
            day: [r.to_firestore() for r in ranges]
            for day, ranges in default_weekly_hours().items()
        },
        "agents": [agent.to_firestore() for agent in default_agents()],
        "timezone": spec_fields["timezone"].default,
        "meeting_minutes": spec_fields["meeting_minutes"].default,
        "tts_voice": spec_fields["tts_voice"].default,
        "after_hours_mode": spec_fields["after_hours_mode"].default,
        "recording_retention_days": spec_fields["recording_retention_days"].default,
    }
