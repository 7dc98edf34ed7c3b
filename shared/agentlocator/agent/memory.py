"""Conversation memory for the LLM: the recent turns verbatim within a token budget, and the
older ones folded into a short summary (the captured details plus the gist of what was said)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from agentlocator.agent.replies_he import SUMMARY_FIELDS
from agentlocator.crm.vocabulary import DEAL_TYPE_HE, PROPERTY_TYPE_HE

DEFAULT_BUDGET_TOKENS = 1500
_SUMMARY_SNIPPET = 60


@dataclass(frozen=True)
class HistoryTurn:
    role: str  # "caller" or "leah"
    text: str


def estimate_tokens(text: str) -> int:
    """A cheap upper-side estimate: Hebrew tokenizes at about 2–3 characters per token."""
    return len(text) // 2 + 4


def describe_lead(details: Mapping[str, Any]) -> str:
    parts = []
    for key, label in SUMMARY_FIELDS.items():
        value = details.get(key)
        if value is None:
            continue
        if key == "deal_type":
            value = DEAL_TYPE_HE.get(str(value), value)
        elif key == "property_type":
            value = PROPERTY_TYPE_HE.get(str(value), value)
        parts.append(f"{label}: {value}")
    return ", ".join(parts)


def fit_history(
    turns: Sequence[HistoryTurn],
    details: Mapping[str, Any],
    budget_tokens: int = DEFAULT_BUDGET_TOKENS,
) -> tuple[str, list[HistoryTurn]]:
    """(summary of what did not fit, the most recent turns that fit), oldest first."""
    kept: list[HistoryTurn] = []
    used = 0
    for turn in reversed(turns):
        cost = estimate_tokens(turn.text)
        if used + cost > budget_tokens and kept:
            break
        kept.append(turn)
        used += cost
    kept.reverse()
    older = turns[: len(turns) - len(kept)]
    if not older:
        return "", kept
    said = [t.text[:_SUMMARY_SNIPPET] for t in older if t.role == "caller"][-5:]
    summary = f"סיכום שיחות קודמות ({len(older)} הודעות)."
    known = describe_lead(details)
    if known:
        summary += f" פרטים ידועים: {known}."
    if said:
        summary += " הפונה אמר בין השאר: " + " | ".join(said)
    return summary, kept
