"""Provisioning on the Firestore and Auth emulators: the documents, idempotency, number
ownership, disabling, the owner's claims, and the ``agentlocator tenants`` CLI."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.api.firebase import FirebaseUserDirectory, firebase_app
from agentlocator.cli import main
from agentlocator.clock import FixedClock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.texts_he import DEFAULT_LEAD_STATUSES
from agentlocator.errors import UnknownNumber, ValidationFailed
from agentlocator.tenants import TenantSpec, disable, list_tenants, provision
from agentlocator.tenants.errors import NumberTaken, OwnerTaken

pytestmark = pytest.mark.emulators
# Any moment works; a Friday evening before a holiday catches code that reads the real clock.
MOMENT = datetime(2027, 4, 23, 17, 45, tzinfo=UTC)
VOICE = "+97235551234"
WHATSAPP = "+972501112233"


def spec(business_id: str = "acme-homes", **changes: object) -> TenantSpec:
    data: dict[str, object] = {
        "business_id": business_id,
        "name": "אקמי נדל״ן",
        "owner": {"email": "owner@acme.example", "uid": f"uid-{business_id}"},
        "voice_numbers": [VOICE],
        "whatsapp_numbers": [VOICE, WHATSAPP],
    }
    data.update(changes)
    return TenantSpec.model_validate(data)


def test_provision_writes_a_working_tenant(repos: Repositories) -> None:
    result = provision(spec(), repos.client, FixedClock(MOMENT))

    assert result.created and not result.claims_set
    business = repos.businesses.get("acme-homes")
    assert business.name == "אקמי נדל״ן" and business.created_at == MOMENT
    assert repos.businesses.business_for_number(VOICE, "voice").id == "acme-homes"
    assert repos.businesses.business_for_number(WHATSAPP, "whatsapp").id == "acme-homes"
    with pytest.raises(UnknownNumber):
        repos.businesses.business_for_number(WHATSAPP, "voice")
    labels = [s.label for s in repos.statuses.ordered("acme-homes")]
    assert labels == [label for _, label, _ in DEFAULT_LEAD_STATUSES]
    voice_prompt = repos.prompts.get_active("acme-homes", "voice")
    assert voice_prompt is not None and voice_prompt.version == 1
    # The CRM's prompt editor numbers the next version after the provisioned one.
    assert repos.prompts.create_version("acme-homes", "voice", "חדש").version == 2
    owner = repos.client.document("businesses/acme-homes/users/uid-acme-homes").get().to_dict()
    assert owner["role"] == "owner" and owner["email"] == "owner@acme.example"
    [record] = list_tenants(repos.client)
    assert (record.status, record.provisioned_by, record.created_at) == ("active", "cli", MOMENT)


def test_provisioning_again_keeps_what_the_office_edited(repos: Repositories) -> None:
    clock = FixedClock(MOMENT)
    provision(spec(), repos.client, clock)
    repos.businesses.update("acme-homes", {"meeting_minutes": 45})
    repos.statuses.update("acme-homes", "new", label="ליד טרי")

    clock.advance(timedelta(days=3))
    again = provision(spec(name="שם אחר", meeting_minutes=60), repos.client, clock)

    assert not again.created
    business = repos.businesses.get("acme-homes")
    assert (business.meeting_minutes, business.name) == (45, "אקמי נדל״ן")
    assert repos.statuses.get("acme-homes", "new").label == "ליד טרי"
    record = list_tenants(repos.client)[0]
    assert record.created_at == MOMENT and record.updated_at == clock.now()


def test_a_number_another_business_owns_is_refused(repos: Repositories) -> None:
    provision(spec(), repos.client, FixedClock(MOMENT))

    with pytest.raises(NumberTaken) as caught:
        provision(spec("other-office", whatsapp_numbers=[]), repos.client, FixedClock(MOMENT))
    assert caught.value.http_status == 409 and VOICE in caught.value.message_he

    assert repos.businesses.business_for_number(VOICE, "voice").id == "acme-homes"
    assert not repos.client.document("businesses/other-office").get().exists


def test_a_number_dropped_from_the_spec_stops_routing(repos: Repositories) -> None:
    provision(spec(), repos.client, FixedClock(MOMENT))
    provision(spec(whatsapp_numbers=[VOICE]), repos.client, FixedClock(MOMENT))

    with pytest.raises(UnknownNumber):
        repos.businesses.business_for_number(WHATSAPP, "whatsapp")
    assert repos.businesses.business_for_number(VOICE, "whatsapp").id == "acme-homes"


def test_disable_stops_answering_and_provision_brings_it_back(repos: Repositories) -> None:
    clock = FixedClock(MOMENT)
    provision(spec(), repos.client, clock)
    clock.advance(timedelta(hours=1))

    record = disable("acme-homes", repos.client, clock)

    assert (record.status, record.disabled_at) == ("disabled", clock.now())
    with pytest.raises(UnknownNumber):
        repos.businesses.business_for_number(VOICE, "voice")
    assert repos.businesses.get("acme-homes").name  # the data stays
    assert disable("acme-homes", repos.client, clock).disabled_at == record.disabled_at

    provision(spec(), repos.client, clock)
    assert repos.businesses.business_for_number(VOICE, "voice").id == "acme-homes"
    assert list_tenants(repos.client)[0].status == "active"


def test_owner_gets_claims_and_cannot_be_taken_by_another_office(
    repos: Repositories, settings: Settings
) -> None:
    users = FirebaseUserDirectory(firebase_app(settings))
    email = f"owner-{uuid.uuid4().hex[:8]}@acme.example"
    owner = {"email": email}

    result = provision(spec(owner=owner), repos.client, FixedClock(MOMENT), users=users)

    user = users.get(result.owner_uid)
    assert user is not None and user.email == email
    assert dict(user.claims) == {"business_id": "acme-homes", "role": "owner"}
    assert result.claims_set
    again = provision(spec(owner=owner), repos.client, FixedClock(MOMENT), users=users)
    assert again.owner_uid == result.owner_uid
    with pytest.raises(OwnerTaken):
        provision(
            spec("other-office", owner=owner, voice_numbers=["+97239990000"], whatsapp_numbers=[]),
            repos.client,
            FixedClock(MOMENT),
            users=users,
        )


def test_without_a_directory_the_owner_uid_is_required(repos: Repositories) -> None:
    with pytest.raises(ValidationFailed) as caught:
        provision(spec(owner={"email": "o@acme.example"}), repos.client, FixedClock(MOMENT))
    assert caught.value.field == "owner.uid"


def test_cli_create_list_disable(
    repos: Repositories, settings: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    email = f"cli-{uuid.uuid4().hex[:8]}@acme.example"
    code = main(
        [
            "tenants",
            "create",
            "--business-id",
            "cli-office",
            "--name",
            "משרד מהטרמינל",
            "--owner-email",
            email,
            "--number",
            "03-555-1234",
            "--agent",
            "דנה",
            "--agent",
            "יוסי",
        ]
    )
    assert code == 0
    created = json.loads(capsys.readouterr().out)
    assert created["created"] and created["claims_set"]
    assert created["numbers"] == {VOICE: "both"}
    assert [a.name for a in repos.businesses.get("cli-office").agents] == ["דנה", "יוסי"]

    assert main(["tenants", "list", "--json"]) == 0
    [listed] = json.loads(capsys.readouterr().out)
    assert (listed["business_id"], listed["status"], listed["owner_email"]) == (
        "cli-office",
        "active",
        email,
    )

    assert main(["tenants", "disable", "--business-id", "cli-office"]) == 0
    assert json.loads(capsys.readouterr().out)["status"] == "disabled"
    with pytest.raises(UnknownNumber):
        repos.businesses.business_for_number(VOICE, "voice")


def test_cli_names_the_bad_field(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "tenants",
            "create",
            "--business-id",
            "Bad Id",
            "--name",
            "x",
            "--owner-email",
            "o@x.example",
            "--number",
            "+97235551234",
            "--no-claims",
            "--owner-uid",
            "u1",
        ]
    )
    assert code == 2
    assert "business_id" in capsys.readouterr().err
