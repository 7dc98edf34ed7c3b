"""Barge-in: the caller starts talking while Leah is speaking.

Two things must not count: short noises (a cough, a door, a click on the line) and Leah's own
voice coming back on the caller's microphone (echo). So, while Leah plays:

- a frame counts only if the detector says speech AND its level is at most ``echo_margin_db``
  below the loudest frame Leah sent in the recent echo window. Echo comes back at least ~20 dB
  down (a landline hybrid; mobile handsets cancel far more), while a caller talking over Leah is
  about as loud as she is. Soft syllables of a caller (e.g. the "א" opening "אפשר") can sit
  below that threshold, so such an onset is detected on the louder syllable that follows;
- barge-in fires when ``onset_speech`` of the last ``onset_window`` frames count. 5 of 8 fires
  ~95 ms after the caller's first word and ignores anything shorter than 100 ms.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from agentlocator.audio.mulaw import FRAME_MS, SILENCE_DBFS


@dataclass(frozen=True)
class BargeInParams:
    """All counts are 20 ms frames.

    - ``onset_window`` / ``onset_speech``: 5 of 8 (see module doc). Goal: ≤ 120 ms to ``clear``.
    - ``echo_window``: how long Leah's outbound level is remembered. Covers the round trip from
      our socket to the handset and back (Twilio's jitter buffer + the carrier): ~500 ms.
    - ``echo_margin_db``: an inbound frame quieter than Leah's loudest recent frame minus this
      margin is treated as echo. 18 dB: rejects echo returning ≥ 20 dB down (tested at 20–30).
    - ``min_level_dbfs``: frames below this are line noise whatever the VAD says.
    """

    onset_window: int = 8
    onset_speech: int = 5
    echo_window: int = 25
    echo_margin_db: float = 18.0
    min_level_dbfs: float = -50.0

    @property
    def onset_ms(self) -> int:
        return self.onset_speech * FRAME_MS


class BargeInDetector:
    """Per inbound frame while Leah is speaking: ``feed`` returns True once, when barge-in fires.

    ``note_outbound_level`` is called for every frame of Leah's audio as it is sent.
    """

    def __init__(self, params: BargeInParams | None = None) -> None:
        self.params = params or BargeInParams()
        self._window: deque[bool] = deque(maxlen=self.params.onset_window)
        self._outbound: deque[float] = deque(maxlen=self.params.echo_window)
        self.fired = False

    def note_outbound_level(self, dbfs: float) -> None:
        self._outbound.append(dbfs)

    def note_outbound_silence(self) -> None:
        """Leah's playback has a gap (or ended): age the echo reference by one frame."""
        self._outbound.append(SILENCE_DBFS)

    @property
    def echo_reference_dbfs(self) -> float:
        return max(self._outbound, default=SILENCE_DBFS)

    def counts_as_caller(self, speech: bool, level_dbfs: float) -> bool:
        p = self.params
        if not speech or level_dbfs < p.min_level_dbfs:
            return False
        return level_dbfs >= self.echo_reference_dbfs - p.echo_margin_db

    def feed(self, speech: bool, level_dbfs: float) -> bool:
        if self.fired:
            return False
        self._window.append(self.counts_as_caller(speech, level_dbfs))
        if sum(self._window) >= self.params.onset_speech:
            self.fired = True
            return True
        return False

    def reset(self) -> None:
        """A new Leah turn starts: forget the onset window (keep the echo reference)."""
        self._window.clear()
        self.fired = False
