"""Build the notice delivery from Settings (the ``notice_task`` function; local fallbacks)."""

from __future__ import annotations

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.repositories import Repositories
from agentlocator.meetings.changes import MeetingChanges
from agentlocator.meetings.wiring import meeting_notices
from agentlocator.notices.delivery import SEND_LEASE, NoticeDelivery
from agentlocator.telephony.notify import AgentNotifier, twilio_sender


def notice_delivery(
    repos: Repositories, settings: Settings, clock: Clock = SYSTEM_CLOCK
) -> NoticeDelivery | None:
    """None where nothing could be sent (outside production only a Twilio stand-in receives)."""
    if settings.environment != "production" and not settings.twilio_api_base:
        return None
    agents = AgentNotifier(repos, twilio_sender(settings), clock)
    notices = meeting_notices(repos, settings, clock)
    changes = MeetingChanges(repos, notices, agents, SEND_LEASE) if notices else None
    return NoticeDelivery(repos, agents, changes)
