"""modules/tenant has the TenantSpec's shape and the Python defaults (statuses, prompts, hours)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

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


@pytest.mark.skipif(shutil.which("terraform") is None, reason="no terraform binary on PATH")
@pytest.mark.parametrize(
    ("business_id", "number", "refusal"),
    [
        # Python normalizes "03-5551234"; Terraform cannot, so tfvars hold E.164 only.
        ("acme-homes", "03-5551234", "Twilio numbers are E.164"),
        ("Acme Homes", "+97235551234", "3-40 characters"),
    ],
)
def test_the_module_validates_numbers_and_ids(
    tmp_path: Path, business_id: str, number: str, refusal: str
) -> None:
    shutil.copy(MODULES / "tenant" / "variables.tf", tmp_path / "variables.tf")
    (tmp_path / "terraform.tfvars").write_text(
        f'project_id = "p"\nbusiness_id = "{business_id}"\n'
        f'tenant = {{ name = "a", owner = {{ uid = "u", email = "a@a.example" }}, '
        f'voice_numbers = ["{number}"] }}\n'
    )
    result = subprocess.run(
        ["terraform", "console"],
        input="var.business_id",
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # terraform console exits 0 even when a validation fails: read what it says.
    assert refusal in result.stderr
