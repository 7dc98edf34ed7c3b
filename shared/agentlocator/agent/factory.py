"""Build Leah's brain from Settings: the OpenAI model when a key is set, else offline only;
the lead's agent told at once of bookings and callbacks wherever a message can be sent."""

from __future__ import annotations

from agentlocator.agent.agent_notices import BackgroundAgentNotices, QueuedAgentNotices
from agentlocator.agent.brain import Brain
from agentlocator.agent.lead_sync import LeadEvent, LeadEventSink
from agentlocator.billing.agreement_on_booking import AgreementOnBooking
from agentlocator.billing.wiring import agreement_on_booking
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.notices.outbox import notice_outbox
from agentlocator.notices.wiring import notice_delivery
from agentlocator.telephony.notify import agent_notifier


def build_brain(repos: Repositories, settings: Settings) -> Brain:
    sinks: list[LeadEventSink] = []
    outbox = notice_outbox(settings)
    if outbox is not None:  # durable: a Cloud Task per notice
        sinks.append(QueuedAgentNotices(outbox))
    elif (notifier := agent_notifier(repos, settings)) is not None:  # local, no Tasks emulator
        sinks.append(BackgroundAgentNotices(repos, notifier, notice_delivery(repos, settings)))
    agreements = agreement_on_booking(repos, settings)
    if agreements is not None:  # the office's brokerage agreement, sent after a booking
        sinks.append(agreement_sink(agreements))
    notices = all_of(sinks)
    if settings.uses_openai:
        from agentlocator.agent.openai_llm import OpenAIResponder

        return Brain(repos, settings, OpenAIResponder.from_settings(settings), notices)
    return Brain(repos, settings, on_lead_event=notices)


def agreement_sink(agreements: AgreementOnBooking) -> LeadEventSink:
    def on_event(event: LeadEvent) -> str | None:
        if event.kind != "meeting" or event.appointment_id is None:
            return None
        return agreements.on_meeting_booked(event.business_id, event.phone, event.appointment_id)

    return on_event


def all_of(sinks: list[LeadEventSink]) -> LeadEventSink | None:
    """One sink telling each in turn; the notes they answer with, joined."""
    if not sinks:
        return None
    if len(sinks) == 1:
        return sinks[0]

    def on_event(event: LeadEvent) -> str | None:
        notes = [note for sink in sinks if (note := sink(event))]
        return " ".join(notes) or None

    return on_event
