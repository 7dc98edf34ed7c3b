"""Per-frame analysis of the caller's audio: μ-law chunk in → VAD events and barge-in out.

Glue over the pure pieces so the call session handles one object per call. Cost per 20 ms frame:
one μ-law decode, one RMS, one webrtcvad call (a few µs), so it runs inline on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentlocator.audio.bargein import BargeInDetector, BargeInParams
from agentlocator.audio.frames import FrameSplitter
from agentlocator.audio.mulaw import mulaw_to_pcm, pcm_dbfs
from agentlocator.audio.vad import (
    SpeechDetector,
    VadEvent,
    VadParams,
    VadStateMachine,
    WebRtcSpeechDetector,
)


@dataclass(frozen=True)
class FrameAnalysis:
    index: int  # 20 ms frame number since the stream started
    speech: bool
    level_dbfs: float
    vad_event: VadEvent | None
    barge_in: bool  # fired on this frame (only while Leah is speaking)


class InboundAudioAnalyzer:
    def __init__(
        self,
        detector: SpeechDetector | None = None,
        vad_params: VadParams | None = None,
        barge_in_params: BargeInParams | None = None,
    ) -> None:
        self.vad_params = vad_params or VadParams()
        self.detector = detector or WebRtcSpeechDetector(self.vad_params.aggressiveness)
        self.vad = VadStateMachine(self.vad_params)
        self.barge_in = BargeInDetector(barge_in_params)
        self._splitter = FrameSplitter()
        self._next_index = 0
        self.leah_speaking = False

    def leah_started(self) -> None:
        self.leah_speaking = True
        self.barge_in.reset()

    def leah_stopped(self) -> None:
        self.leah_speaking = False

    def push(self, mulaw: bytes) -> list[FrameAnalysis]:
        out = []
        for frame in self._splitter.push(mulaw):
            out.append(self._analyze(frame))
        return out

    def _analyze(self, mulaw_frame: bytes) -> FrameAnalysis:
        index = self._next_index
        self._next_index += 1
        pcm = mulaw_to_pcm(mulaw_frame)
        speech = self.detector.is_speech(pcm)
        level = pcm_dbfs(pcm)
        event = self.vad.feed(index, speech)
        # the greeting starts at frame 0: the VAD's warm-up applies to barge-in too
        fired = (
            self.leah_speaking
            and index >= self.vad_params.warmup
            and self.barge_in.feed(speech, level)
        )
        return FrameAnalysis(index, speech, level, event, fired)
