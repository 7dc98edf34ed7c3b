"""modules/tenant has the TenantSpec's shape and the Python defaults (statuses, prompts, hours)."""

from __future__ import annotations

import json
import re

from agentlocator.crm.models import Agent, OpeningHours
from agentlocator.tenants.documents import terraform_defaults
from agentlocator.tenants.spec import TenantOwner, TenantSpec
from tests.unit.infra.hcl import MODULES, expression, module


def test_defaults_json_is_generated_from_the_python_constants() -> None:
    committed = json.loads((MODULES / "tenant" / "defaults.json").read_text("utf-8"))
    assert committed == terraform_defaults(), (
        "regenerate: agentlocator tenants terraform-defaults > "
        "infra/terraform/modules/tenant/defaults.json"
    )


def test_tenant_variable_has_the_tenant_spec_shape() -> None:
    tenant_type = expression(module("tenant").variables()["tenant"]["type"])
    attributes = set(re.findall(r"\b([a-z_]+)\s*=", tenant_type))
    expected = (
        (set(TenantSpec.model_fields) - {"business_id"})
        | set(TenantOwner.model_fields)
        | set(OpeningHours.model_fields)
        | set(Agent.model_fields)
        | {"enabled"}  # Terraform's `tenants disable`
    )
    assert attributes == expected
    business_id = module("tenant").variables()["business_id"]["validation"][0]["condition"]
    assert "^[a-z0-9][a-z0-9-]{1,38}[a-z0-9]$" in expression(business_id)
