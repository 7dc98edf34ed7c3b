"""Cutting Leah's streamed reply into clauses for TTS (pure, no I/O).

The first clause is cut at its first comma or sentence end, so the voice starts one TTS latency
after the model's first words ("מצוין," plays while the rest of the sentence is still being
generated); later clauses end at sentence ends, which sound better as units. A comma after a
word is cut at once; after a digit, and at a sentence mark, only once the whitespace after it has
come, so "3,500" or "4.5" are never split mid-number.
"""

from __future__ import annotations

import re

_FIRST = re.compile(r"(.+?(?:(?<![\d\s])[,;:](?!\S)|[,;:.!?\n](?=\s)))\s*", re.DOTALL)
_SENTENCE = re.compile(r"(.+?[.!?\n])\s+", re.DOTALL)


class ClauseSplitter:
    def __init__(self) -> None:
        self._buffer = ""
        self._first = True

    def push(self, text: str) -> list[str]:
        """The clauses ``text`` completes (possibly none)."""
        self._buffer += text
        clauses = []
        while (m := (_FIRST if self._first else _SENTENCE).match(self._buffer)) is not None:
            self._buffer = self._buffer[m.end() :]
            if clause := m.group(1).strip():
                clauses.append(clause)
                self._first = False
        return clauses

    def flush(self) -> list[str]:
        """What is left once the stream ended."""
        rest, self._buffer = self._buffer.strip(), ""
        return [rest] if rest else []
