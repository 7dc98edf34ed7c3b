"""The simulator's command line for a newcomer: phrases and defaults in --help, one clear line
per mistake (issue 19: every mistake ended in a traceback)."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from agentlocator.simulator.cli import DEFAULT_OUT, main
from agentlocator.simulator.fixtures import load_utterances

ROOT = Path(__file__).resolve().parents[3]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    try:
        code = main(["--stack-file", "/nonexistent/stack.json", *argv])
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


def test_help_lists_every_phrase_and_the_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    for u in load_utterances().values():
        assert u.name in out and u.text in out
    flat = " ".join(out.split())  # argparse wraps help lines
    assert "default: shalom rooms meeting" in flat
    assert str(DEFAULT_OUT) in "".join(out.split()) and "+972501234567" in flat


def test_the_default_output_is_outside_the_repository() -> None:
    assert ROOT not in DEFAULT_OUT.resolve().parents


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["--say", "hello"], "invalid choice: 'hello'"),
        (["--caller", "not-a-phone"], "--caller"),
        (["--to", "12"], "--to"),
        (["--speed", "0"], "--speed must be above 0"),
        ([], "no running stack found"),
    ],
)
def test_each_mistake_is_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str], expected: str
) -> None:
    code, _, err = _run(capsys, *argv)
    assert code == 2
    assert err.count("\n") == 1 and expected in err, err
    assert "Traceback" not in err


def test_functions_that_are_down_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    down = f"http://127.0.0.1:{_free_port()}"
    code, _, err = _run(capsys, "--functions-url", down)
    assert code == 1
    assert err.count("\n") == 1 and "is `make run` running?" in err, err


def test_a_real_run_of_the_module_prints_no_traceback() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "agentlocator.simulator", "--say", "hello"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={"PYTHONPATH": str(ROOT / "shared"), "PATH": "/usr/bin:/bin"},
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1
