"""The turn being composed: state, sentences and actions; and which question comes next."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from agentlocator.agent import replies_he as he
from agentlocator.agent.actions import Action
from agentlocator.agent.state import DialogueState, Expecting
from agentlocator.calendar.finder import SlotFinder


@dataclass
class Draft:
    state: DialogueState
    finder: SlotFinder
    now: datetime  # local
    channel: str
    parts: list[str] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    scheduled_reply: bool = False
    callback_requested: bool = False  # the caller asked to be called back: book nothing

    def say(self, text: str) -> None:
        if text and text not in self.parts:
            self.parts.append(text)

    def slot_text(self, start: datetime) -> str:
        return he.slot_phrase(self.finder.local(start), self.now.date())

    @property
    def offer_count(self) -> int:
        return 2 if self.channel == "voice" else 3


def next_question(state: DialogueState, just_asked: Expecting | None) -> Expecting | None:
    """The next lead detail to ask about: one not asked yet, and after booking only the name."""
    for name in state.missing_fields():
        if state.asked.get(name, 0) >= 1 or name == just_asked:
            continue
        if state.meeting is not None and name != Expecting.NAME:
            continue  # after booking only the name is worth another question
        return Expecting(name)
    return None


def question_text(state: DialogueState, question: Expecting) -> str:
    if question is Expecting.BUDGET:
        return he.budget_question(state.lead.get("deal_type"))
    return he.QUESTIONS[question.value]
