"""The held-out v3 round: dialogue misses and replies a person would find wrong (each test
failed before its fix)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from agentlocator.agent import replies_he
from agentlocator.agent.actions import BookMeeting, SetStatus
from agentlocator.agent.calendar_bridge import finder_for
from agentlocator.agent.engine import Turn, respond
from agentlocator.agent.state import DialogueState, Expecting
from agentlocator.crm.models import StatusId
from agentlocator.crm.seed import demo_business

JERUSALEM = ZoneInfo("Asia/Jerusalem")
TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=JERUSALEM)
FRIDAY_AFTERNOON = datetime(2026, 12, 4, 14, 30, tzinfo=JERUSALEM)
LEAD = {
    "name": "רוני",
    "deal_type": "rent",
    "property_type": "apartment",
    "rooms": 3,
    "city": "חולון",
    "budget": 5500,
}


def talk(lines: list[str], state: DialogueState, now: datetime = TUESDAY_11) -> list[Turn]:
    finder = finder_for(demo_business(), [], now)
    turns = []
    for line in lines:
        turn = respond(state, line, now, finder, "whatsapp")
        state = turn.state
        turns.append(turn)
    return turns


def bookings(turn: Turn) -> list[datetime]:
    return [a.start for a in turn.actions if isinstance(a, BookMeeting)]


@pytest.mark.parametrize(
    "line", ["בעצם התחרטתי, לא מוכר כרגע, תודה", "החלטנו לא למכור בסוף, סליחה על הטרחה"]
)
def test_a_seller_who_calls_it_off_is_not_relevant_even_with_slots_on_offer(line: str) -> None:
    lead = LEAD | {"deal_type": "sell", "budget": 2_000_000}
    offered, off = talk(["מתי אפשר להיפגש?", line], DialogueState(lead=lead))
    assert offered.state.offered
    assert SetStatus(StatusId.NOT_RELEVANT) in off.actions
    assert off.state.status == StatusId.NOT_RELEVANT
    assert replies_he.DIDNT_UNDERSTAND not in off.reply


@pytest.mark.parametrize("line", ["למה צריך שם? לא רוצה להגיד", "אני מעדיפה לא להגיד את השם"])
def test_declining_a_name_is_accepted_and_never_asked_again(line: str) -> None:
    lead = {k: v for k, v in LEAD.items() if k != "name"}
    state = DialogueState(lead=lead, expecting=Expecting.NAME, asked={"name": 1})
    declined, booked = talk([line, "מחר בעשר"], state)
    assert replies_he.DIDNT_UNDERSTAND not in declined.reply
    assert replies_he.NAME_NOT_NEEDED in declined.reply
    assert declined.state.offered  # and she moves on to the meeting
    assert bookings(booked) == [datetime(2026, 11, 25, 10, tzinfo=JERUSALEM)]
    assert replies_he.QUESTIONS["name"] not in booked.reply


def test_restating_a_known_detail_is_understood() -> None:
    lead = {k: v for k, v in LEAD.items() if k != "rooms"}
    state = DialogueState(lead=lead, expecting=Expecting.ROOMS, turns=3)
    (turn,) = talk(["סליחה, התכוונתי חולון"], state)
    assert replies_he.DIDNT_UNDERSTAND not in turn.reply


@pytest.mark.parametrize(
    ("line", "day"),
    [("מה יש מחר?", 25), ("מה פנוי ביום חמישי?", 26), ("מתי אפשר? עדיף אחה״צ", None)],
)
def test_asking_what_is_free_offers_times_and_books_nothing(line: str, day: int | None) -> None:
    (turn,) = talk([line], DialogueState(lead=dict(LEAD)))
    assert bookings(turn) == []
    assert turn.state.meeting is None
    assert len(turn.state.offered) >= 2
    starts = [o.start_at.astimezone(JERUSALEM) for o in turn.state.offered]
    if day is not None:
        assert {s.day for s in starts} == {day}
    else:
        assert all(s.hour >= 14 for s in starts)


def test_the_first_of_the_times_offered_for_a_day_is_booked() -> None:
    asked, chosen = talk(["מה יש מחר?", "סבבה, הראשון"], DialogueState(lead=dict(LEAD)))
    first = asked.state.offered[0].start_at
    assert bookings(chosen) == [first]


def test_a_bare_weekday_with_a_time_books_that_day() -> None:
    closed, booked = talk(
        ["מחר בעשר?", "אז ראשון בעשר"], DialogueState(lead=dict(LEAD)), FRIDAY_AFTERNOON
    )
    assert bookings(closed) == []
    assert bookings(booked) == [datetime(2026, 12, 6, 10, tzinfo=JERUSALEM)]
    assert replies_he.CLOSED["shabbat"] not in booked.reply


def test_after_the_holidays_lands_after_them() -> None:
    now = datetime(2027, 9, 20, 11, 0, tzinfo=JERUSALEM)
    offered, later, first = talk(
        ["מתי אפשר להיפגש?", "בינתיים לא דחוף, אחרי החגים", "הראשון"],
        DialogueState(lead=dict(LEAD)),
        now,
    )
    meeting = first.state.meeting or later.state.meeting
    assert meeting is not None
    assert meeting.start_at.astimezone(JERUSALEM).date().isoformat() == "2027-10-24"


def test_a_closed_hour_on_a_short_day_says_the_office_is_closed_then() -> None:
    thursday_evening = datetime(2026, 11, 26, 17, 30, tzinfo=JERUSALEM)
    (turn,) = talk(["מחר בשתיים"], DialogueState(lead=dict(LEAD)), thursday_evening)
    assert bookings(turn) == []
    assert "לא פנוי" not in turn.reply
    assert "13:00" in turn.reply


@pytest.mark.parametrize("line", ["150 מטר", "קומה 3 עם מעלית", "משופצת, עם מרפסת שמש"])
def test_describing_the_property_is_not_misunderstood(line: str) -> None:
    lead = {k: v for k, v in LEAD.items() if k != "budget"} | {"deal_type": "let"}
    state = DialogueState(lead=lead, expecting=Expecting.BUDGET, turns=3)
    (turn,) = talk([line], state)
    assert replies_he.DIDNT_UNDERSTAND not in turn.reply
    assert turn.state.lead.get("budget") is None  # 150 m² is not a rent
