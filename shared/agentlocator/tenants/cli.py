"""``agentlocator tenants create|list|disable``: provision tenants from a terminal.

    agentlocator tenants create --business-id acme-homes --name "אקמי נדל״ן" \
        --owner-email owner@acme.co.il --number +97235551234 [--whatsapp-number …] [--spec t.json]
    agentlocator tenants list [--json]
    agentlocator tenants disable --business-id acme-homes
    agentlocator tenants terraform-defaults > infra/terraform/modules/tenant/defaults.json

Writes where Settings point: the local stack's emulators (``make run``), or a real project with
``ENVIRONMENT=production GOOGLE_CLOUD_PROJECT=…`` and Application Default Credentials. The owner
gets their custom claims when a Firebase Auth (or its emulator) is reachable; ``--no-claims`` skips
that (then ``--owner-uid`` is required).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings, load_settings
from agentlocator.errors import AgentLocatorError
from agentlocator.tenants.spec import parse_tenant_spec


def add_parser(commands: Any) -> None:
    tenants = commands.add_parser("tenants", help="provision, list and disable tenants")
    actions = tenants.add_subparsers(dest="tenants_command", required=True)
    create = actions.add_parser("create", help="provision a tenant (idempotent)")
    create.add_argument("--spec", type=Path, help="a JSON TenantSpec; flags override its keys")
    create.add_argument("--business-id")
    create.add_argument("--name")
    create.add_argument("--owner-email")
    create.add_argument("--owner-uid")
    create.add_argument("--owner-name")
    create.add_argument("--number", action="append", default=[], help="voice and WhatsApp")
    create.add_argument("--voice-number", action="append", default=[])
    create.add_argument("--whatsapp-number", action="append", default=[])
    create.add_argument("--agent", action="append", default=[], help="an agent's name")
    create.add_argument("--meeting-minutes", type=int)
    create.add_argument("--timezone")
    create.add_argument("--greeting")
    create.add_argument("--no-claims", action="store_true", help="do not touch Firebase Auth")
    listing = actions.add_parser("list", help="every tenant and its status")
    listing.add_argument("--json", action="store_true")
    disable = actions.add_parser("disable", help="stop answering a tenant's numbers")
    disable.add_argument("--business-id", required=True)
    actions.add_parser(
        "terraform-defaults",
        help="print infra/terraform/modules/tenant/defaults.json (statuses, prompts, hours)",
    )


def spec_data(args: argparse.Namespace) -> dict[str, Any]:
    """The TenantSpec input: the ``--spec`` file, overridden by whichever flags were given."""
    data: dict[str, Any] = json.loads(args.spec.read_text("utf-8")) if args.spec else {}
    flags = {
        "business_id": args.business_id,
        "name": args.name,
        "meeting_minutes": args.meeting_minutes,
        "timezone": args.timezone,
        "greeting": args.greeting,
    }
    data.update({key: value for key, value in flags.items() if value is not None})
    owner = dict(data.get("owner") or {})
    for key, value in (
        ("email", args.owner_email),
        ("uid", args.owner_uid),
        ("display_name", args.owner_name),
    ):
        if value is not None:
            owner[key] = value
    data["owner"] = owner
    if args.number or args.voice_number:
        data["voice_numbers"] = args.number + args.voice_number
    if args.number or args.whatsapp_number:
        data["whatsapp_numbers"] = args.number + args.whatsapp_number
    if args.agent:
        data["agents"] = [{"id": f"agent-{i}", "name": n} for i, n in enumerate(args.agent, 1)]
    return data


def target_settings() -> Settings:
    """Production, an emulator named in the environment, or the running ``make run`` stack."""
    settings = load_settings()
    if settings.environment == "production" or settings.firestore_emulator_host:
        return settings
    from agentlocator.devstack.stack import running_stack_env

    env = running_stack_env()
    if env and env.get("FIRESTORE_EMULATOR_HOST"):
        os.environ.update(env)
        return load_settings()
    raise AgentLocatorError(
        "no Firestore to write to: start `make run`, set FIRESTORE_EMULATOR_HOST, or set "
        "ENVIRONMENT=production and GOOGLE_CLOUD_PROJECT"
    )


def run(args: argparse.Namespace) -> int:
    from agentlocator.crm.firestore_client import make_firestore_client
    from agentlocator.tenants import provisioning

    if args.tenants_command == "terraform-defaults":
        from agentlocator.tenants.documents import terraform_defaults

        sys.stdout.write(json.dumps(terraform_defaults(), ensure_ascii=False, indent=2) + "\n")
        return 0
    settings = target_settings()
    client = make_firestore_client(settings)
    if args.tenants_command == "create":
        spec = parse_tenant_spec(spec_data(args))
        users = None
        if not args.no_claims and (
            settings.environment == "production" or settings.firebase_auth_emulator_host
        ):
            from agentlocator.api.firebase import FirebaseUserDirectory, firebase_app

            users = FirebaseUserDirectory(firebase_app(settings))
        result = provisioning.provision(spec, client, SYSTEM_CLOCK, users=users)
        _print_json(
            {
                "business_id": result.business_id,
                "created": result.created,
                "owner_uid": result.owner_uid,
                "claims_set": result.claims_set,
                "numbers": result.numbers,
            }
        )
        return 0
    if args.tenants_command == "disable":
        record = provisioning.disable(args.business_id, client, SYSTEM_CLOCK)
        _print_json(record.model_dump(mode="json"))
        return 0
    records = provisioning.list_tenants(client)
    if args.json:
        _print_json([record.model_dump(mode="json") for record in records])
    else:
        for record in records:
            numbers = ",".join(sorted(set(record.voice_numbers) | set(record.whatsapp_numbers)))
            print(f"{record.business_id}\t{record.status}\t{record.owner_email}\t{numbers}")
    return 0


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n")
    sys.stdout.flush()
