"""Handing a caller from Leah to a person: when to, and what Twilio does next. Pure.

The caller asks in words or presses 0 (the stream's ``dtmf`` event). The media service stores
the request on the call and closes the stream; Twilio then requests ``<Connect action>``
(``voice_handoff``), which answers, by the rules here:

- open hours, ``dial``: ``<Dial>`` the assigned (or first available) agent with a timeout; its
  ``action`` (``voice_dial_result``) hears how it went;
- open hours, ``warm``: the caller waits in a conference while the agent's phone is called
  (ringing at most the business's handoff timeout); the agent hears a whispered summary and
  presses a key to join. The agent leg's status callback (``voice_agent_leg``) brings the caller
  out of the conference when the agent never joined: no answer, busy, failed, or hung up on the
  whisper (an agent's voicemail that answers presses nothing, so it never swallows the caller);
- closed: a callback task, and Leah says someone will call back.

No answer: back to Leah (a new stream), or voicemail plus a callback task, as the business chose.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

TRANSFER_DIGIT = "0"
REASON_DTMF = "dtmf"
REASON_WORDS = "words"

ASKS_FOR_PERSON = re.compile(
    r"נציג|נציגה|בן אדם|בן-אדם|אדם אמיתי|סוכן אמיתי|"
    r"לדבר עם (?:סוכן|סוכנת|מישהו|מישהי|מנהל|מנהלת|מתווך|מתווכת|אדם|איש|נציג|נציגה)|"
    r"להעביר אותי|תעבירי אותי|תעביר אותי|\bhuman\b|real person|representative|\bagent\b",
    re.IGNORECASE,
)

HandoffStep = Literal["dial", "warm", "callback", "leah"]
DIAL_ANSWERED = frozenset({"completed", "answered"})


def asks_for_person(text: str) -> bool:
    return ASKS_FOR_PERSON.search(text) is not None


@dataclass(frozen=True)
class HandoffDecision:
    step: HandoffStep
    agent_phone: str | None = None
    agent_id: str | None = None


def decide_handoff(
    open_now: bool, mode: Literal["dial", "warm"], agent_id: str | None, agent_phone: str | None
) -> HandoffDecision:
    """What ``voice_handoff`` does with a caller who asked for a person."""
    if not open_now or agent_phone is None:
        return HandoffDecision("callback")
    return HandoffDecision(mode, agent_phone, agent_id)


def after_dial(dial_status: str | None, no_answer: Literal["leah", "voicemail"]) -> str:
    """``done`` when the agent took the call, else the business's fallback."""
    if dial_status in DIAL_ANSWERED:
        return "done"
    return no_answer


# The agent leg's final statuses (its status callback): anything but a join means nobody came.
AGENT_LEG_FINAL = frozenset({"completed", "no-answer", "busy", "failed", "canceled"})
AgentLegOutcome = Literal["joined", "nobody", "pending"]


def agent_leg_outcome(leg_status: str | None, agent_joined: bool) -> AgentLegOutcome:
    """What the agent leg's status callback means for the caller waiting in the conference."""
    if agent_joined:
        return "joined"
    if leg_status in AGENT_LEG_FINAL:
        return "nobody"  # rang out, busy, failed, or answered and hung up before joining
    return "pending"  # initiated / ringing / in-progress: the whisper may still be playing


def conference_name(call_sid: str) -> str:
    return f"handoff-{call_sid}"
