"""The offline Hebrew dialogue engine: (state, caller text, now, free slots) → (reply, state,
actions). Pure: no I/O; the brain persists the state and carries out the actions.

Leah reads every detail the caller gives whenever it comes, asks for what is missing one
question at a time, offers 2–3 free slots, books the one chosen, and moves or cancels it later.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime

from agentlocator.agent import greeting_text
from agentlocator.agent import replies_he as he
from agentlocator.agent.actions import (
    Action,
    CancelMeeting,
    RequestCallback,
    SaveLeadDetails,
    SetStatus,
)
from agentlocator.agent.draft import Draft, next_question, question_text
from agentlocator.agent.scheduling import PENDING_ID, offer, schedule
from agentlocator.agent.state import DialogueState, Expecting
from agentlocator.calendar.finder import SlotFinder
from agentlocator.crm.models import StatusId
from agentlocator.hebrew.understanding import Understanding, understand


@dataclass
class Turn:
    reply: str
    state: DialogueState
    actions: list[Action] = field(default_factory=list)


def greeting(
    state: DialogueState,
    business_name: str,
    now: datetime,
    meeting_start_local: datetime | None = None,
) -> str:
    """The first line: returning callers are greeted by name and reminded of their meeting
    (``meeting_start_local``: the meeting's start in the business's timezone)."""
    return greeting_text.whole(
        greeting_text.opening(business_name),
        greeting_text.follow_up(state, now, meeting_start_local),
    )


def respond(
    state: DialogueState, caller_text: str, now: datetime, finder: SlotFinder, channel: str
) -> Turn:
    """One turn. ``now`` is aware; replies speak in the finder's (business) timezone."""
    draft = Draft(copy.deepcopy(state), finder, finder.local(now), channel)
    state = draft.state
    state.turns += 1
    state.ended = False
    heard = understand(caller_text, state.expecting, state.lead, draft.now)
    intents = heard.intents
    if intents.other_leads:
        draft.say(he.OTHER_LEADS)
    if intents.who_are_you:
        draft.say(he.WHO_I_AM)
    if intents.hours_question:
        draft.say(he.hours_sentence(finder.hours))
    changed = _save_fields(draft, heard)
    if intents.human and not intents.strong_not_interested:
        draft.actions.append(RequestCallback(caller_text.strip()[:300]))
        draft.say(he.CALLBACK)
        # "תחזרו אליי מחר": the day is for the callback; only an explicit meeting request books.
        draft.callback_requested = not intents.meeting
    if _ends_conversation(draft, heard, changed):
        return _finish(draft)
    if draft.callback_requested:
        state.offered = []
        state.expecting = None if state.expecting is Expecting.SLOT else state.expecting
    else:
        schedule(draft, heard, changed)
    if intents.price_question:
        draft.say(he.PRICES)
    if not draft.scheduled_reply:
        _next_step(draft, heard, changed)
    return _finish(draft)


def _finish(draft: Draft) -> Turn:
    reply = " ".join(draft.parts) or he.DIDNT_UNDERSTAND
    return Turn(reply, draft.state, draft.actions)


def _save_fields(draft: Draft, heard: Understanding) -> dict[str, object]:
    state = draft.state
    changed = {k: v for k, v in heard.fields.present().items() if state.lead.get(k) != v}
    untyped = state.lead.get("property_type") is None and "property_type" not in changed
    if "rooms" in changed and untyped:
        changed["property_type"] = "apartment"  # "3 חדרים" with no type: an apartment
    if changed:
        state.lead.update(changed)
        draft.actions.append(SaveLeadDetails(dict(changed)))
        if state.meeting is None and state.status in (None, StatusId.NEW):
            state.status = StatusId.IN_PROGRESS
            draft.actions.append(SetStatus(StatusId.IN_PROGRESS))
    return changed


def _ends_conversation(draft: Draft, heard: Understanding, changed: dict[str, object]) -> bool:
    state, intents = draft.state, heard.intents
    declines = intents.not_interested and not changed and not intents.meeting
    if not (intents.strong_not_interested or declines or intents.no_meeting):
        return False
    if (
        (state.offered or state.expecting is Expecting.SLOT or intents.no_meeting)
        and not (intents.strong_not_interested)
        and "מעוניי" not in heard.text
    ):
        state.meeting_declined = True
        state.offered = []
        state.expecting = None
        draft.say(he.THANKS_BYE if he.CALLBACK in draft.parts else he.NO_MEETING_OK)
        state.ended = True
        return True
    if state.meeting is not None:
        if state.meeting.id != PENDING_ID:
            draft.actions.append(CancelMeeting(state.meeting.id))
        state.meeting = None
    draft.actions.append(SetStatus(StatusId.NOT_RELEVANT))
    state.status = StatusId.NOT_RELEVANT
    state.offered, state.expecting, state.ended = [], None, True
    draft.say(he.NOT_INTERESTED)
    return True


def _next_step(draft: Draft, heard: Understanding, changed: dict[str, object]) -> None:
    state, intents = draft.state, heard.intents
    if state.expecting is Expecting.RESCHEDULE_CONFIRM:
        state.expecting = None
        if intents.yes and not intents.no:
            state.rescheduling = True
            offer(draft, he.OFFER_AGAIN)
            return
    just_asked = state.expecting if state.expecting not in (None, Expecting.SLOT) else None
    nxt = next_question(state, just_asked)
    only_thanks = intents.goodbye and not changed and heard.when.is_empty
    if only_thanks and (state.meeting is not None or nxt is None or state.meeting_declined):
        name = state.lead.get("name")
        suffix = f" {name}" if name else ""
        if state.meeting is not None:
            draft.say(
                he.GOODBYE_WITH_MEETING.format(
                    name=suffix, slot=draft.slot_text(state.meeting.start_at)
                )
            )
        else:
            draft.say(he.GOODBYE.format(name=suffix))
        state.ended, state.expecting = True, None
        return
    if nxt is None and just_asked is not None:
        nxt = next_question(state, None)
    if changed or (heard.has_details and not draft.parts):
        # A detail said again ("סליחה, ראש העין") was understood too, even if nothing changed.
        name = changed.get("name")
        draft.say(
            he.NICE_TO_MEET.format(name=name) if name else he.ACKS[state.turns % len(he.ACKS)]
        )
    elif intents.declines_name and just_asked is Expecting.NAME:
        draft.say(he.NAME_NOT_NEEDED)
    elif intents.describes_property and not draft.parts:
        draft.say(he.THANKS_FOR_DETAILS)  # heard, though no lead field holds it
    elif intents.no_preference and just_asked is not None:
        draft.say(he.NO_PREFERENCE_OK)
    elif not draft.parts and (
        state.expecting not in (None, Expecting.SLOT) and state.turns > 1 and not intents.yes
    ):
        draft.say(he.DIDNT_UNDERSTAND)
    if nxt is not None:
        draft.say(question_text(state, nxt))
        state.expecting = nxt
        state.asked[nxt] = state.asked.get(nxt, 0) + 1
        return
    if state.meeting is None and not state.meeting_declined and not draft.callback_requested:
        offer(draft, he.OFFER)
        return
    if draft.callback_requested:
        state.expecting = None
        return
    state.expecting = None
    draft.say(he.ANYTHING_ELSE)


def booking_failed(state: DialogueState, now: datetime, finder: SlotFinder, channel: str) -> Turn:
    """The slot was taken between offering and booking: apologise and offer others."""
    draft = Draft(copy.deepcopy(state), finder, finder.local(now), channel)
    draft.state.meeting = None
    draft.say(he.TAKEN)
    offer(draft, he.OFFER_AGAIN)
    return _finish(draft)
