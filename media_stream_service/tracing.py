"""Per-turn latency tracing and P50/P95 summaries.

Each caller turn records when things happened (monotonic seconds): end of utterance (VAD),
STT final, Leah's first clause, TTS first byte, first audio byte sent to Twilio. One JSON log
line per turn; ``LatencyStats`` keeps recent turns for P50/P95 (``/stats``, the bench).
"""

from __future__ import annotations

import json
import logging
import math
from collections import deque
from dataclasses import dataclass, field

log = logging.getLogger("media_stream_service.latency")

STAGES = ("stt_final", "first_token", "tts_first_byte", "first_audio_out")


@dataclass
class TurnTrace:
    call_sid: str
    turn: int
    end_of_utterance: float | None = None
    marks: dict[str, float] = field(default_factory=dict)

    def mark(self, stage: str, at: float) -> None:
        self.marks.setdefault(stage, at)

    def since_end_of_utterance_ms(self) -> dict[str, float]:
        """Each stage relative to the end of the caller's utterance (negative = before it)."""
        if self.end_of_utterance is None:
            return {}
        base = self.end_of_utterance
        return {s: round((self.marks[s] - base) * 1000, 2) for s in STAGES if s in self.marks}

    def log(self) -> None:
        log.info(
            json.dumps(
                {"call_sid": self.call_sid, "turn": self.turn, **self.since_end_of_utterance_ms()}
            )
        )


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile (no interpolation: every reported value was observed)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


class LatencyStats:
    """Named latency samples in milliseconds (turn stages, greeting, barge-in)."""

    def __init__(self, keep: int = 5000) -> None:
        self._samples: dict[str, deque[float]] = {}
        self._keep = keep

    def add(self, name: str, ms: float) -> None:
        self._samples.setdefault(name, deque(maxlen=self._keep)).append(ms)

    def add_turn(self, trace: TurnTrace) -> None:
        for stage, ms in trace.since_end_of_utterance_ms().items():
            self.add(stage, ms)

    def summary(self) -> dict[str, dict[str, float]]:
        return {
            name: {
                "count": len(values),
                "p50": percentile(list(values), 50),
                "p95": percentile(list(values), 95),
            }
            for name, values in sorted(self._samples.items())
        }
