"""A price question asked again gets a different, shorter answer that moves the conversation on
(seen in conversations_v3_owners.json ``v3o-estimate-only``: the same sentence twice in a row)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from agentlocator.agent import replies_he
from agentlocator.agent.calendar_bridge import finder_for
from agentlocator.agent.engine import Turn, respond
from agentlocator.agent.state import DialogueState
from agentlocator.crm.seed import demo_business

TUESDAY_11 = datetime(2026, 11, 24, 11, 0, tzinfo=ZoneInfo("Asia/Jerusalem"))


def talk(lines: list[str], state: DialogueState) -> list[Turn]:
    finder = finder_for(demo_business(), [], TUESDAY_11)
    turns = []
    for line in lines:
        turn = respond(state, line, TUESDAY_11, finder, "whatsapp")
        state = turn.state
        turns.append(turn)
    return turns


def test_the_second_price_question_is_answered_differently_and_moves_on() -> None:
    first, second = talk(
        [
            "מה שווי השוק של דירת 3 חדרים בקריית ביאליק? אני חושב למכור",
            "לא צריך שמאי, רק מספר בערך",
        ],
        DialogueState(),
    )
    assert replies_he.PRICES in first.reply
    assert replies_he.PRICES not in second.reply
    assert replies_he.PRICES_AGAIN[0] in second.reply
    assert "מיליון" not in second.reply and "₪" not in second.reply


def test_a_third_price_question_is_not_the_second_answer_again() -> None:
    turns = talk(
        ["כמה שווה דירה כזאת?", "אבל כמה היא שווה בערך?", "נו, תגידי סכום בערך"],
        DialogueState(lead={"deal_type": "sell", "property_type": "apartment", "city": "חיפה"}),
    )
    price_answers = [t.reply for t in turns]
    assert replies_he.PRICES in price_answers[0]
    assert replies_he.PRICES_AGAIN[0] in price_answers[1]
    assert replies_he.PRICES_AGAIN[1] in price_answers[2]
    assert replies_he.PRICES_AGAIN[0] not in price_answers[2]


def test_a_state_saved_before_price_answers_were_counted_still_loads() -> None:
    old = {"lead": {"city": "חיפה"}, "expecting": "budget", "turns": 2, "summary": ""}
    state = DialogueState.from_dict(old)
    assert state.price_answers == 0
    assert DialogueState.from_dict(state.to_dict()) == state
    (turn,) = talk(["כמה עולה דירה בחיפה?"], state)
    assert replies_he.PRICES in turn.reply and turn.state.price_answers == 1
    assert DialogueState.from_dict(turn.state.to_dict()).price_answers == 1
