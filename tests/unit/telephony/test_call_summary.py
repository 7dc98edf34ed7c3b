"""The offline call summary: what the caller wants, the details, the meeting or next step."""

from __future__ import annotations

from datetime import UTC, datetime

from agentlocator.telephony import summary_he
from agentlocator.telephony.call_summary import CallFacts, offline_summary


def test_details_and_meeting_in_local_time() -> None:
    facts = CallFacts(
        details={"deal_type": "buy", "property_type": "apartment", "rooms": 4.0, "city": "תל אביב"},
        caller_lines=["ארבעה חדרים בתל אביב"],
        # 08:00 UTC on a winter day is 10:00 in Israel
        meeting_start=datetime(2026, 12, 1, 8, 0, tzinfo=UTC),
    )
    text = offline_summary(facts)
    assert "עסקה: קנייה" in text and "נכס: דירה" in text and "חדרים: 4," in text
    assert "תל אביב" in text
    assert "01.12.2026 בשעה 10:00" in text
    assert summary_he.NEXT_CONTACT not in text


def test_nothing_captured_quotes_the_caller_and_names_the_next_step() -> None:
    text = offline_summary(CallFacts(details={}, caller_lines=["שלום, אני מחפש דירה"]))
    assert '"שלום, אני מחפש דירה"' in text
    assert text.endswith(summary_he.NEXT_CONTACT)


def test_callback_request_is_the_next_step() -> None:
    text = offline_summary(CallFacts(details={"name": "דנה"}, wants_callback=True))
    assert "שם: דנה" in text and summary_he.NEXT_CALLBACK in text


def test_a_silent_call_says_so() -> None:
    assert offline_summary(CallFacts(details={})).startswith(summary_he.NOTHING_CAPTURED)
