"""The demo business ``make run`` and the tests start from. Seeding twice changes nothing."""

from __future__ import annotations

from agentlocator.crm.models import Agent, Business
from agentlocator.crm.prompts import PromptChannel
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.texts_he import DEMO_AGENT_NAMES, DEMO_BUSINESS_NAME

DEMO_BUSINESS_ID = "demo-realestate"
# A Tel Aviv number in Twilio's E.164 form; calls and WhatsApp to it reach the demo business.
DEMO_TWILIO_NUMBER = "+97237630000"
# The demo agents' mobiles (Israeli 052 range): Leah's call summaries go to them.
DEMO_AGENT_PHONES = ("+972521110001", "+972521110002")


def demo_business() -> Business:
    return Business(
        id=DEMO_BUSINESS_ID,
        name=DEMO_BUSINESS_NAME,
        agents=[
            Agent(id=f"agent-{i}", name=name, phone=phone)
            for i, (name, phone) in enumerate(
                zip(DEMO_AGENT_NAMES, DEMO_AGENT_PHONES, strict=True), 1
            )
        ],
        voice_numbers=[DEMO_TWILIO_NUMBER],
        whatsapp_numbers=[DEMO_TWILIO_NUMBER],
    )


def seed_business(repos: Repositories, business: Business) -> Business:
    """Create ``business`` with its number routes, default statuses and default prompts,
    keeping whatever already exists (staff edits survive a re-seed)."""
    stored, _ = repos.businesses.create_if_absent(business)
    for number in business.voice_numbers:
        both = number in business.whatsapp_numbers
        repos.businesses.route_number(number, business.id, "both" if both else "voice")
    for number in business.whatsapp_numbers:
        if number not in business.voice_numbers:
            repos.businesses.route_number(number, business.id, "whatsapp")
    repos.statuses.seed_defaults(business.id)
    _seed_default_prompts(repos, stored)
    return repos.businesses.get(business.id)


def _seed_default_prompts(repos: Repositories, business: Business) -> None:
    from agentlocator.agent.prompts_he import DEFAULT_PROMPTS  # Leah owns her prompt text

    channels: tuple[PromptChannel, ...] = ("voice", "whatsapp")
    for channel in channels:
        text = DEFAULT_PROMPTS[channel]
        if channel in business.active_prompts:
            continue
        versions = repos.prompts.list_versions(business.id, channel)
        prompt = (
            versions[-1]
            if versions
            else repos.prompts.create_version(business.id, channel, text, created_by="seed")
        )
        repos.prompts.activate(business.id, prompt.id)


def seed_demo(repos: Repositories) -> Business:
    return seed_business(repos, demo_business())
