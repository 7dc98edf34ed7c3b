"""Leah's first words, in two parts: an opening that depends only on the business, and a
follow-up for this caller.

The phone call plays the opening the moment the stream starts (the voice webhook passes it in the
stream parameters, so no Firestore read comes before the first audio) and says the follow-up once
the brain has loaded the caller's lead and meetings, while the opening plays. WhatsApp sends both
as one line. Pure: no I/O.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from agentlocator.agent import greeting_he as he

if TYPE_CHECKING:  # the voice webhook imports ``opening`` only: keep its import light
    from agentlocator.agent.state import DialogueState


def opening(business_name: str, custom_greeting: str | None = None) -> str:
    """The business's own greeting when it set one, else Leah introducing herself."""
    custom = (custom_greeting or "").strip()
    return custom or he.GREETING_OPENING.format(business=business_name)


def follow_up(
    state: DialogueState,
    now: datetime,
    meeting_start_local: datetime | None = None,
    custom_greeting: str | None = None,
) -> str:
    """What Leah adds for this caller: their meeting, their name, or (after the default opening)
    the question; empty when a business's own greeting already asked it."""
    name = state.lead.get("name")
    if state.meeting is not None and state.meeting.start_at > now:
        from agentlocator.agent.replies_he import slot_phrase  # the calendar, only when needed

        start = meeting_start_local or state.meeting.start_at
        return he.GREETING_WITH_MEETING.format(
            name=f"{name}, " if name else "", slot=slot_phrase(start, now.date())
        )
    if name:
        return he.GREETING_RETURNING.format(name=name)
    return "" if (custom_greeting or "").strip() else he.GREETING_ASK


def whole(opening_text: str, follow_up_text: str) -> str:
    return f"{opening_text} {follow_up_text}".strip()
