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

import pytest
from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from agentlocator.crm.seed import DEMO_BUSINESS_ID

pytestmark = [pytest.mark.emulators, pytest.mark.slow]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def running_product(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    work = tmp_path_factory.mktemp("make-run")
    stack_file = work / "stack.json"
    env = {k: v for k, v in os.environ.items() if not k.endswith("_EMULATOR_HOST")}
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
        yield {"stack": json.loads(stack_file.read_text()), "output": "".join(output), "work": work}
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


def test_simulated_call_reaches_leah_and_is_stored(running_product: dict[str, object]) -> None:
    stack = running_product["stack"]
    assert isinstance(stack, dict)
    work = running_product["work"]
    assert isinstance(work, Path)
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "agentlocator.simulator",
            "--functions-url",
            stack["functions_url"],
            "--caller",
            "+972541112233",
            "--speed",
            "3",
            "--out",
            str(work / "sim"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    call_sid = re.search(r"call (CA\w+)", result.stdout)
    assert call_sid, result.stdout
    assert "leah did not answer" not in result.stdout
    assert list((work / "sim").glob("*.wav")), result.stdout

    previous = os.environ.get("FIRESTORE_EMULATOR_HOST")
    os.environ["FIRESTORE_EMULATOR_HOST"] = stack["env"]["FIRESTORE_EMULATOR_HOST"]
    try:
        client = firestore.Client(project=stack["project"], credentials=AnonymousCredentials())
        call = client.collection("calls").document(call_sid.group(1)).get()
        assert call.exists and call.get("business_id") == DEMO_BUSINESS_ID
        lead = (
            client.collection("businesses")
            .document(DEMO_BUSINESS_ID)
            .collection("leads")
            .document("+972541112233")
        )
        assert lead.get().exists
        roles = [m.get("role") for m in lead.collection("messages").stream()]
        assert "caller" in roles and "leah" in roles, roles
    finally:
        if previous is None:
            os.environ.pop("FIRESTORE_EMULATOR_HOST", None)
        else:
            os.environ["FIRESTORE_EMULATOR_HOST"] = previous
