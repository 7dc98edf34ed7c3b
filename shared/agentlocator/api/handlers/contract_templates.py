"""The office's own brokerage-agreement templates: owners and admins save versions (v1, v2, …),
pick the active one, preview its PDF, and turn on "send the agreement after a booking".

Every id in a path is looked up under the caller's own business, so another office's template
ids simply do not exist here (404)."""

from __future__ import annotations

from datetime import datetime

from agentlocator.api.auth import MANAGE
from agentlocator.api.cursor import decode_cursor, encode_cursor
from agentlocator.api.http import FileOut
from agentlocator.api.routing import Call, Route, is_safe_id
from agentlocator.api.schemas.contract_templates import (
    ActivateIn,
    ContractSettingsIn,
    ContractSettingsOut,
    PageParams,
    TemplateDefaultsOut,
    TemplateIn,
    TemplateOut,
    TemplatePageOut,
    TemplateVersionOut,
)
from agentlocator.billing import office_templates, pdf
from agentlocator.billing.office_templates import TemplateDefaults, TemplateVersion
from agentlocator.billing.template_store import ContractSettings, OfficeTemplate, TemplateStore
from agentlocator.errors import NotFound, ValidationFailed

_ORDERING = "created_at,desc"
# What a preview shows where an agreement has the client's details.
PREVIEW_CLIENT = "ישראל ישראלי"
PREVIEW_PHONE = "050-0000000"
PREVIEW_PROPERTY = "כתובת הנכס"


def _store(call: Call) -> TemplateStore:
    billing = call.ctx.services.billing
    if billing is None:
        raise NotFound("contracts are not configured")
    return billing.templates


def _version_number(call: Call) -> int:
    raw = call.path["version"]
    if not raw.isdigit() or len(raw) > 6:
        raise NotFound("contract template version")
    return int(raw)


def _defaults(body: TemplateIn) -> TemplateDefaults:
    return office_templates.validate_defaults(
        TemplateDefaults(**{**body.model_dump(), "extra_clauses": tuple(body.extra_clauses)})
    )


def _template_out(template: OfficeTemplate, settings: ContractSettings) -> TemplateOut:
    active = settings.active_version if settings.active_template_id == template.id else None
    return TemplateOut(**template.model_dump(), active_version=active)


def _version_out(version: TemplateVersion, settings: ContractSettings) -> TemplateVersionOut:
    defaults = version.defaults.model_dump()
    defaults["extra_clauses"] = list(version.defaults.extra_clauses)
    active = (settings.active_template_id, settings.active_version) == (
        version.template_id, version.version,
    )  # fmt: skip
    return TemplateVersionOut(
        template_id=version.template_id, version=version.version,
        defaults=TemplateDefaultsOut(**defaults), created_at=version.created_at,
        created_by=version.created_by, active=active,
    )  # fmt: skip


def _settings_out(settings: ContractSettings) -> ContractSettingsOut:
    return ContractSettingsOut(**settings.model_dump())


def list_templates(call: Call) -> TemplatePageOut:
    params = call.query_as(PageParams)
    store = _store(call)
    after: tuple[datetime, str] | None = None
    if params.cursor:
        values = decode_cursor(_ORDERING, params.cursor, size=2)
        if not (isinstance(values[0], datetime) and isinstance(values[1], str)
                and is_safe_id(values[1])):  # fmt: skip
            raise ValidationFailed("cursor", "not a cursor of this list")
        after = (values[0], values[1])
    found = store.page(call.ctx.business_id, params.limit + 1, after)
    page = found[: params.limit]
    more = len(found) > params.limit
    next_cursor = encode_cursor(_ORDERING, [page[-1].created_at, page[-1].id]) if more else None
    settings = store.settings(call.ctx.business_id)
    return TemplatePageOut(items=[_template_out(t, settings) for t in page],
                           next_cursor=next_cursor)  # fmt: skip


def create_template(call: Call) -> TemplateVersionOut:
    store = _store(call)
    defaults = _defaults(call.body_as(TemplateIn))
    now = call.ctx.services.clock.now()
    _, version = store.create(call.ctx.business_id, defaults, call.ctx.principal.uid, now)
    return _version_out(version, store.settings(call.ctx.business_id))


def get_template(call: Call) -> TemplateOut:
    store = _store(call)
    template = store.get(call.ctx.business_id, call.path["template_id"])
    return _template_out(template, store.settings(call.ctx.business_id))


def add_version(call: Call) -> TemplateVersionOut:
    store = _store(call)
    defaults = _defaults(call.body_as(TemplateIn))
    version = store.add_version(call.ctx.business_id, call.path["template_id"], defaults,
                                call.ctx.principal.uid, call.ctx.services.clock.now())  # fmt: skip
    return _version_out(version, store.settings(call.ctx.business_id))


def get_version(call: Call) -> TemplateVersionOut:
    store = _store(call)
    version = store.version(call.ctx.business_id, call.path["template_id"], _version_number(call))
    return _version_out(version, store.settings(call.ctx.business_id))


def activate_version(call: Call) -> ContractSettingsOut:
    store = _store(call)
    store.get(call.ctx.business_id, call.path["template_id"])  # 404 for anyone else's
    number = call.body_as(ActivateIn).version
    settings = store.set_active(call.ctx.business_id, call.path["template_id"], number,
                                call.ctx.services.clock.now())  # fmt: skip
    return _settings_out(settings)


def preview_version(call: Call) -> FileOut:
    store = _store(call)
    version = store.version(call.ctx.business_id, call.path["template_id"], _version_number(call))
    business = call.ctx.services.repos.businesses.get(call.ctx.business_id)
    now = call.ctx.services.clock.now()
    terms = office_templates.terms_for(
        version.defaults, client_name=PREVIEW_CLIENT, client_phone=PREVIEW_PHONE,
        property_address=PREVIEW_PROPERTY,
    )  # fmt: skip
    document = office_templates.agreement(version, business.name, terms, now.date())
    content = pdf.render_contract(document, now)
    return FileOut(content, "application/pdf",
                   f"template-{version.template_id}-v{version.version}.pdf")  # fmt: skip


def get_contract_settings(call: Call) -> ContractSettingsOut:
    return _settings_out(_store(call).settings(call.ctx.business_id))


def put_contract_settings(call: Call) -> ContractSettingsOut:
    body = call.body_as(ContractSettingsIn)
    settings = _store(call).set_send_after_booking(
        call.ctx.business_id, body.send_after_booking, call.ctx.services.clock.now()
    )
    return _settings_out(settings)


_TAG = "contract-templates"
ROUTES = [
    Route("GET", "/contract-templates", list_templates, MANAGE,
          "The office's contract templates, newest first (cursor pages)", _TAG,
          query=PageParams, response=TemplatePageOut),
    Route("POST", "/contract-templates", create_template, MANAGE,
          "Create a brokerage-agreement template: its version 1", _TAG,
          body=TemplateIn, response=TemplateVersionOut, status=201),
    Route("GET", "/contract-templates/{template_id}", get_template, MANAGE,
          "One template (latest and active version)", _TAG, response=TemplateOut),
    Route("POST", "/contract-templates/{template_id}/versions", add_version, MANAGE,
          "Save a new version (earlier versions never change)", _TAG,
          body=TemplateIn, response=TemplateVersionOut, status=201),
    Route("GET", "/contract-templates/{template_id}/versions/{version}", get_version, MANAGE,
          "One version of a template", _TAG, response=TemplateVersionOut),
    Route("GET", "/contract-templates/{template_id}/versions/{version}/preview",
          preview_version, MANAGE, "The version's agreement as a PDF, with sample client details",
          _TAG, media_type="application/pdf"),
    Route("POST", "/contract-templates/{template_id}/activate", activate_version, MANAGE,
          "Make a version the one new agreements use", _TAG,
          body=ActivateIn, response=ContractSettingsOut),
    Route("GET", "/contract-settings", get_contract_settings, MANAGE,
          "The active template and the send-after-booking switch", _TAG,
          response=ContractSettingsOut),
    Route("PUT", "/contract-settings", put_contract_settings, MANAGE,
          "Turn sending the brokerage agreement after Leah books a viewing on or off", _TAG,
          body=ContractSettingsIn, response=ContractSettingsOut),
]  # fmt: skip
