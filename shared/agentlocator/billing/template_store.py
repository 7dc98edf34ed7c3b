"""The office's contract templates and contract settings in Firestore (see docs/contracts.md).

``businesses/{b}/contract_templates/{t}``            name, latest version, times
``businesses/{b}/contract_templates/{t}/versions/{n}`` one immutable version (``create`` only)
``businesses/{b}/contract_settings/office``          the active template + version and
                                                     "send the agreement after a booking"

Everything lives under the business the caller belongs to: the API passes its own business id,
never one from the request, so another office's ids name documents that do not exist here.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from google.cloud import firestore
from pydantic import BaseModel, ConfigDict

from agentlocator.billing.errors import Invalid
from agentlocator.billing.office_templates import TemplateDefaults, TemplateVersion
from agentlocator.crm.paging import newest_first
from agentlocator.errors import NotFound


class OfficeTemplate(BaseModel):
    model_config = ConfigDict(frozen=True)

    id: str
    business_id: str
    kind: str = "brokerage"
    name: str
    latest_version: int
    created_at: datetime
    updated_at: datetime


class ContractSettings(BaseModel):
    model_config = ConfigDict(frozen=True)

    send_after_booking: bool = False  # off until the office turns it on
    active_template_id: str | None = None
    active_version: int | None = None
    updated_at: datetime | None = None

    @property
    def has_active(self) -> bool:
        return self.active_template_id is not None and self.active_version is not None


class TemplateStore:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def _business(self, business_id: str) -> Any:
        return self._client.collection("businesses").document(business_id)

    def _templates(self, business_id: str) -> Any:
        return self._business(business_id).collection("contract_templates")

    def _settings_ref(self, business_id: str) -> Any:
        return self._business(business_id).collection("contract_settings").document("office")

    # --- templates and versions ------------------------------------------------------------

    def create(
        self, business_id: str, defaults: TemplateDefaults, by: str, now: datetime
    ) -> tuple[OfficeTemplate, TemplateVersion]:
        """A new template and its v1."""
        template_id = secrets.token_hex(8)
        template = OfficeTemplate(id=template_id, business_id=business_id, name=defaults.name,
                                  latest_version=1, created_at=now, updated_at=now)  # fmt: skip
        version = TemplateVersion(template_id=template_id, version=1, defaults=defaults,
                                  created_at=now, created_by=by)  # fmt: skip
        ref = self._templates(business_id).document(template_id)
        batch = self._client.batch()
        batch.create(ref, template.model_dump())
        batch.create(ref.collection("versions").document(_version_key(1)), _dump(version))
        batch.commit()
        return template, version

    def add_version(
        self, business_id: str, template_id: str, defaults: TemplateDefaults, by: str,
        now: datetime,
    ) -> TemplateVersion:  # fmt: skip
        """The next version (v2, v3, …); earlier ones are never touched."""
        ref = self._templates(business_id).document(template_id)

        @firestore.transactional
        def run(transaction: firestore.Transaction) -> TemplateVersion:
            snap = ref.get(transaction=transaction)
            if not snap.exists:
                raise NotFound("contract template")
            number = int(snap.get("latest_version")) + 1
            version = TemplateVersion(template_id=template_id, version=number,
                                      defaults=defaults, created_at=now, created_by=by)  # fmt: skip
            transaction.create(ref.collection("versions").document(_version_key(number)),
                               _dump(version))  # fmt: skip
            transaction.update(ref, {"latest_version": number, "name": defaults.name,
                                     "updated_at": now})  # fmt: skip
            return version

        created: TemplateVersion = run(self._client.transaction())
        return created

    def get(self, business_id: str, template_id: str) -> OfficeTemplate:
        snap = self._templates(business_id).document(template_id).get()
        if not snap.exists:
            raise NotFound("contract template")
        return OfficeTemplate.model_validate(snap.to_dict())

    def version(self, business_id: str, template_id: str, number: int) -> TemplateVersion:
        if number < 1:
            raise NotFound("contract template version")
        ref = self._templates(business_id).document(template_id)
        snap = ref.collection("versions").document(_version_key(number)).get()
        if not snap.exists:
            raise NotFound("contract template version")
        return TemplateVersion.model_validate(snap.to_dict())

    def page(
        self, business_id: str, limit: int, after: tuple[datetime, str] | None
    ) -> list[OfficeTemplate]:
        rows = newest_first(self._templates(business_id), limit, after)
        return [OfficeTemplate.model_validate(row) for row in rows]

    # --- settings --------------------------------------------------------------------------

    def settings(self, business_id: str) -> ContractSettings:
        snap = self._settings_ref(business_id).get()
        if not snap.exists:
            return ContractSettings()
        return ContractSettings.model_validate(snap.to_dict())

    def set_active(
        self, business_id: str, template_id: str, number: int, now: datetime
    ) -> ContractSettings:
        try:
            self.version(business_id, template_id, number)
        except NotFound:
            raise Invalid("version", "no such version", reason="template_version") from None
        self._settings_ref(business_id).set(
            {"active_template_id": template_id, "active_version": number, "updated_at": now},
            merge=True,
        )
        return self.settings(business_id)

    def set_send_after_booking(
        self, business_id: str, enabled: bool, now: datetime
    ) -> ContractSettings:
        if enabled and not self.settings(business_id).has_active:
            raise Invalid("send_after_booking", "no active template", reason="no_active_template")
        self._settings_ref(business_id).set(
            {"send_after_booking": enabled, "updated_at": now}, merge=True
        )
        return self.settings(business_id)

    def active(self, business_id: str) -> TemplateVersion | None:
        current = self.settings(business_id)
        if current.active_template_id is None or current.active_version is None:
            return None
        return self.version(business_id, current.active_template_id, current.active_version)


def _version_key(number: int) -> str:
    return f"{number:04d}"


def _dump(version: TemplateVersion) -> dict[str, Any]:
    data = version.model_dump()
    data["defaults"]["extra_clauses"] = list(version.defaults.extra_clauses)
    return data
