"""Rendering one contract: the Hebrew service contract (fpdf2 + HarfBuzz shaping, Noto Sans
Hebrew with a Latin fallback), with its signature block, then sealed with pyhanko.

Baseline measured in the same run: a plain fpdf2 page with the same number of characters in a
core font (Helvetica, Latin text, no shaping, no embedded font) — the floor any PDF costs. Cases
run round-robin so a noisy neighbour slows them alike.

    .venv/bin/python bench/bench_contracts.py [--rounds 30]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "shared")]

from fpdf import FPDF  # noqa: E402

from agentlocator.billing import contracts, pdf  # noqa: E402
from agentlocator.billing.plans import PLANS  # noqa: E402
from agentlocator.billing.seal import PlatformSeal  # noqa: E402
from agentlocator.billing.state import BillingRules  # noqa: E402
from tests.integration.billing.fake_paypal import pem_pair, self_signed  # noqa: E402

AT = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)
OFFICE = contracts.Party("נדל״ן השרון בע״מ", "515555555", "רחוב הרצל 10, רעננה")
SIGNATURE = pdf.SignatureBlock("ישראל ישראלי", "10/01/2027 בשעה 10:00", "198.51.100.7", "a" * 64)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=30)
    args = parser.parse_args()

    document = contracts.service_contract(OFFICE, PLANS["pro"], Decimal(18), date(2027, 1, 10),
                                          BillingRules(), retention_days=2)  # fmt: skip
    characters = len(document.plain_text())
    latin = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 200)[:characters]
    seal = PlatformSeal(*pem_pair(*self_signed("bench seal")))
    signed = pdf.render_contract(document, AT, SIGNATURE)

    def baseline() -> bytes:
        page = FPDF(format="A4")
        page.set_creation_date(AT)
        page.add_page()
        page.set_font("helvetica", size=11)
        page.multi_cell(0, 6, latin)
        return bytes(page.output())

    cases: dict[str, Callable[[], bytes]] = {
        "plain fpdf2 page, core font (baseline)": baseline,
        "Hebrew contract (shaped, embedded fonts)": lambda: pdf.render_contract(document, AT),
        "Hebrew contract + signature block": lambda: pdf.render_contract(document, AT, SIGNATURE),
        "seal the signed contract (pyhanko)": lambda: seal.seal(signed),
    }
    for case in cases.values():
        case()  # warm up: font parsing caches, imports
    times: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.rounds):
        for name, case in cases.items():
            started = time.perf_counter()
            case()
            times[name].append(time.perf_counter() - started)

    base = statistics.median(times["plain fpdf2 page, core font (baseline)"])
    print(f"contract of {characters} characters, {args.rounds} rounds, round-robin")
    print(f"{'case':44} {'p50 ms':>8} {'p95 ms':>8} {'× baseline':>11}")
    for name, samples in times.items():
        ordered = sorted(samples)
        p50 = statistics.median(ordered)
        p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
        print(f"{name:44} {p50 * 1000:8.1f} {p95 * 1000:8.1f} {p50 / base:10.1f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
