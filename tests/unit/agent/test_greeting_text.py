from datetime import UTC, datetime, timedelta

from agentlocator.agent.greeting_text import follow_up, opening, whole
from agentlocator.agent.state import BookedMeeting, DialogueState

NOW = datetime(2026, 3, 26, 9, 0, tzinfo=UTC)


def test_the_opening_depends_on_the_business_only() -> None:
    assert opening("נדל״ן השרון") == "שלום, כאן לאה מנדל״ן השרון."
    assert opening("נדל״ן השרון", "  שלום מהמשרד!  ") == "שלום מהמשרד!"
    assert opening("נדל״ן השרון", "   ") == "שלום, כאן לאה מנדל״ן השרון."


def test_the_follow_up_is_the_callers() -> None:
    assert follow_up(DialogueState(), NOW) == "איך אפשר לעזור?"
    assert follow_up(DialogueState(), NOW, custom_greeting="שלום מהמשרד, במה אעזור?") == ""
    returning = follow_up(DialogueState(lead={"name": "דנה"}), NOW, custom_greeting="שלום!")
    assert returning.startswith("דנה,")
    start = NOW + timedelta(days=1)
    meeting = BookedMeeting("m1", start.isoformat(), (start + timedelta(hours=1)).isoformat())
    with_meeting = follow_up(DialogueState(lead={"name": "דנה"}, meeting=meeting), NOW)
    assert with_meeting.startswith("דנה, יש לך פגישה איתנו")
    past = BookedMeeting("m0", (NOW - timedelta(days=1)).isoformat(), NOW.isoformat())
    assert "פגישה" not in follow_up(DialogueState(meeting=past), NOW)


def test_whole_joins_without_a_dangling_space() -> None:
    assert whole("שלום מהמשרד!", "") == "שלום מהמשרד!"
    assert whole("שלום.", "איך אפשר לעזור?") == "שלום. איך אפשר לעזור?"
