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
from agentlocator.agent.scheduling import IN_PROGRESS, NOT_RELEVANT, PENDING_ID, offer, schedule
from agentlocator.agent.state import DialogueState
from agentlocator.agent.understanding import Understanding, understand
from agentlocator.calendar.finder import SlotFinder


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
    s = draft.state
    s.turns += 1
    s.ended = False
    heard = understand(caller_text, s.expecting, s.lead, draft.now)
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
    if _ends_conversation(draft, heard, changed):
        return _finish(draft)
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
    s = draft.state
    changed = {k: v for k, v in heard.fields.present().items() if s.lead.get(k) != v}
    untyped = s.lead.get("property_type") is None and "property_type" not in changed
    if "rooms" in changed and untyped:
        changed["property_type"] = "apartment"  # "3 חדרים" with no type: an apartment
    if changed:
        s.lead.update(changed)
        draft.actions.append(SaveLeadDetails(dict(changed)))
        if s.meeting is None and s.lead.get("_status") in (None, "new"):
            s.lead["_status"] = IN_PROGRESS
            draft.actions.append(SetStatus(IN_PROGRESS))
    return changed


def _ends_conversation(draft: Draft, heard: Understanding, changed: dict[str, object]) -> bool:
    s, intents = draft.state, heard.intents
    declines = intents.not_interested and not changed and not intents.meeting
    if not (intents.strong_not_interested or declines or intents.no_meeting):
        return False
    if (
        (s.offered or s.expecting == "slot" or intents.no_meeting)
        and not (intents.strong_not_interested)
        and "מעוניי" not in heard.text
    ):
        s.meeting_declined = True
        s.offered = []
        s.expecting = None
        draft.say(he.THANKS_BYE if he.CALLBACK in draft.parts else he.NO_MEETING_OK)
        s.ended = True
        return True
    if s.meeting is not None:
        if s.meeting.id != PENDING_ID:
            draft.actions.append(CancelMeeting(s.meeting.id))
        s.meeting = None
    draft.actions.append(SetStatus(NOT_RELEVANT))
    s.lead["_status"] = NOT_RELEVANT
    s.offered, s.expecting, s.ended = [], None, True
    draft.say(he.NOT_INTERESTED)
    return True


def _next_step(draft: Draft, heard: Understanding, changed: dict[str, object]) -> None:
    s, intents = draft.state, heard.intents
    if s.expecting == "reschedule_confirm":
        s.expecting = None
        if intents.yes and not intents.no:
            s.rescheduling = True
            offer(draft, he.OFFER_AGAIN)
            return
    just_asked = s.expecting if s.expecting not in (None, "slot") else None
    nxt = next_question(s, just_asked)
    only_thanks = intents.goodbye and not changed and heard.when.is_empty
    if only_thanks and (s.meeting is not None or nxt is None or s.meeting_declined):
        name = s.lead.get("name")
        suffix = f" {name}" if name else ""
        if s.meeting is not None:
            draft.say(
                he.GOODBYE_WITH_MEETING.format(
                    name=suffix, slot=draft.slot_text(s.meeting.start_at)
                )
            )
        else:
            draft.say(he.GOODBYE.format(name=suffix))
        s.ended, s.expecting = True, None
        return
    if nxt is None and just_asked is not None:
        nxt = next_question(s, None)
    if changed:
        name = changed.get("name")
        draft.say(he.NICE_TO_MEET.format(name=name) if name else he.ACKS[s.turns % len(he.ACKS)])
    elif not draft.parts and (
        s.expecting not in (None, "slot") and s.turns > 1 and not intents.yes
    ):
        draft.say(he.DIDNT_UNDERSTAND)
    if nxt is not None:
        draft.say(question_text(s, nxt))
        s.expecting = nxt
        s.asked[nxt] = s.asked.get(nxt, 0) + 1
        return
    if s.meeting is None and not s.meeting_declined:
        offer(draft, he.OFFER)
        return
    s.expecting = None
    draft.say(he.ANYTHING_ELSE)


def booking_failed(state: DialogueState, now: datetime, finder: SlotFinder, channel: str) -> Turn:
    """The slot was taken between offering and booking: apologise and offer others."""
    draft = Draft(copy.deepcopy(state), finder, finder.local(now), channel)
    draft.state.meeting = None
    draft.say(he.TAKEN)
    offer(draft, he.OFFER_AGAIN)
    return _finish(draft)
