"""What the caller actually heard of Leah's turn, from the marks Twilio echoed.

Leah's reply is spoken clause by clause. Each clause's audio is sent in chunks, each followed by a
``mark``; Twilio echoes a mark when the audio before it has played. On barge-in we send ``clear``
and keep only what was acknowledged before it: full clauses, plus the words of the clause in
progress in proportion to how much of its audio played.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class _Clause:
    text: str
    start_byte: int
    end_byte: int


@dataclass
class PlaybackLedger:
    """One Leah turn. Byte offsets count μ-law bytes sent for this turn."""

    turn_id: str
    clauses: list[_Clause] = field(default_factory=list)
    sent_bytes: int = 0
    heard_bytes: int = 0
    _marks: dict[str, int] = field(default_factory=dict)
    _mark_seq: int = 0

    def add_clause(self, text: str, audio_bytes: int) -> None:
        self.clauses.append(_Clause(text, self.sent_bytes, self.sent_bytes + audio_bytes))

    def audio_sent(self, nbytes: int) -> str:
        """Record ``nbytes`` of audio sent; returns the name of the mark to send after them."""
        self.sent_bytes += nbytes
        self._mark_seq += 1
        name = f"{self.turn_id}:{self._mark_seq}"
        self._marks[name] = self.sent_bytes
        return name

    def mark_echoed(self, name: str) -> bool:
        """Twilio played up to this mark. False if the mark is not from this turn."""
        offset = self._marks.pop(name, None)
        if offset is None:
            return False
        self.heard_bytes = max(self.heard_bytes, offset)
        return True

    @property
    def pending_marks(self) -> int:
        return len(self._marks)

    @property
    def fully_heard(self) -> bool:
        return not self._marks and self.heard_bytes >= self.sent_bytes

    def full_text(self) -> str:
        return " ".join(c.text for c in self.clauses).strip()

    def heard_text(self) -> str:
        """The words the caller heard: whole clauses, then a proportional cut at a word boundary."""
        parts = []
        for clause in self.clauses:
            if self.heard_bytes >= clause.end_byte:
                parts.append(clause.text)
                continue
            if self.heard_bytes > clause.start_byte:
                played = (self.heard_bytes - clause.start_byte) / (
                    clause.end_byte - clause.start_byte
                )
                words = clause.text.split()
                keep = int(len(words) * played)
                if keep:
                    parts.append(" ".join(words[:keep]))
            break
        return " ".join(parts).strip()
