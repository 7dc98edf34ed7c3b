"""`make run` end to end: the local product starts on free ports, a simulated Hebrew caller phones
the demo business through the signed webhook and the media stream, and the call, the lead and
both sides of the conversation land in Firestore."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.config import Settings
from agentlocator.crm.seed import DEMO_BUSINESS_ID
from agentlocator.simulator.fixtures import utterance

pytestmark = [pytest.mark.emulators, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]
# Subprocesses run this tree's code (not whatever tree the venv's editable install points at).
TREE_PYTHONPATH = os.pathsep.join(str(ROOT / p) for p in ("shared", ".", "functions"))


def _tree_env(base: dict[str, str]) -> dict[str, str]:
    return {**base, "PYTHONPATH": TREE_PYTHONPATH}


@pytest.fixture(scope="module")
def running_product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    work = tmp_path_factory.mktemp("make-run")
    stack_file = work / "stack.json"
    env = _tree_env({k: v for k, v in os.environ.items() if not k.endswith("_EMULATOR_HOST")})
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "agentlocator.devstack.run",
            "--free-ports",
            "--stack-file",
            str(stack_file),
            "--logs",
            str(work / "logs"),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output: list[str] = []
    deadline = time.monotonic() + 240
    assert process.stdout is not None
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        output.append(line)
        if "Ctrl-C to stop" in line:
            break
    try:
        assert stack_file.exists(), "".join(output)
        yield {
            "stack": json.loads(stack_file.read_text()),
            "stack_file": stack_file,
            "output": "".join(output),
            "work": work,
        }
    finally:
        process.terminate()
        process.wait(timeout=60)
        assert not stack_file.exists()


def test_make_run_prints_its_urls(running_product: dict[str, object]) -> None:
    output = str(running_product["output"])
    for label in ("FIRESTORE_EMULATOR_HOST", "Cloud Functions", "Media stream", "demo-realestate"):
        assert label in output


def test_web_app_is_served_right_to_left(running_product: dict[str, object]) -> None:
    stack = running_product["stack"]
    assert isinstance(stack, dict) and stack["web_url"], running_product["output"]
    with urllib.request.urlopen(stack["web_url"], timeout=30) as response:
        page = response.read().decode()
    assert 'lang="he"' in page and 'dir="rtl"' in page


def _simulate(stack: dict[str, Any], out: Path, caller: str, *say: str) -> str:
    """Run the simulator CLI as a newcomer would; returns its output."""
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentlocator.simulator",
            "--stack-file",
            str(stack["__file__"]),
            "--caller",
            caller,
            "--speed",
            "3",
            "--out",
            str(out),
            "--say",
            *say,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=_tree_env(dict(os.environ)),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def product_firestore(running_product: dict[str, Any]) -> Iterator[firestore.Client]:
    stack = running_product["stack"]
    previous = os.environ.get("FIRESTORE_EMULATOR_HOST")
    os.environ["FIRESTORE_EMULATOR_HOST"] = stack["env"]["FIRESTORE_EMULATOR_HOST"]
    try:
        yield firestore.Client(project=stack["project"], credentials=AnonymousCredentials())
    finally:
        if previous is None:
            os.environ.pop("FIRESTORE_EMULATOR_HOST", None)
        else:
            os.environ["FIRESTORE_EMULATOR_HOST"] = previous


def test_two_simulated_calls_in_a_row_end_completed_with_everything(
    running_product: dict[str, Any], product_firestore: firestore.Client
) -> None:
    """Issue 19: every call stayed "ringing", and from the second call on each caller line
    was stored 3–6 times over (the offline recognizer's table grew per call)."""
    stack = {**running_product["stack"], "__file__": running_product["stack_file"]}
    work = running_product["work"]
    caller = "+972541112233"
    said = ["shalom", "rooms"]
    lines = [utterance(name).text for name in said]
    lead = (
        product_firestore.collection("businesses")
        .document(DEMO_BUSINESS_ID)
        .collection("leads")
        .document(caller)
    )
    for attempt in range(2):
        out = _simulate(stack, work / f"sim-{attempt}", caller, *said)
        print(out)  # what a newcomer sees (pytest -s)
        match = re.search(r"call (CA\w+)", out)
        assert match, out
        call_sid = match.group(1)
        assert "leah did not answer" not in out, out
        assert out.count("leah: ") >= 3, out  # the greeting and an answer to each line
        assert list((work / f"sim-{attempt}").glob("*.wav")), out

        call = product_firestore.collection("calls").document(call_sid).get().to_dict()
        assert call is not None and call["business_id"] == DEMO_BUSINESS_ID
        assert call["status"] == "completed", call
        assert call["duration_seconds"] and call["duration_seconds"] > 0
        assert set(call["status_times"]) == {"initiated", "ringing", "in-progress", "completed"}
        recording = call["recording"]
        assert recording["status"] == "completed"
        assert recording["storage_uri"].startswith("gs://"), recording
        assert call["summary"], call
        assert call["stream_ended_by"] == "stop"

        turns = [
            m.to_dict()
            for m in lead.collection("messages")
            .where(filter=FieldFilter("call_sid", "==", call_sid))
            .stream()
        ]
        assert sorted(m["text"] for m in turns if m["role"] == "caller") == sorted(lines)
        leah = [m for m in turns if m["role"] == "leah"]
        assert len(leah) >= 3 and all(m["heard_confirmed"] for m in leah), leah
    assert lead.get().exists


def test_the_buckets_terraform_creates_exist_locally(running_product: dict[str, object]) -> None:
    """Sending a contract answered 500 under `make run`: the contracts bucket was never made."""
    stack = running_product["stack"]
    assert isinstance(stack, dict)
    host = stack["env"]["STORAGE_EMULATOR_HOST"]
    host = host if host.startswith("http") else f"http://{host}"
    with urllib.request.urlopen(f"{host}/storage/v1/b?project={stack['project']}", timeout=30) as r:
        names = {item["name"] for item in json.loads(r.read()).get("items", [])}
    defaults = Settings.model_fields
    assert {defaults["recordings_bucket"].default, defaults["contracts_bucket"].default} <= names
