"""``tenants/{id}``: the provisioning record, as read back (``tenants list``)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from agentlocator.tenants.spec import ProvisionedBy, TenantStatus


class TenantRecord(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    business_id: str
    name: str
    status: TenantStatus
    owner_uid: str
    owner_email: str
    voice_numbers: list[str]
    whatsapp_numbers: list[str]
    provisioned_by: ProvisionedBy
    created_at: datetime
    updated_at: datetime
    disabled_at: datetime | None = None
