"""What a tenant is when it is provisioned: one typed, validated ``TenantSpec``.

The same shape is the ``tenants`` map in each Terraform environment's tfvars
(``infra/terraform/modules/tenant/variables.tf``), the ``agentlocator tenants create`` flags and
what the sign-up flow fills in. Pure: no I/O, no clock.
"""

from __future__ import annotations

import re
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from agentlocator.crm.models import (
    Agent,
    Business,
    OpeningHours,
    Weekday,
    default_weekly_hours,
)
from agentlocator.errors import InvalidPhoneNumber
from agentlocator.phones import normalize_phone
from agentlocator.tenants.errors import InvalidTenant

# Firestore document ids and Secret Manager / Cloud Run names all accept this; it is also what a
# person can read aloud and type into tfvars.
BUSINESS_ID_PATTERN = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38}[a-z0-9])$")
TenantStatus = Literal["active", "disabled"]
ProvisionedBy = Literal["cli", "signup", "terraform"]


def default_agents() -> list[Agent]:
    """One placeholder agent, as a new ``Business`` has: the office renames it in the CRM."""
    return Business.model_fields["agents"].get_default(call_default_factory=True)  # type: ignore[no-any-return]


class TenantOwner(BaseModel):
    """The office owner: a Firebase Auth user. ``uid`` may be left out when the provisioning
    path can find or create the user by e-mail (the CLI and sign-up can; Terraform cannot)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    email: str = Field(min_length=3, max_length=254)
    uid: str | None = Field(default=None, min_length=1, max_length=128)
    display_name: str | None = Field(default=None, max_length=120)

    @field_validator("email")
    @classmethod
    def _email_shape(cls, email: str) -> str:
        email = email.strip().lower()
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            raise ValueError("not an e-mail address")
        return email


class TenantSpec(BaseModel):
    """Everything needed to bring a business to life; every default is the product default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    business_id: str
    name: str = Field(min_length=1, max_length=120)
    owner: TenantOwner
    timezone: str = "Asia/Jerusalem"
    hours: dict[Weekday, list[OpeningHours]] = Field(default_factory=default_weekly_hours)
    meeting_minutes: int = Field(default=30, ge=10, le=240)
    agents: list[Agent] = Field(default_factory=lambda: default_agents(), min_length=1)
    voice_numbers: list[str] = Field(default_factory=list)
    whatsapp_numbers: list[str] = Field(default_factory=list)
    greeting: str | None = Field(default=None, max_length=500)
    tts_voice: str = "he-IL-Wavenet-A"
    after_hours_mode: Literal["agent", "voicemail"] = "agent"
    recording_retention_days: int = Field(default=2, ge=0, le=2)

    @field_validator("business_id")
    @classmethod
    def _slug(cls, business_id: str) -> str:
        if not BUSINESS_ID_PATTERN.fullmatch(business_id):
            raise ValueError("3-40 characters: lowercase letters, digits and inner hyphens")
        return business_id

    @field_validator("name")
    @classmethod
    def _name(cls, name: str) -> str:
        name = name.strip()
        if not name:
            raise ValueError("must not be blank")
        return name

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, timezone: str) -> str:
        try:
            ZoneInfo(timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {timezone!r}") from exc
        return timezone

    @field_validator("voice_numbers", "whatsapp_numbers")
    @classmethod
    def _e164(cls, numbers: list[str], info: Any) -> list[str]:
        try:
            normalized = [normalize_phone(n, field=str(info.field_name)) for n in numbers]
        except InvalidPhoneNumber as exc:
            raise ValueError(exc.message) from exc
        if len(set(normalized)) != len(normalized):
            raise ValueError("a number is listed twice")
        return normalized

    @field_validator("agents")
    @classmethod
    def _agent_ids(cls, agents: list[Agent]) -> list[Agent]:
        ids = [agent.id for agent in agents]
        if len(set(ids)) != len(ids):
            raise ValueError("agent ids must be unique")
        return agents

    @model_validator(mode="after")
    def _reachable(self) -> TenantSpec:
        if not self.voice_numbers and not self.whatsapp_numbers:
            raise ValueError("voice_numbers: a tenant needs at least one Twilio number")
        return self

    def numbers(self) -> dict[str, Literal["voice", "whatsapp", "both"]]:
        """Each Twilio number and the channels it routes (``phone_routes``)."""
        routes: dict[str, Literal["voice", "whatsapp", "both"]] = {}
        for number in self.voice_numbers:
            routes[number] = "both" if number in self.whatsapp_numbers else "voice"
        for number in self.whatsapp_numbers:
            routes.setdefault(number, "whatsapp")
        return routes


def parse_tenant_spec(data: Any) -> TenantSpec:
    """A ``TenantSpec`` from untrusted input; ``InvalidTenant`` (a ``ValidationFailed``) names the
    first bad field, in Hebrew too (``message_he``)."""
    try:
        return TenantSpec.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or "tenant"
        message = str(first["msg"]).removeprefix("Value error, ")
        if ": " in message and field == "tenant":
            field, message = message.split(": ", 1)
        raise InvalidTenant(field, message) from exc
