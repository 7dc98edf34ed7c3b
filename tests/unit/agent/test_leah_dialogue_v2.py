"""Issue 18: dialogue misses new callers hit (each test failed before its fix)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conversation_eval import ALL_FILES, V2_FILES, V3_FILES, load_conversations, run_engine

from agentlocator.agent import replies_he
from agentlocator.agent.actions import BookMeeting, CancelMeeting, MoveMeeting, RequestCallback
from agentlocator.agent.calendar_bridge import finder_for
from agentlocator.agent.engine import Turn, respond
from agentlocator.agent.state import BookedMeeting, DialogueState, Expecting
from agentlocator.crm.seed import demo_business

JERUSALEM = ZoneInfo("Asia/Jerusalem")
NOW = datetime(2026, 11, 24, 11, 0, tzinfo=JERUSALEM)
FULL_LEAD = {
    "name": "אורי",
    "deal_type": "buy",
    "property_type": "apartment",
    "rooms": 4,
    "city": "הוד השרון",
    "budget": 3000000,
}


def talk(lines: list[str], state: DialogueState | None = None) -> list[Turn]:
    state = state or DialogueState()
    finder = finder_for(demo_business(), [], NOW)
    turns = []
    for line in lines:
        turn = respond(state, line, NOW, finder, "whatsapp")
        state = turn.state
        turns.append(turn)
    return turns


def booked_tomorrow_at_ten() -> DialogueState:
    start = datetime(2026, 11, 25, 10, tzinfo=JERUSALEM)
    meeting = BookedMeeting(
        "appt-1", start.isoformat(), (start + timedelta(minutes=30)).isoformat(), "agent-1"
    )
    return DialogueState(lead=dict(FULL_LEAD), meeting=meeting)


@pytest.mark.parametrize(
    "line",
    [
        "תחזרו אליי מחר בבקשה",
        "תתקשרו אליי בערב",
        "תחזרו אליי ביום ראשון",
        "אני מעדיפה שנציג יחזור אליי בטלפון",
        "אפשר לדבר עם סוכן אנושי? שיחזור אליי",
    ],
)
def test_a_callback_request_books_nothing(line: str) -> None:
    (turn,) = talk([line], DialogueState(lead=dict(FULL_LEAD)))
    assert any(isinstance(a, RequestCallback) for a in turn.actions)
    assert not any(isinstance(a, BookMeeting) for a in turn.actions)
    assert turn.state.meeting is None
    assert turn.state.offered == []


def test_no_preference_answers_the_question_and_moves_on() -> None:
    first, second = talk(["מחפש לקנות דירה בקריית גת", "לא משנה"])
    asked = first.state.expecting
    assert asked is not None
    assert replies_he.DIDNT_UNDERSTAND not in second.reply
    assert second.state.lead.get(str(asked)) is None
    assert second.state.expecting != asked  # the next question, not the same one again


@pytest.mark.parametrize("line", ["לא משנה, מה שנוח לכם", "לא משנה לי"])
def test_no_preference_between_offered_slots_takes_the_first(line: str) -> None:
    offered, chosen = talk(["מחפש דירה", line], DialogueState(lead=dict(FULL_LEAD)))
    assert offered.state.offered
    first_offer = offered.state.offered[0]
    books = [a for a in chosen.actions if isinstance(a, BookMeeting)]
    assert [b.start for b in books] == [first_offer.start_at]


@pytest.mark.parametrize(
    "line",
    [
        "היי, זה דורון, אני צריך לבטל את הפגישה של מחר",
        "דמיטרי פה, אני צריך לבטל את הפגישה של מחר",
        "זאת מאיה לוי, אני רוצה לבטל את הפגישה שלי",
    ],
)
def test_the_callers_own_name_is_not_a_question_about_someone_else(line: str) -> None:
    (turn,) = talk([line], booked_tomorrow_at_ten())
    assert replies_he.OTHER_LEADS not in turn.reply
    assert CancelMeeting("appt-1") in turn.actions


@pytest.mark.parametrize(
    "line",
    [
        "אני צריך לבטל את הפגישה של מחר",
        "רגע, אני רוצה לבטל את הפגישה של יום רביעי",
        "תבטלי לי את הפגישה מחר בעשר",
        "אני לא אוכל להגיע מחר, תבטלו את הפגישה",
    ],
)
def test_a_cancellation_naming_the_day_is_a_cancellation(line: str) -> None:
    (turn,) = talk([line], booked_tomorrow_at_ten())
    assert CancelMeeting("appt-1") in turn.actions
    assert not any(isinstance(a, MoveMeeting | BookMeeting) for a in turn.actions)
    assert turn.state.meeting is None


def test_moving_to_a_named_day_is_still_a_move() -> None:
    (turn,) = talk(["אפשר להזיז את הפגישה של מחר ליום ראשון בשתים עשרה?"], booked_tomorrow_at_ten())
    moves = [a for a in turn.actions if isinstance(a, MoveMeeting)]
    assert [m.start for m in moves] == [datetime(2026, 11, 29, 12, tzinfo=JERUSALEM)]


@pytest.mark.parametrize("line", ["אני אלעד", "שמי אריאל", "אלעד"])
def test_a_name_that_is_also_a_city_does_not_replace_the_city(line: str) -> None:
    lead = {k: v for k, v in FULL_LEAD.items() if k != "name"} | {"city": "ירושלים"}
    state = DialogueState(lead=lead, expecting=Expecting.NAME)
    (turn,) = talk([line], state)
    assert turn.state.lead["city"] == "ירושלים"
    assert turn.state.lead["name"] == line.split()[-1]


# Leah speaks to one caller in one form: the written singular "לך/שלך" (the same for both
# genders) with impersonal verbs; never plural address, never a gendered imperative.
PLURAL_OR_GENDERED = re.compile(
    r"(?:^|\s)(?:תגידו|תבחרו|תכתבו|תרצו|תחזרו|תשלחו|אתם|לכם|שלכם|אתכם|תגיד|תגידי|תבחר|תבחרי|"
    r"תכתוב|תכתבי|אתה|רוצה את|את רוצה|מעוניין|מעוניינת|נוח לכם)(?=$|[\s.,?!])"
)


def _templates() -> list[str]:
    out: list[str] = []
    for value in vars(replies_he).values():
        if isinstance(value, str):
            out.append(value)
        elif isinstance(value, dict):
            out.extend(v for v in value.values() if isinstance(v, str))
        elif isinstance(value, tuple):
            out.extend(v for v in value if isinstance(v, str))
    return out


@pytest.mark.parametrize("template", _templates())
def test_every_reply_addresses_the_caller_in_one_form(template: str) -> None:
    assert not PLURAL_OR_GENDERED.search(template), template


CONVERSATIONS: list[dict[str, Any]] = [
    c for path in (*ALL_FILES, *V2_FILES, *V3_FILES) for c in load_conversations(path)
]


def test_no_reply_in_any_conversation_mixes_forms_of_address() -> None:
    bad = [
        (c["id"], reply)
        for c in CONVERSATIONS
        for reply in run_engine(c).replies
        if PLURAL_OR_GENDERED.search(reply)
    ]
    assert bad == []
