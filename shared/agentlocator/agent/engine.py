"""The offline Hebrew dialogue engine: (state, caller text, now, free slots) → (reply, state,
actions). Pure: no I/O; the brain persists the state and carries out the actions.

Leah reads every detail the caller gives whenever it comes, asks for what is missing one
question at a time, offers 2–3 free slots, books the one chosen, and moves or cancels it later.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from agentlocator.agent import replies_he as he
from agentlocator.agent.actions import (
    Action,
    BookMeeting,
    CancelMeeting,
    MoveMeeting,
    RequestCallback,
    SaveLeadDetails,
    SetStatus,
)
from agentlocator.agent.state import BookedMeeting, DialogueState, OfferedSlot
from agentlocator.agent.understanding import Understanding, understand
from agentlocator.calendar.finder import SlotFinder
from agentlocator.calendar.slots import Slot

MEETING_SET = "meeting_set"
IN_PROGRESS = "in_progress"
NOT_RELEVANT = "not_relevant"
PENDING_ID = "pending"
SAME_TIME = re.compile(r"(?:ב)?אותה שעה|same time")


@dataclass
class Turn:
    reply: str
    state: DialogueState
    actions: list[Action] = field(default_factory=list)


@dataclass
class _Draft:
    state: DialogueState
    finder: SlotFinder
    now: datetime  # local
    channel: str
    parts: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    scheduled_reply: bool = False

    def say(self, text: str) -> None:
        if text and text not in self.parts:
            self.parts.append(text)

    def slot_text(self, start: datetime) -> str:
        return he.slot_phrase(self.finder.local(start), self.now.date())

    @property
    def offer_count(self) -> int:
        return 2 if self.channel == "voice" else 3


def greeting(state: DialogueState, business_name: str, now: datetime, finder_tz_local: datetime
             | None = None) -> str:
    """The first line: returning callers are greeted by name and reminded of their meeting."""
    name = state.lead.get("name")
    if state.meeting is not None and state.meeting.start_at > now:
        start = (finder_tz_local or state.meeting.start_at)
        return he.GREETING_WITH_MEETING.format(
            name=f" {name}" if name else "",
            business=business_name,
            slot=he.slot_phrase(start, now.date()),
        )
    if name:
        return he.GREETING_RETURNING.format(name=name, business=business_name)
    return he.GREETING.format(business=business_name)


def respond(
    state: DialogueState, caller_text: str, now: datetime, finder: SlotFinder, channel: str
) -> Turn:
    """One turn. ``now`` is aware; replies speak in the finder's (business) timezone."""
    draft = _Draft(copy.deepcopy(state), finder, finder.local(now), channel)
    s = draft.state
    s.turns += 1
    s.ended = False
    heard = understand(caller_text, s.expecting, s.lead, draft.now)
    intents = heard.intents
    if intents.other_leads:
        draft.say(he.OTHER_LEADS)
    changed = _save_fields(draft, heard)
    if _ends_conversation(draft, heard, changed):
        return _finish(draft)
    if intents.human:
        draft.actions.append(RequestCallback(caller_text.strip()[:300]))
        draft.say(he.CALLBACK)
    _schedule(draft, heard, changed)
    if intents.price_question:
        draft.say(he.PRICES)
    if not draft.scheduled_reply:
        _next_step(draft, heard, changed)
    return _finish(draft)


def _finish(draft: _Draft) -> Turn:
    reply = " ".join(draft.parts) or he.DIDNT_UNDERSTAND
    return Turn(reply, draft.state, draft.actions)


def _save_fields(draft: _Draft, heard: Understanding) -> dict[str, object]:
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


def _ends_conversation(draft: _Draft, heard: Understanding, changed: dict[str, object]) -> bool:
    s, intents = draft.state, heard.intents
    declines = intents.not_interested and not changed and not intents.meeting
    if not (intents.strong_not_interested or declines or intents.no_meeting):
        return False
    if (s.offered or s.expecting == "slot" or intents.no_meeting) and not (
        intents.strong_not_interested
    ) and "מעוניי" not in heard.text:
        s.meeting_declined = True
        s.offered = []
        s.expecting = None
        draft.say(he.NO_MEETING_OK)
        s.ended = True
        return True
    if s.meeting is not None and s.meeting.id != PENDING_ID:
        draft.actions.append(CancelMeeting(s.meeting.id))
        s.meeting = None
    draft.actions.append(SetStatus(NOT_RELEVANT))
    s.lead["_status"] = NOT_RELEVANT
    s.offered, s.expecting, s.ended = [], None, True
    draft.say(he.NOT_INTERESTED)
    return True


def _with_context(draft: _Draft, heard: Understanding) -> Understanding:
    """Fill a time-only request with the day under discussion ("ביום שלישי?" … "בשתיים"),
    and "באותה שעה" with the current meeting's time."""
    s, when = draft.state, heard.when
    if when.at is None and s.meeting is not None and SAME_TIME.search(heard.text):
        when = replace(when, at=draft.finder.local(s.meeting.start_at).time().replace(tzinfo=None))
    if when.day is not None:
        s.focus_day = when.day.isoformat()
    elif when.at is not None and when.from_day is None and (s.focus_day or s.meeting):
        # A bare time refers to the day under discussion, or to the meeting's day when moving it.
        focus = (
            date.fromisoformat(s.focus_day)
            if s.focus_day
            else draft.finder.local(s.meeting.start_at).date()  # type: ignore[union-attr]
        )
        if focus >= draft.now.date():
            when = replace(when, day=focus)
    return replace(heard, when=when)


def _schedule(draft: _Draft, heard: Understanding, changed: dict[str, object]) -> None:
    heard = _with_context(draft, heard)
    s, intents, when = draft.state, heard.intents, heard.when
    if intents.cancel and s.meeting is not None and when.is_empty and not intents.reschedule:
        draft.actions.append(CancelMeeting(s.meeting.id))
        draft.actions.append(SetStatus(IN_PROGRESS))
        s.lead["_status"] = IN_PROGRESS
        s.meeting, s.offered, s.expecting, s.rescheduling = None, [], "slot", False
        draft.say(he.CANCELLED)
        draft.scheduled_reply = True
        return
    if intents.cancel and s.meeting is None and when.is_empty:
        draft.say(he.NOTHING_TO_CANCEL)
        return
    if s.meeting is not None and (
        intents.reschedule
        or intents.cancel
        or (s.tentative and (not when.is_empty or (intents.no and not intents.yes)))
    ):
        s.rescheduling = True
    s.tentative = False
    concrete = (when.day is not None or when.from_day is not None) and (
        when.at is not None or when.part is not None
    )
    in_context = bool(s.offered) or s.expecting == "slot" or s.rescheduling
    wants = intents.meeting or concrete or in_context
    if not wants:
        return
    if s.meeting is not None and not s.rescheduling:
        if intents.meeting and not changed:
            draft.say(he.ALREADY_BOOKED.format(slot=draft.slot_text(s.meeting.start_at)))
            s.expecting = "reschedule_confirm"
            draft.scheduled_reply = True
        return
    chosen = _chosen_offer(draft, heard)
    tentative = s.tentative
    if chosen is None and not when.is_empty and not when.asap:
        exact = draft.finder.find_exact(when)
        if exact is None and when.at is None:
            # "ביום חמישי אחרי הצהריים" / "מחר": book the first free time then and say so;
            # a time (or a "no") on the next turn moves it.
            exact = draft.finder.first_in(when)
            tentative = exact is not None
        if exact is not None:
            chosen = exact
        else:
            _offer_near(draft, heard)
            return
    if chosen is not None:
        _book(draft, chosen, tentative)
        s.tentative = tentative
        return
    if s.offered and intents.no:
        draft.say(he.ASK_WHEN)
        s.offered, s.expecting = [], "slot"
        draft.scheduled_reply = True
        return
    if intents.meeting or s.rescheduling or when.asap or (s.expecting == "slot" and not changed):
        _offer(draft, he.OFFER_AGAIN if s.offered or s.rescheduling else he.OFFER)


def _chosen_offer(draft: _Draft, heard: Understanding) -> Slot | None:
    offered = draft.state.offered
    if not offered:
        return None
    intents, when = heard.intents, heard.when
    slots = [Slot(o.start_at, o.end_at, o.agent_id) for o in offered]
    if intents.choice is not None and -len(slots) <= intents.choice < len(slots):
        return slots[intents.choice]
    if not when.is_empty and not when.asap:
        matches = [s for s in slots if _matches(draft, s, heard)]
        if len(matches) >= 1 and (len(matches) == 1 or when.at is not None):
            # Picked by day or part only ("מחר"): a time said next still moves it.
            draft.state.tentative = when.at is None
            return matches[0]
        if len(matches) > 1:
            draft.state.offered = [o for o in offered if o.start_at in {m.start for m in matches}]
            return None
        return None
    if intents.yes and not intents.no:
        return slots[0]
    return None


def _matches(draft: _Draft, slot: Slot, heard: Understanding) -> bool:
    when = heard.when
    start = draft.finder.local(slot.start)
    if when.day is not None and start.date() != when.day:
        return False
    if when.at is not None and start.time() != when.at:
        return False
    if when.part is not None and not draft.finder._in_part(slot, when.part):
        return False
    return not (when.from_day is not None and when.to_day is not None and not (
        when.from_day <= start.date() <= when.to_day
    ))


def _offer(draft: _Draft, template: str, proposals: list[Slot] | None = None) -> None:
    s = draft.state
    slots = proposals if proposals is not None else draft.finder.propose(None, draft.offer_count)
    draft.scheduled_reply = True
    if not slots:
        draft.say(he.NO_SLOTS)
        draft.actions.append(RequestCallback("no free slots"))
        s.offered, s.expecting = [], None
        return
    s.offered = [
        OfferedSlot(x.start.isoformat(), x.end.isoformat(), x.agent_id) for x in slots
    ]
    s.expecting = "slot"
    starts = [draft.finder.local(x.start) for x in slots]
    draft.say(template.format(options=he.options_phrase(starts, draft.now.date())))


def _offer_near(draft: _Draft, heard: Understanding) -> None:
    when = heard.when
    reason = draft.finder.closed_reason(when.day) if when.day is not None else None
    if reason:
        draft.say(he.CLOSED[reason])
    proposals = draft.finder.propose(when, draft.offer_count)
    if when.at is not None and not reason:
        asked = he.when_phrase(when.day, draft.now.date(), f"{when.at:%H:%M}")
        draft.scheduled_reply = True
        if proposals:
            starts = [draft.finder.local(x.start) for x in proposals]
            draft.say(he.OFFER_NEAR.format(
                when=asked, options=he.options_phrase(starts, draft.now.date())
            ))
            draft.state.offered = [
                OfferedSlot(x.start.isoformat(), x.end.isoformat(), x.agent_id) for x in proposals
            ]
            draft.state.expecting = "slot"
            return
    _offer(draft, he.OFFER_AGAIN, proposals)


def _book(draft: _Draft, slot: Slot, tentative: bool = False) -> None:
    s = draft.state
    text = draft.slot_text(slot.start)
    if s.meeting is not None and s.meeting.id != PENDING_ID:
        draft.actions.append(MoveMeeting(s.meeting.id, slot.start, slot.end, slot.agent_id))
        s.meeting = BookedMeeting(s.meeting.id, slot.start.isoformat(), slot.end.isoformat(),
                                  slot.agent_id)
        draft.say(he.MOVED.format(slot=text))
    else:
        draft.actions.append(BookMeeting(slot.start, slot.end, slot.agent_id))
        s.meeting = BookedMeeting(PENDING_ID, slot.start.isoformat(), slot.end.isoformat(),
                                  slot.agent_id)
        draft.say(he.BOOKED.format(slot=text))
    if tentative:
        draft.say(he.TENTATIVE_TAIL)
    draft.actions.append(SetStatus(MEETING_SET))
    s.lead["_status"] = MEETING_SET
    s.offered, s.rescheduling, s.expecting = [], False, None
    s.meeting_declined = False
    if not tentative:
        s.focus_day = None
    draft.scheduled_reply = True
    nxt = _next_question(s, heard_expecting=None)
    if nxt:
        draft.say(he.BOOKED_TAIL_QUESTION.format(question=_question_text(s, nxt)))
        s.expecting = nxt
        s.asked[nxt] = s.asked.get(nxt, 0) + 1
    else:
        draft.say(he.ANYTHING_ELSE)


def _next_question(s: DialogueState, heard_expecting: str | None) -> str | None:
    for name in s.missing_fields():
        if s.asked.get(name, 0) >= 1 or name == heard_expecting:
            continue
        if s.meeting is not None and name not in ("name",):
            continue  # after booking only the name is worth another question
        return name
    return None


def _question_text(s: DialogueState, name: str) -> str:
    if name == "budget":
        return he.budget_question(s.lead.get("deal_type"))
    return he.QUESTIONS[name]


def _next_step(draft: _Draft, heard: Understanding, changed: dict[str, object]) -> None:
    s, intents = draft.state, heard.intents
    if s.expecting == "reschedule_confirm":
        s.expecting = None
        if intents.yes and not intents.no:
            s.rescheduling = True
            _offer(draft, he.OFFER_AGAIN)
            return
    just_asked = s.expecting if s.expecting not in (None, "slot") else None
    nxt = _next_question(s, just_asked)
    only_thanks = intents.goodbye and not changed and heard.when.is_empty
    if only_thanks and (s.meeting is not None or nxt is None or s.meeting_declined):
        name = s.lead.get("name")
        suffix = f" {name}" if name else ""
        if s.meeting is not None:
            draft.say(he.GOODBYE_WITH_MEETING.format(
                name=suffix, slot=draft.slot_text(s.meeting.start_at)
            ))
        else:
            draft.say(he.GOODBYE.format(name=suffix))
        s.ended, s.expecting = True, None
        return
    if nxt is None and just_asked is not None:
        nxt = _next_question(s, None)
    if changed:
        name = changed.get("name")
        draft.say(he.NICE_TO_MEET.format(name=name) if name else he.ACKS[s.turns % len(he.ACKS)])
    elif not intents.other_leads and not intents.price_question and not intents.human and (
        s.expecting not in (None, "slot") and s.turns > 1 and not intents.yes
    ):
        draft.say(he.DIDNT_UNDERSTAND)
    if nxt is not None:
        draft.say(_question_text(s, nxt))
        s.expecting = nxt
        s.asked[nxt] = s.asked.get(nxt, 0) + 1
        return
    if s.meeting is None and not s.meeting_declined:
        _offer(draft, he.OFFER)
        return
    s.expecting = None
    draft.say(he.ANYTHING_ELSE)


def booking_failed(state: DialogueState, now: datetime, finder: SlotFinder, channel: str) -> Turn:
    """The slot was taken between offering and booking: apologise and offer others."""
    draft = _Draft(copy.deepcopy(state), finder, finder.local(now), channel)
    draft.state.meeting = None
    draft.say(he.TAKEN)
    _offer(draft, he.OFFER_AGAIN)
    return _finish(draft)
