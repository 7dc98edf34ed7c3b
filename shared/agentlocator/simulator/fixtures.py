"""The committed Hebrew caller recordings (tests/fixtures/audio, made by its generate.sh)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path

FIXTURE_DIR_ENV = "AGENTLOCATOR_AUDIO_FIXTURES"


def fixture_dir() -> Path:
    configured = os.environ.get(FIXTURE_DIR_ENV)
    if configured:
        return Path(configured)
    return Path(__file__).resolve().parents[3] / "tests" / "fixtures" / "audio"


@dataclass(frozen=True)
class Utterance:
    name: str
    text: str  # what the recording says (Hebrew, logical order)
    mulaw: bytes  # 8 kHz μ-law with 0.5 s of silence before and after the speech


@cache
def load_utterances() -> dict[str, Utterance]:
    base = fixture_dir()
    out = {}
    for line in (base / "transcripts.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        name, text = line.split("\t", 1)
        out[name] = Utterance(name, text, (base / f"{name}.ul").read_bytes())
    return out


def utterance(name: str) -> Utterance:
    return load_utterances()[name]
