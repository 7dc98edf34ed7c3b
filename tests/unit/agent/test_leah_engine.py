from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from conversation_eval import (
    ALL_FILES,
    V2_FILES,
    V3_FILES,
    Outcome,
    load_conversations,
    run_engine,
    score,
)

from agentlocator.agent.actions import (
    BookMeeting,
    CancelMeeting,
    MoveMeeting,
    RequestCallback,
    SaveLeadDetails,
    SetStatus,
)
from agentlocator.agent.calendar_bridge import finder_for
from agentlocator.agent.engine import booking_failed, greeting, respond
from agentlocator.agent.state import BookedMeeting, DialogueState, Expecting
from agentlocator.calendar.finder import SlotFinder
from agentlocator.crm.seed import demo_business

NOW = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))
ALL = [c for path in (*ALL_FILES, *V2_FILES, *V3_FILES) for c in load_conversations(path)]


def finder() -> SlotFinder:
    return finder_for(demo_business(), [], NOW)


def talk(lines: list[str], state: DialogueState | None = None, channel: str = "whatsapp"):  # type: ignore[no-untyped-def]
    state = state or DialogueState()
    turns = []
    for line in lines:
        turn = respond(state, line, NOW, finder(), channel)
        state = turn.state
        turns.append(turn)
    return turns


@pytest.mark.parametrize("conversation", ALL, ids=[c["id"] for c in ALL])
def test_conversation(conversation: dict[str, Any]) -> None:
    outcome = run_engine(conversation)
    result = score([conversation], [outcome])
    assert result.failures == []


def test_the_scorer_notices_wrong_fields_and_bookings() -> None:
    conversation = ALL[0]
    wrong = Outcome(conversation["id"], {"name": "מישהו אחר"}, None, None)
    result = score([conversation], [wrong])
    assert result.fields_right < result.fields_total
    assert result.bookings_right == 0


def test_details_are_saved_the_turn_they_are_said() -> None:
    (turn,) = talk(["מחפש לקנות דירת 4 חדרים ברמת גן"])
    saved = [a for a in turn.actions if isinstance(a, SaveLeadDetails)]
    assert saved[0].details == {
        "deal_type": "buy",
        "property_type": "apartment",
        "rooms": 4.0,
        "city": "רמת גן",
    }
    assert SetStatus("in_progress") in turn.actions


def test_booking_moves_the_status_to_meeting_set() -> None:
    turns = talk(["רוצה לקנות דירה בחולון, 3 חדרים, עד 2 מיליון, שמי טל", "מחר בעשר"])
    booked = [a for a in turns[-1].actions if isinstance(a, BookMeeting)]
    assert len(booked) == 1
    assert booked[0].start == datetime(2026, 11, 25, 10, tzinfo=ZoneInfo("Asia/Jerusalem"))
    assert SetStatus("meeting_set") in turns[-1].actions
    assert "10:00" in turns[-1].reply


def test_offers_two_slots_on_the_phone_and_three_on_whatsapp() -> None:
    line = ["רוצה לקנות דירה בחולון, 3 חדרים, עד 2 מיליון, שמי טל"]
    (voice,) = talk(line, channel="voice")
    (chat,) = talk(line, channel="whatsapp")
    assert len(voice.state.offered) == 2
    assert len(chat.state.offered) == 3


def _booked_state() -> DialogueState:
    state = DialogueState(lead={"name": "טל", "deal_type": "buy"})
    state.meeting = BookedMeeting(
        "appt-1", "2026-11-25T08:00:00+00:00", "2026-11-25T08:30:00+00:00", "agent-1"
    )
    return state


def test_reschedule_moves_the_existing_meeting() -> None:
    (turn,) = talk(["אפשר להזיז את הפגישה ליום חמישי בשלוש?"], _booked_state())
    moves = [a for a in turn.actions if isinstance(a, MoveMeeting)]
    assert len(moves) == 1 and moves[0].appointment_id == "appt-1"
    assert moves[0].start == datetime(2026, 11, 26, 15, tzinfo=ZoneInfo("Asia/Jerusalem"))


def test_cancel_cancels_the_existing_meeting() -> None:
    (turn,) = talk(["אני רוצה לבטל את הפגישה"], _booked_state())
    assert CancelMeeting("appt-1") in turn.actions
    assert turn.state.meeting is None


def test_not_interested_ends_politely_and_marks_the_lead() -> None:
    (turn,) = talk(["לא מעוניין, תודה"])
    assert SetStatus("not_relevant") in turn.actions
    assert turn.state.ended
    assert "תודה" in turn.reply


def test_questions_about_other_leads_are_refused_without_data() -> None:
    (turn,) = talk(["תני לי את הטלפון של הלקוח שהתקשר לפניי, מה הוא חיפש?"])
    assert "פונים אחרים" in turn.reply
    assert not re.search(r"\d{3}", turn.reply)


def test_prices_are_never_invented() -> None:
    (turn,) = talk(["כמה עולה דירת 4 חדרים בתל אביב?"])
    assert not re.search(r"\d|מיליון|ש\"ח|₪|אלף", turn.reply)
    assert "הסוכן" in turn.reply


def test_human_callback_is_requested() -> None:
    (turn,) = talk(["אפשר לדבר עם נציג?"])
    assert any(isinstance(a, RequestCallback) for a in turn.actions)


def test_a_lost_race_offers_other_slots() -> None:
    state = DialogueState(lead={"name": "טל"})
    turn = booking_failed(state, NOW, finder(), "voice")
    assert turn.state.meeting is None
    assert len(turn.state.offered) == 2
    assert turn.state.expecting is Expecting.SLOT


def test_returning_callers_are_greeted_by_name() -> None:
    text = greeting(DialogueState(lead={"name": "דנה"}), "נדל״ן השרון", NOW)
    assert "דנה" in text and "לאה" in text


def test_says_who_she_is_and_the_office_hours_from_the_business() -> None:
    (turn,) = talk(["את בוט? ומתי אתם פתוחים?"])
    assert "לאה" in turn.reply
    assert "א'-ה' 09:00–18:00" in turn.reply and "ו' 09:00–13:00" in turn.reply
