from __future__ import annotations

from datetime import datetime
from typing import get_args
from zoneinfo import ZoneInfo

from agentlocator.agent.brain import split_clauses
from agentlocator.agent.memory import HistoryTurn, estimate_tokens, fit_history
from agentlocator.agent.prompts import choose_prompt_text, render_prompt
from agentlocator.agent.prompts_he import DEFAULT_PROMPTS
from agentlocator.agent.state import BookedMeeting, DialogueState, Expecting, OfferedSlot
from agentlocator.agent.tools import TOOLS
from agentlocator.crm.models import DealType, PropertyType, StatusId


def test_recent_turns_fit_the_budget_and_older_ones_are_summarized() -> None:
    turns = [
        HistoryTurn("caller" if i % 2 == 0 else "leah", f"הודעה מספר {i} " * 10) for i in range(40)
    ]
    summary, kept = fit_history(turns, {"name": "דנה", "deal_type": "rent"}, budget_tokens=300)
    assert kept == turns[-len(kept) :]
    assert 0 < len(kept) < len(turns)
    assert sum(estimate_tokens(t.text) for t in kept) <= 300
    assert "דנה" in summary and "שכירות" in summary
    assert f"({len(turns) - len(kept)} הודעות)" in summary


def test_short_history_is_kept_whole() -> None:
    turns = [HistoryTurn("caller", "שלום"), HistoryTurn("leah", "היי")]
    assert fit_history(turns, {}, 1500) == ("", turns)


def test_the_active_version_wins_over_the_default() -> None:
    assert choose_prompt_text("פרומפט של העסק", "voice") == "פרומפט של העסק"
    assert choose_prompt_text(None, "voice") == DEFAULT_PROMPTS["voice"]
    assert choose_prompt_text("  ", "whatsapp") == DEFAULT_PROMPTS["whatsapp"]


def test_rendering_fills_business_and_time_and_keeps_other_braces() -> None:
    now = datetime(2026, 11, 24, 11, 5, tzinfo=ZoneInfo("Asia/Jerusalem"))
    text = render_prompt("{business_name} | {today} | {now} | {other}", "משרד", now)
    assert text == "משרד | יום שלישי 24.11.2026 | 11:05 | {other}"


def test_voice_prompt_asks_for_short_sentences() -> None:
    assert "קצרים" in DEFAULT_PROMPTS["voice"]
    assert "פונים אחרים" in DEFAULT_PROMPTS["voice"]


def test_state_round_trips_through_a_plain_dict() -> None:
    state = DialogueState(
        lead={"name": "דנה", "rooms": 3.5},
        status=StatusId.MEETING_SET,
        expecting=Expecting.SLOT,
        asked={"city": 1},
        offered=[OfferedSlot("2026-11-25T08:00:00+00:00", "2026-11-25T08:30:00+00:00", "a")],
        meeting=BookedMeeting("m1", "2026-11-26T08:00:00+00:00", "2026-11-26T08:30:00+00:00"),
        focus_day="2026-11-26",
    )
    assert DialogueState.from_dict(state.to_dict()) == state
    assert DialogueState.from_dict(None) == DialogueState()
    assert state.to_dict()["expecting"] == "slot" and state.to_dict()["status"] == "meeting_set"


def test_a_state_saved_with_the_old_status_key_loads_into_the_status_field() -> None:
    old = {"lead": {"name": "דנה", "_status": "in_progress"}, "expecting": "no-such-question"}
    state = DialogueState.from_dict(old)
    assert state.status == StatusId.IN_PROGRESS
    assert state.lead == {"name": "דנה"}
    assert state.expecting is None


def test_tool_schemas_take_their_enums_from_the_crm_domain_words() -> None:
    (save,) = [t for t in TOOLS if t["function"]["name"] == "save_lead_details"]
    properties = save["function"]["parameters"]["properties"]
    assert properties["deal_type"]["enum"] == list(get_args(DealType))
    assert properties["property_type"]["enum"] == list(get_args(PropertyType))
    (status,) = [t for t in TOOLS if t["function"]["name"] == "set_lead_status"]
    allowed = status["function"]["parameters"]["properties"]["status"]["enum"]
    assert set(allowed) <= {s.value for s in StatusId}


def test_clauses() -> None:
    assert split_clauses("מעולה. קבעתי לך! משהו נוסף?") == ["מעולה.", "קבעתי לך!", "משהו נוסף?"]


def test_tool_schemas_are_strict_objects() -> None:
    names = [t["function"]["name"] for t in TOOLS]
    assert len(names) == len(set(names)) == 7
    for tool in TOOLS:
        params = tool["function"]["parameters"]
        assert params["type"] == "object" and params["additionalProperties"] is False
        assert set(params["required"]) <= set(params["properties"])


def test_every_domain_word_has_a_hebrew_label() -> None:
    from agentlocator.agent.replies_he import DEAL_LABELS, PROPERTY_LABELS

    assert set(DEAL_LABELS) == set(get_args(DealType))
    assert set(PROPERTY_LABELS) == set(get_args(PropertyType))
