from __future__ import annotations

from conversation_eval import run_engine, score
from generated_conversations import generate


def test_generated_conversations_keep_their_accuracy() -> None:
    conversations = generate(seed=2026, count=200)
    result = score(conversations, [run_engine(c) for c in conversations])
    assert result.outside_hours == 0
    assert result.field_accuracy >= 0.99, result.failures[:10]
    assert result.booking_accuracy >= 0.98, result.failures[:10]
