"""Baileys bridge → baileys_inbound (HMAC JSON) → Cloud Tasks emulator → the bridge's /send."""

from __future__ import annotations

import uuid
from collections.abc import Iterator

import pytest
from whatsapp_harness import WhatsAppHarness, whatsapp_harness

from agentlocator.clock import SYSTEM_CLOCK
from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.simulator.scripted_brain import ScriptedBrain

pytestmark = pytest.mark.emulators
LEAD = "+972541112233"


@pytest.fixture
def brain() -> ScriptedBrain:
    return ScriptedBrain(replies=[["היי!", "איך אפשר לעזור?"]], greeting="שלום, כאן לאה.")


@pytest.fixture
def harness(
    settings: Settings, repos: Repositories, demo_business: Business, brain: ScriptedBrain
) -> Iterator[WhatsAppHarness]:
    with whatsapp_harness(settings, repos, brain) as running:
        yield running


def bridge_message(message_id: str, **extra: object) -> dict[str, object]:
    return {
        "id": message_id,
        "from": LEAD.lstrip("+"),  # Baileys JIDs carry digits without the plus
        "to": DEMO_TWILIO_NUMBER,
        "text": "שלום, ראיתי את המודעה",
        "timestamp": int(SYSTEM_CLOCK.now().timestamp()),  # the harness default clock
        "pushName": "רונית",
        **extra,
    }


def test_bridge_message_is_answered_through_the_bridge(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business
) -> None:
    message_id = "3EB0" + uuid.uuid4().hex[:16].upper()
    response = harness.post_bridge(bridge_message(message_id))
    assert response.status_code == 200
    assert response.json() == {"duplicate": False, "message_id": f"wa-{message_id}"}

    harness.wait_until(lambda: len(harness.bridge.sent) == 1, "the reply at the bridge")
    assert harness.bridge.sent == [
        {"from": DEMO_TWILIO_NUMBER, "to": LEAD, "text": "שלום, כאן לאה.\nהיי! איך אפשר לעזור?"}
    ]
    assert harness.twilio_replies() == []  # one channel, the transport the lead wrote on
    roles = [(m.role, m.id) for m in repos.messages.list_recent(demo_business.id, LEAD)]
    assert roles == [("caller", f"wa-{message_id}"), ("leah", f"wa-{message_id}-reply")]
    assert "whatsapp" in repos.leads.get(demo_business.id, LEAD).sources


def test_duplicate_bridge_deliveries_are_answered_once(
    harness: WhatsAppHarness, brain: ScriptedBrain
) -> None:
    payload = bridge_message("3EB0" + uuid.uuid4().hex[:16].upper())
    first = harness.post_bridge(payload)
    second = harness.post_bridge(payload)
    assert (first.json()["duplicate"], second.json()["duplicate"]) == (False, True)
    harness.wait_for_task_successes(2)
    assert len(harness.bridge.sent) == 1
    assert len(brain.heard) == 1


def test_bridge_body_with_a_wrong_secret_is_403_and_writes_nothing(
    harness: WhatsAppHarness, repos: Repositories, demo_business: Business
) -> None:
    response = harness.post_bridge(bridge_message("3EB0FORGED"), secret="guessed")
    assert response.status_code == 403
    assert list(repos.leads.query(demo_business.id).stream()) == []


def test_a_failed_send_is_retried_at_once_and_sent_once(
    harness: WhatsAppHarness, brain: ScriptedBrain
) -> None:
    """The bridge is briefly disconnected: the task fails, gives its claim back, and Cloud
    Tasks' retry sends the reply Leah already wrote (she is not asked twice)."""
    harness.bridge.failures_left = 2
    assert harness.post_bridge(bridge_message("3EB0" + uuid.uuid4().hex[:16].upper())).ok
    harness.wait_until(lambda: len(harness.bridge.sent) == 1, "the retried send")
    assert harness.server.task_statuses.count(502) == 2
    assert len(brain.heard) == 1
    assert harness.bridge.sent[0]["text"] == "שלום, כאן לאה.\nהיי! איך אפשר לעזור?"
