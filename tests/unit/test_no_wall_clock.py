"""Nothing but ``agentlocator.clock`` reads the wall clock (issue 12).

Every decision by time takes ``now`` from one injected clock, so the suite passes on any date. This
scans the product, the benches and the tests themselves for direct reads of the date or time.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("shared", "functions", "media_stream_service", "bench", "tests")
ALLOWED = {ROOT / "shared" / "agentlocator" / "clock.py"}
# (module-ish name, attribute) pairs that read the wall clock.
WALL_CLOCK_READS = {
    ("datetime", "now"),
    ("datetime", "utcnow"),
    ("datetime", "today"),
    ("date", "today"),
    ("time", "time"),
    ("time", "time_ns"),
    ("time", "localtime"),
    ("time", "gmtime"),
    ("time", "ctime"),
}


def _dotted_tail(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def wall_clock_reads(source: str) -> list[int]:
    """Line numbers of calls such as ``datetime.now(...)`` or ``time.time()``."""
    found: list[int] = []
    imported_bare = {
        alias.asname or alias.name
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ImportFrom) and node.module == "time"
        for alias in node.names
        if alias.name in {"time", "time_ns", "localtime", "gmtime", "ctime"}
    }
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Attribute) and (_dotted_tail(func.value), func.attr) in (
            WALL_CLOCK_READS
        ):
            # localtime()/gmtime() with an argument convert a given time: not a read.
            if func.attr in {"localtime", "gmtime", "ctime"} and node.args:
                continue
            found.append(node.lineno)
        elif isinstance(func, ast.Name) and func.id in imported_bare:
            found.append(node.lineno)
    return found


def test_the_scanner_sees_every_kind_of_read() -> None:
    source = (
        "import time\nfrom datetime import UTC, date, datetime\nimport datetime as dt\n"
        "a = datetime.now(UTC)\nb = date.today()\nc = time.time()\nd = dt.datetime.now()\n"
        "e = datetime.utcnow()\nf = time.localtime()\ng = time.monotonic()\n"
        "h = datetime.fromtimestamp(0, UTC)\n"
    )
    assert wall_clock_reads(source) == [4, 5, 6, 7, 8, 9]
    assert wall_clock_reads("from time import time as now\nx = now()\n") == [2]


def test_nothing_reads_the_wall_clock_but_the_clock_module() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{line}"
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path not in ALLOWED and "node_modules" not in path.parts
        for line in wall_clock_reads(path.read_text(encoding="utf-8"))
    ]
    assert offenders == [], "read the injected agentlocator.clock.Clock instead: " + ", ".join(
        offenders
    )
