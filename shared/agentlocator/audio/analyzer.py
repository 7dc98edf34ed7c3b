"""Per-frame analysis of the caller's audio: μ-law chunk in → VAD events and barge-in out.

Glue over the pure pieces so the call session handles one object per call. Cost per 20 ms frame:
one μ-law decode, one RMS, one webrtcvad call (a few µs), so it runs inline on the event loop.
"""

from __future__ import annotations

from dataclasses import dataclass

from agentlocator.audio.bargein import BargeInDetector, BargeInParams
from agentlocator.audio.frames import FrameSplitter
from agentlocator.audio.mulaw import FRAME_MS, mulaw_to_pcm, pcm_dbfs
from agentlocator.audio.vad import (
    SpeechDetector,
    VadEvent,
    VadParams,
    VadStateMachine,
    WebRtcSpeechDetector,
)

# Below this a frame is quiet whatever webrtcvad says: phone speech sits around -30 to -15 dBFS,
# a quiet line under -50 (espeak-ng's word tails fall from -35 to silence within a frame or two).
QUIET_DBFS = -40.0


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
        self._quiet_frames = 0

    @property
    def quiet_ms(self) -> int:
        """How long the line has been quiet: frames webrtcvad calls silence, or below
        ``QUIET_DBFS`` (webrtcvad's own hangover calls 80–120 ms of silence after a word speech,
        which would delay everything that waits for the caller to stop)."""
        return self._quiet_frames * FRAME_MS

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
        self._quiet_frames = self._quiet_frames + 1 if not speech or level < QUIET_DBFS else 0
        # the greeting starts at frame 0: the VAD's warm-up applies to barge-in too
        fired = (
            self.leah_speaking
            and index >= self.vad_params.warmup
            and self.barge_in.feed(speech, level)
        )
        return FrameAnalysis(index, speech, level, event, fired)
