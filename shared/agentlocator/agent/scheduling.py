"""Scheduling inside a turn: pick an offered slot, book a named time, offer alternatives,
move or cancel the meeting. Pure: it only edits the draft's state and actions."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from agentlocator.agent import replies_he as he
from agentlocator.agent.actions import (
    BookMeeting,
    CancelMeeting,
    MoveMeeting,
    RequestCallback,
    SetStatus,
)
from agentlocator.agent.draft import Draft, next_question, question_text
from agentlocator.agent.state import BookedMeeting, Expecting, OfferedSlot
from agentlocator.calendar.hours import opening_intervals
from agentlocator.calendar.slots import Slot
from agentlocator.crm.models import StatusId
from agentlocator.hebrew.intents import only_agreement
from agentlocator.hebrew.understanding import Understanding

PENDING_ID = "pending"
SAME_TIME = re.compile(r"(?:ב)?אותה שעה|same time")


def _with_context(draft: Draft, heard: Understanding) -> Understanding:
    """Fill a time-only request with the day under discussion ("ביום שלישי?" … "בשתיים"),
    and "באותה שעה" with the meeting's time (or the time asked for last)."""
    state, when = draft.state, heard.when
    if when.at is None and SAME_TIME.search(heard.text):
        if state.meeting is not None:
            when = replace(when, at=draft.finder.local(state.meeting.start_at).time())
        elif state.focus_time:
            when = replace(when, at=time.fromisoformat(state.focus_time))
    if when.at is not None:
        state.focus_time = when.at.isoformat(timespec="minutes")
    if when.day is not None:
        state.focus_day = when.day.isoformat()
    elif when.at is not None and when.from_day is None and (state.focus_day or state.meeting):
        # A bare time refers to the day under discussion, or to the meeting's day when moving it.
        focus = (
            date.fromisoformat(state.focus_day)
            if state.focus_day
            else draft.finder.local(state.meeting.start_at).date()  # type: ignore[union-attr]
        )
        if focus >= draft.now.date():
            when = replace(when, day=focus)
    return replace(heard, when=when)


def schedule(draft: Draft, heard: Understanding, changed: dict[str, object]) -> None:
    heard = _with_context(draft, heard)
    state, intents, when = draft.state, heard.intents, heard.when
    meeting = state.meeting
    if (
        intents.cancel
        and meeting is not None
        and ((when.is_empty and not intents.reschedule) or _names_the_meeting(draft, heard))
    ):
        # "לבטל את הפגישה של מחר": the day says which meeting, not where to move it.
        draft.actions.append(CancelMeeting(meeting.id))
        draft.actions.append(SetStatus(StatusId.IN_PROGRESS))
        state.status = StatusId.IN_PROGRESS
        state.meeting, state.offered, state.rescheduling = None, [], False
        state.expecting = Expecting.SLOT
        draft.say(he.CANCELLED)
        draft.scheduled_reply = True
        return
    if intents.cancel and state.meeting is None and when.is_empty:
        draft.say(he.NOTHING_TO_CANCEL)
        return
    named_other_time = (
        state.meeting is not None
        and when.day is not None
        and when.at is not None
        and (when.day, when.at) != _local_start(draft, state.meeting.start_at)
    )
    if state.meeting is not None and (
        intents.reschedule
        or intents.cancel
        or named_other_time  # "ביום שני ב-9:30" after booking: the caller wants that time
        or (state.tentative and (not when.is_empty or (intents.no and not intents.yes)))
    ):
        state.rescheduling = True
    state.tentative = False
    concrete = (when.day is not None or when.from_day is not None) and (
        when.at is not None or when.part is not None
    )
    in_context = bool(state.offered) or state.expecting is Expecting.SLOT or state.rescheduling
    wants = intents.meeting or intents.asks_availability or concrete or in_context
    if not wants:
        return
    if state.meeting is not None and not state.rescheduling:
        if intents.meeting and not changed:
            draft.say(he.ALREADY_BOOKED.format(slot=draft.slot_text(state.meeting.start_at)))
            state.expecting = Expecting.RESCHEDULE_CONFIRM
            draft.scheduled_reply = True
        return
    if intents.asks_availability and when.at is None and state.meeting is None:
        # "מה יש מחר?" / "מתי אפשר? עדיף אחה״צ": the free times that fit, for the caller to pick.
        _offer_for(draft, heard)
        return
    pick = _pick_from_offers(draft, heard)
    if pick.narrowed_to is not None:
        state.offered = pick.narrowed_to
    chosen, tentative = pick.slot, pick.tentative
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
        state.tentative = tentative
        return
    if state.offered and intents.no:
        draft.say(he.ASK_WHEN)
        state.offered, state.expecting = [], Expecting.SLOT
        draft.scheduled_reply = True
        return
    if (
        intents.meeting
        or state.rescheduling
        or when.asap
        or (state.expecting is Expecting.SLOT and not changed)
    ):
        offer(draft, he.OFFER_AGAIN if state.offered or state.rescheduling else he.OFFER)


def _names_the_meeting(draft: Draft, heard: Understanding) -> bool:
    """The time said is the booked meeting's own: its day, and its hour if one is said."""
    when, meeting = heard.when, draft.state.meeting
    if meeting is None or when.is_empty or when.day is None or when.from_day is not None:
        return False
    day, at = _local_start(draft, meeting.start_at)
    return when.day == day and (when.at is None or when.at == at)


def _local_start(draft: Draft, start: datetime) -> tuple[date, time]:
    local = draft.finder.local(start)
    return local.date(), local.time().replace(tzinfo=None)


@dataclass(frozen=True)
class OfferPick:
    """What the caller's answer picks among the offered slots; the caller of
    ``_pick_from_offers`` applies it to the state."""

    slot: Slot | None = None
    tentative: bool = False  # picked by day or part only ("מחר"): a time said next moves it
    narrowed_to: list[OfferedSlot] | None = None  # several offers fit: keep only those


def _pick_from_offers(draft: Draft, heard: Understanding) -> OfferPick:
    offered = draft.state.offered
    if not offered:
        return OfferPick()
    intents, when = heard.intents, heard.when
    slots = [Slot(o.start_at, o.end_at, o.agent_id) for o in offered]
    if intents.choice is not None and -len(slots) <= intents.choice < len(slots):
        return OfferPick(slots[intents.choice])
    if not when.is_empty and not when.asap:
        matches = [slot for slot in slots if _matches(draft, slot, heard)]
        if len(matches) >= 1 and (len(matches) == 1 or when.at is not None):
            return OfferPick(matches[0], tentative=when.at is None)
        if len(matches) > 1:
            starts = {m.start for m in matches}
            return OfferPick(narrowed_to=[o for o in offered if o.start_at in starts])
        return OfferPick()
    if intents.yes and not intents.no and only_agreement(heard.text):
        return OfferPick(slots[0])
    return OfferPick()


def _matches(draft: Draft, slot: Slot, heard: Understanding) -> bool:
    when = heard.when
    start = draft.finder.local(slot.start)
    if when.day is not None and start.date() != when.day:
        return False
    if when.at is not None and start.time() != when.at:
        return False
    if when.part is not None and not draft.finder._in_part(slot, when.part):
        return False
    return not (
        when.from_day is not None
        and when.to_day is not None
        and not (when.from_day <= start.date() <= when.to_day)
    )


def offer(draft: Draft, template: str, proposals: list[Slot] | None = None) -> None:
    state = draft.state
    slots = proposals if proposals is not None else draft.finder.propose(None, draft.offer_count)
    draft.scheduled_reply = True
    if not slots:
        draft.say(he.NO_SLOTS)
        draft.actions.append(RequestCallback("no free slots"))
        state.offered, state.expecting = [], None
        return
    state.offered = [OfferedSlot(x.start.isoformat(), x.end.isoformat(), x.agent_id) for x in slots]
    state.expecting = Expecting.SLOT
    starts = [draft.finder.local(x.start) for x in slots]
    draft.say(template.format(options=he.options_phrase(starts, draft.now.date())))


def _offer_for(draft: Draft, heard: Understanding) -> None:
    when = heard.when
    reason = draft.finder.closed_reason(when.day) if when.day is not None else None
    if reason:
        draft.say(he.CLOSED[reason])
    template = he.OFFER_AGAIN if draft.state.offered or reason else he.OFFER
    offer(draft, template, draft.finder.propose(when, draft.offer_count))


def _closed_at(draft: Draft, day: date, at: time) -> str | None:
    """ "מחר, יום שישי, המשרד פתוח 09:00–13:00." when the office is open that day but not at
    ``at`` (a Friday or a holiday eve afternoon, before opening, after closing)."""
    intervals = opening_intervals(draft.finder.hours, day)
    tz = draft.finder.hours.tz
    asked = datetime.combine(day, at, tz)
    if not intervals or any(opens <= asked < closes for opens, closes in intervals):
        return None
    hours = ", ".join(f"{opens:%H:%M}–{closes:%H:%M}" for opens, closes in intervals)
    return he.OPEN_HOURS_THAT_DAY.format(day=he.day_phrase(day, draft.now.date()), hours=hours)


def _offer_near(draft: Draft, heard: Understanding) -> None:
    when = heard.when
    reason = draft.finder.closed_reason(when.day) if when.day is not None else None
    if reason:
        draft.say(he.CLOSED[reason])
    proposals = draft.finder.propose(when, draft.offer_count)
    closed_then = (
        _closed_at(draft, when.day, when.at)
        if when.day is not None and when.at is not None and not reason
        else None
    )
    if closed_then:
        draft.say(closed_then)
        reason = "closed"  # say the hours, then offer, rather than "… לא פנוי"
    if when.at is not None and not reason:
        asked = he.when_phrase(when.day, draft.now.date(), f"{when.at:%H:%M}")
        draft.scheduled_reply = True
        if proposals:
            starts = [draft.finder.local(x.start) for x in proposals]
            draft.say(
                he.OFFER_NEAR.format(
                    when=asked, options=he.options_phrase(starts, draft.now.date())
                )
            )
            draft.state.offered = [
                OfferedSlot(x.start.isoformat(), x.end.isoformat(), x.agent_id) for x in proposals
            ]
            draft.state.expecting = Expecting.SLOT
            return
    offer(draft, he.OFFER_AGAIN, proposals)


def _book(draft: Draft, slot: Slot, tentative: bool = False) -> None:
    state = draft.state
    text = draft.slot_text(slot.start)
    if state.meeting is not None and state.meeting.id != PENDING_ID:
        draft.actions.append(MoveMeeting(state.meeting.id, slot.start, slot.end, slot.agent_id))
        state.meeting = BookedMeeting(
            state.meeting.id, slot.start.isoformat(), slot.end.isoformat(), slot.agent_id
        )
        draft.say(he.MOVED.format(slot=text))
    else:
        draft.actions.append(BookMeeting(slot.start, slot.end, slot.agent_id))
        state.meeting = BookedMeeting(
            PENDING_ID, slot.start.isoformat(), slot.end.isoformat(), slot.agent_id
        )
        draft.say(he.BOOKED.format(slot=text))
    if tentative:
        draft.say(he.TENTATIVE_TAIL)
    draft.actions.append(SetStatus(StatusId.MEETING_SET))
    state.status = StatusId.MEETING_SET
    state.offered, state.rescheduling, state.expecting = [], False, None
    state.meeting_declined = False
    if not tentative:
        state.focus_day = None
    draft.scheduled_reply = True
    nxt = next_question(state, just_asked=None)
    if nxt:
        draft.say(he.BOOKED_TAIL_QUESTION.format(question=question_text(state, nxt)))
        state.expecting = nxt
        state.asked[nxt] = state.asked.get(nxt, 0) + 1
    else:
        draft.say(he.ANYTHING_ELSE)
