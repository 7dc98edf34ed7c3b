"""CRM API list speed with 10,000 leads in one business (Firestore + Auth emulators, real HTTP).

Measures p50/p95 of one filtered leads page (status filter, newest first, 25 rows) served by
``crm_api`` over HTTP with a real Auth-emulator ID token, plus deeper/other list shapes.
Baseline measured in the same run: the raw Firestore query for the same page (same filter,
order and limit, documents decoded to dicts) with the same client; a second raw query gives the
floor for the phone search. The HTTP floor is GET /openapi.json through the same server (no
token, no Firestore). Cases run round-robin, one sample of each per round. The emulator has no
indexes (every query scans the collection), so absolute times are the emulator's; the ratios
show what the API adds on top of the query it runs.

    .venv/bin/python bench/bench_crm.py [--leads 10000] [--samples 200]
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import signal
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import functions_framework
import requests

ROOT = Path(__file__).resolve().parents[1]
FUNCTIONS = ROOT / "functions"
sys.path[:0] = [str(ROOT), str(ROOT / "shared"), str(FUNCTIONS)]

from firebase_admin import auth  # noqa: E402
from google.cloud import firestore  # noqa: E402
from google.cloud.firestore_v1.base_query import FieldFilter  # noqa: E402

from agentlocator.api.firebase import firebase_app  # noqa: E402
from agentlocator.clock import SYSTEM_CLOCK  # noqa: E402
from agentlocator.config import load_settings  # noqa: E402
from agentlocator.crm.lead_list import LeadFilter, LeadListQuery  # noqa: E402
from agentlocator.crm.leads import search_terms_for  # noqa: E402
from agentlocator.crm.models import Lead  # noqa: E402
from agentlocator.crm.repositories import Repositories  # noqa: E402
from agentlocator.crm.seed import DEMO_BUSINESS_ID, seed_demo  # noqa: E402
from agentlocator.crm.users import MembershipRepository  # noqa: E402
from agentlocator.devstack.stack import start_stack  # noqa: E402
from agentlocator.devstack.wsgi import serve_wsgi  # noqa: E402

STATUSES = ("new", "in_progress", "meeting_set", "not_relevant", "closed")
FIRST = ("דנה", "יוסי", "רות", "אבי", "מיכל", "נועם", "שירה", "איתי")
LAST = ("כהן", "לוי", "מזרחי", "פרץ", "ביטון", "אברהם")
PAGE = 25


@contextmanager
def serve(source: Path) -> Iterator[str]:
    app = functions_framework.create_app("crm_api", str(source), "http")  # type: ignore[no-untyped-call]
    with serve_wsgi(app) as url:
        yield url


def seed_leads(repos: Repositories, count: int) -> float:
    """``count`` leads in batched writes (500 per commit); returns seconds taken."""
    rng = random.Random(7)
    leads = repos.client.collection("businesses").document(DEMO_BUSINESS_ID).collection("leads")
    start = datetime(2025, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    batch = repos.client.batch()
    for i in range(count):
        phone = f"+97250{i:07d}"
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        at = start + timedelta(minutes=47 * i)
        lead = Lead(
            id=phone, business_id=DEMO_BUSINESS_ID, phone=phone, name=name,
            status_id=STATUSES[i % len(STATUSES)], sources=[rng.choice(("voice", "whatsapp"))],
            search_terms=search_terms_for(phone, name), created_at=at, updated_at=at,
            last_contact_at=at,
        )  # fmt: skip
        batch.set(leads.document(phone), lead.to_firestore())
        if (i + 1) % 500 == 0:
            batch.commit()
            batch = repos.client.batch()
    batch.commit()
    return time.perf_counter() - began


def owner_token(auth_host: str, settings_project: str) -> str:
    app = firebase_app(load_settings())
    base = f"http://{auth_host}/identitytoolkit.googleapis.com/v1"
    body: dict[str, str | bool] = {
        "email": f"bench-{uuid.uuid4().hex[:8]}@example.co.il",
        "password": "bench-pass-1",
        "returnSecureToken": True,
    }
    uid = requests.post(f"{base}/accounts:signUp?key=x", json=body, timeout=10).json()["localId"]
    auth.set_custom_user_claims(uid, {"business_id": DEMO_BUSINESS_ID, "role": "owner"}, app=app)
    # The API acts with the membership record's role.
    repos = Repositories.from_settings(load_settings(), SYSTEM_CLOCK)
    MembershipRepository(repos.client, SYSTEM_CLOCK).put(
        DEMO_BUSINESS_ID, uid, "owner", email=str(body["email"])
    )
    signed = requests.post(f"{base}/accounts:signInWithPassword?key=x", json=body, timeout=10)
    token: str = signed.json()["idToken"]
    return token


def raw_page(query: firestore.Query) -> list[dict[str, object]]:
    return [snap.to_dict() or {} for snap in query.stream()]


def timed_round_robin(
    cases: list[tuple[str, Callable[[], object]]], samples: int
) -> list[tuple[str, list[float]]]:
    """Each round runs every case once, so load drifting on a shared machine (and the
    emulator warming up) falls on all cases alike instead of on whichever ran last."""
    for _, fn in cases:
        for _ in range(3):
            fn()
    times: list[list[float]] = [[] for _ in cases]
    for _ in range(samples):
        for index, (_, fn) in enumerate(cases):
            began = time.perf_counter()
            fn()
            times[index].append((time.perf_counter() - began) * 1000)
    return [(name, t) for (name, _), t in zip(cases, times, strict=True)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--samples", type=int, default=60)
    args = parser.parse_args()
    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no per-request access log
    # SIGTERM → SystemExit, so the finally below stops the emulators this run started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    logs = Path(tempfile.mkdtemp(prefix="bench-crm-"))
    stack = start_stack(["firestore", "auth"], logs=logs)
    try:
        stack.export()
        os.environ["ENVIRONMENT"] = "test"
        settings = load_settings()
        repos = Repositories.from_settings(settings, SYSTEM_CLOCK)
        seed_demo(repos)
        seeded = seed_leads(repos, args.leads)
        print(f"seeded {args.leads} leads in {seeded:.1f}s (batched writes of 500)")
        token = owner_token(stack.processes["auth"].address, settings.gcp_project)
        headers = {"Authorization": f"Bearer {token}"}
        leads = repos.client.collection("businesses").document(DEMO_BUSINESS_ID).collection("leads")
        raw = (
            leads.where(filter=FieldFilter("status_id", "==", "in_progress"))
            .order_by("created_at", direction=firestore.Query.DESCENDING)
            .order_by("__name__", direction=firestore.Query.DESCENDING)
            .limit(PAGE + 1)
        )
        raw_phone = (
            leads.where(filter=FieldFilter("search_terms", "array_contains", "972500004321"))
            .order_by("created_at", direction=firestore.Query.DESCENDING)
            .order_by("__name__", direction=firestore.Query.DESCENDING)
            .limit(PAGE + 1)
        )
        lead_list = LeadListQuery(repos.client)
        with serve(FUNCTIONS / "crm.py") as url, requests.Session() as http:

            def get(params: dict[str, str]) -> Callable[[], object]:
                def call() -> object:
                    response = http.get(f"{url}/leads", params=params, headers=headers)
                    assert response.status_code == 200, response.text
                    assert response.json()["items"], params
                    return response

                return call

            filtered = {"status": "in_progress", "limit": str(PAGE)}
            cursor = None
            for _ in range(20):  # walk to page 20 to time a deep keyset page
                params = {**filtered, **({"cursor": cursor} if cursor else {})}
                cursor = http.get(f"{url}/leads", params=params, headers=headers).json()[
                    "next_cursor"
                ]
            cases: list[tuple[str, Callable[[], object]]] = [
                ("baseline: raw Firestore query, same page", lambda: raw_page(raw)),
                ("LeadListQuery.page (repository, in-process)", lambda: lead_list.page(
                    DEMO_BUSINESS_ID, LeadFilter(status_id="in_progress"), limit=PAGE)),
                ("GET /leads?status=in_progress (HTTP + token)", get(filtered)),
                ("  same, page 21 via cursor", get({**filtered, "cursor": str(cursor)})),
                ("raw Firestore query: phone search term", lambda: raw_page(raw_phone)),
                ("GET /leads?q=050-0004321 (phone search)", get({"q": "050-0004321"})),
                ("GET /leads?q=דנה&source=whatsapp (in-memory source)",
                 get({"q": "דנה", "source": "whatsapp", "limit": str(PAGE)})),
                ("GET /leads?sort=name&order=asc", get({"sort": "name", "order": "asc"})),
                ("HTTP floor: GET /openapi.json", lambda: http.get(f"{url}/openapi.json")),
            ]  # fmt: skip
            results = timed_round_robin(cases, args.samples)
    finally:
        stack.stop()
    base = statistics.median(results[0][1])
    print(f"\n{args.leads} leads in one business, {args.samples} sequential samples each\n")
    print(f"{'case':<54} {'p50 ms':>8} {'p95 ms':>8} {'× baseline':>11}")
    for name, samples in results:
        p50 = statistics.median(samples)
        p95 = statistics.quantiles(samples, n=20)[18]
        print(f"{name:<54} {p50:>8.2f} {p95:>8.2f} {p50 / base:>10.2f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
