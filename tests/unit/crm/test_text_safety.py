"""Issue 13 item 9: bidi overrides, zero-width and control characters never reach storage."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from agentlocator.crm.models import Appointment, Lead, Message
from agentlocator.crm.notes import Note
from agentlocator.crm.tasks import Task
from agentlocator.text_safety import clean_text

T = datetime(2026, 11, 24, 10, 30, tzinfo=UTC)
SPOOFS = ["\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\ufeff", "\x00", "\x1b", "\x7f"]


@pytest.mark.parametrize("spoof", SPOOFS)
def test_spoofing_characters_are_removed(spoof: str) -> None:
    assert clean_text(f"דנה{spoof} כהן") == "דנה כהן"


def test_lines_marks_and_joiners_are_kept() -> None:
    text = "שורה\nשנייה\tעם RLM\u200f ו-ZWJ 👨\u200d👩"
    assert clean_text(text) == text


def test_the_crm_models_clean_every_free_text_field() -> None:
    evil = "\u202eןורמש\u200b\x00"
    lead = Lead(
        id="+972501234567",
        business_id="b",
        phone="+972501234567",
        name=evil,
        city=evil,
        area=evil,
        timing=evil,
        notes=[evil],
        created_at=T,
        updated_at=T,
    )
    assert (lead.name, lead.city, lead.area, lead.timing, lead.notes) == (
        "ןורמש",
        "ןורמש",
        "ןורמש",
        "ןורמש",
        ["ןורמש"],
    )
    message = Message(
        business_id="b", lead_id="l", channel="whatsapp", role="caller", text=evil, created_at=T
    )
    assert message.text == "ןורמש"
    appointment = Appointment(
        id="a", business_id="b", lead_id="l", agent_id="x", start=T, end=T, notes=evil,
        created_at=T, updated_at=T,
    )  # fmt: skip
    assert appointment.notes == "ןורמש"


def test_staff_notes_and_tasks_are_cleaned_too() -> None:
    evil = "\u202eןורמש\u200b\x00"
    note = Note(id="n", business_id="b", lead_id="l", text=evil, author_name=evil, created_at=T)
    assert (note.text, note.author_name) == ("ןורמש", "ןורמש")
    task = Task(id="t", business_id="b", title=evil, notes=evil, created_at=T, updated_at=T)
    assert (task.title, task.notes) == ("ןורמש", "ןורמש")
