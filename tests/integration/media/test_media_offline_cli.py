"""``make run``'s offline speech mode, driven by the simulator CLI over a real socket."""

from __future__ import annotations

from pathlib import Path

import pytest

from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.simulator.cli import main as simulator
from agentlocator.simulator.fixtures import utterance
from agentlocator.simulator.serving import serve_in_thread
from agentlocator.speech.local_servers import espeak_available
from media_stream_service.app import create_app

pytestmark = [pytest.mark.emulators, pytest.mark.slow]


def test_simulator_cli_talks_to_leah_in_offline_mode(
    settings: Settings,
    repos: Repositories,
    demo_business: Business,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    if not espeak_available():
        pytest.skip("espeak-ng/sox not installed")
    offline = settings.model_copy(update={"speech_endpoint": "offline"})
    with serve_in_thread(create_app(offline)) as address:
        code = simulator(
            [
                "--media-url",
                f"ws://{address}/media",
                "--business",
                demo_business.id,
                "--say",
                "rooms",
                "--out",
                str(tmp_path),
            ]
        )
    out = capsys.readouterr().out
    assert code == 0
    assert "offline speech: True" in out
    assert "leah turn 2:" in out  # the greeting, then Leah's answer to the caller
    wavs = sorted(tmp_path.glob("*.wav"))
    assert len(wavs) >= 2 and all(w.read_bytes()[:4] == b"RIFF" for w in wavs)
    caller_turns = [
        m
        for lead in repos.leads.query(demo_business.id).stream()
        for m in repos.messages.list_recent(demo_business.id, lead.id)
        if m.role == "caller"
    ]
    assert [m.text for m in caller_turns] == [utterance("rooms").text]
