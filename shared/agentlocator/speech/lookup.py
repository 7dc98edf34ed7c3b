"""Recognition by lookup, for tests and the offline mode: no Hebrew recognizer exists offline.

A test registers an utterance's exact μ-law audio with its transcript. The audio's fingerprint is
three 20 ms probes of loud speech (at about 1/3, 2/3 and the last loud frame). When a probe shows
up in the stream, the recognizer emits what Google would: interim results with the first third,
then two thirds of the words, and the final result when the last probe has been heard. Twilio and
the simulator pass μ-law through untouched, so exact bytes are a sound fingerprint here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from agentlocator.audio.frames import split_frames
from agentlocator.audio.mulaw import MULAW_FRAME_BYTES, mulaw_to_pcm, pcm_rms
from agentlocator.speech.ports import Transcript

PROBE_BYTES = MULAW_FRAME_BYTES
LOUD_FRACTION = 0.25  # a probe frame is at least this share of the loudest frame's RMS


@dataclass(frozen=True)
class _Entry:
    transcript: str
    probes: tuple[bytes, bytes, bytes]


def fingerprint(mulaw: bytes) -> tuple[bytes, bytes, bytes]:
    frames = split_frames(mulaw)
    levels = [pcm_rms(mulaw_to_pcm(f)) for f in frames]
    if not levels or max(levels) == 0:
        raise ValueError("cannot fingerprint silence")
    loud = [i for i, level in enumerate(levels) if level >= max(levels) * LOUD_FRACTION]
    picks = (loud[len(loud) // 3], loud[2 * len(loud) // 3], loud[-1])
    probes = tuple(frames[i] for i in picks)
    if len(set(probes)) < 3:
        raise ValueError("utterance too short to fingerprint")
    return probes[0], probes[1], probes[2]


class UtteranceTable:
    """Fingerprint → transcript, shared by every stream of a recognizer (thread-safe).

    Keyed by the fingerprint: registering the same audio again (the simulator does so before
    every call) replaces its entry. A list that grew per registration made one utterance match
    once per copy, so from the second call on each caller line was recognized 2, 3… times over.
    """

    def __init__(self) -> None:
        self._entries: dict[tuple[bytes, bytes, bytes], _Entry] = {}
        self._lock = threading.Lock()

    def register(self, mulaw: bytes, transcript: str) -> None:
        probes = fingerprint(mulaw)
        with self._lock:
            self._entries[probes] = _Entry(transcript, probes)

    def entries(self) -> list[_Entry]:
        with self._lock:
            return list(self._entries.values())

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)


def _words(text: str, share: float) -> str:
    words = text.split()
    return " ".join(words[: max(1, int(len(words) * share))])


class LookupRecognizer:
    """One stream's recognizer: push audio, get the transcripts it triggers."""

    def __init__(self, table: UtteranceTable, history_bytes: int = 8000) -> None:
        self._table = table
        self._history = bytearray()
        self._history_bytes = history_bytes
        self._progress: dict[tuple[bytes, bytes, bytes], int] = {}  # fingerprint → probes heard

    def push(self, mulaw: bytes) -> list[Transcript]:
        # search only the new bytes plus a probe's worth of overlap with the past
        window_start = max(0, len(self._history) - PROBE_BYTES + 1)
        self._history.extend(mulaw)
        window = bytes(self._history[window_start:])
        out = []
        for entry in self._table.entries():
            key = entry.probes
            heard = self._progress.get(key, 0)
            for n in range(heard, 3):
                if entry.probes[n] not in window:
                    continue
                heard = n + 1
            if heard == self._progress.get(key, 0):
                continue
            if heard == 3:
                self._progress.pop(key, None)
                out.append(Transcript(entry.transcript, is_final=True, stability=1.0))
            else:
                self._progress[key] = heard
                share = heard / 3
                out.append(Transcript(_words(entry.transcript, share), False, 0.5 + share / 3))
        if len(self._history) > self._history_bytes:
            del self._history[: len(self._history) - self._history_bytes]
        return out
