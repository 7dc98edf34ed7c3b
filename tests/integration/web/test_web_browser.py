"""The staff web app in a real browser (Debian's Chromium through playwright-core).

One local origin serves the built app and ``crm_api`` (so no CORS is involved), the browser
signs in on the Auth emulator and listens to the Firestore emulator under firestore.rules
(loaded for this test), and a signed Twilio
WhatsApp webhook creates a lead while the leads page is open. The office pays by a PayPal
subscription at a local PayPal (whose approval page approves at once and sends the browser
back); a test hook then moves it to a Tranzila standing order at a local Tranzila, whose
hosted-fields stand-in script the billing page loads. The suite itself is
web/tests/browser/app.browser.mjs (node's test runner); it saves screenshots at 1366×900 and
390×844 and prints the axe-core counts per page.
"""

from __future__ import annotations

import json
import mimetypes
import os
import re
import shutil
import subprocess
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import functions_framework
import pytest
import runtime
from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.wrappers import Request, Response

from agentlocator.api.firebase import firebase_app
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.state import BillingAccount, BillingStatus
from agentlocator.billing.store import AccountStore
from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings
from agentlocator.crm.models import Business, Call, LeadDetails, Message, Recording
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.seed import DEMO_TWILIO_NUMBER
from agentlocator.crm.users import MembershipRepository
from agentlocator.devstack.emulators import load_firestore_rules
from agentlocator.devstack.stack import LocalStack
from agentlocator.devstack.wsgi import serve_wsgi
from agentlocator.simulator.scripted_brain import ScriptedBrain
from tests.integration.api.world import PASSWORD, mint
from tests.integration.billing import fake_paypal, fake_tranzila
from tests.integration.billing.fake_paypal import FakePayPal
from tests.integration.billing.fake_tranzila import FakeTranzila
from tests.integration.whatsapp.whatsapp_harness import WhatsAppHarness, whatsapp_harness

ROOT = Path(__file__).resolve().parents[3]
WEB = ROOT / "web"
CRM_SOURCE = str(ROOT / "functions" / "crm.py")
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Screenshots and the axe report; git-ignored (web/.gitignore), or wherever BROWSER_ARTIFACTS says.
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", WEB / "test-results" / "browser"))
MONDAY = datetime(2030, 3, 4, 8, 0, tzinfo=UTC)  # 10:00 in Israel; a fixed week, any run date
RULES = ROOT / "firestore.rules"
OPEN_RULES = (
    "rules_version = '2';\nservice cloud.firestore {\n  match /databases/{database}/documents {\n"
    "    match /{document=**} { allow read, write: if true; }\n  }\n}\n"
)

pytestmark = [
    pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed"),
    pytest.mark.emulators,
    pytest.mark.slow,
]


@pytest.fixture
def firestore_rules(local_stack: LocalStack, settings: Settings) -> Iterator[None]:
    """The browser's listeners read under the real firestore.rules (server SDKs pass as admin);
    the session's emulator is open again afterwards, as the other tests found it."""
    address = local_stack.processes["firestore"].address
    load_firestore_rules(address, settings.gcp_project, RULES.read_text(encoding="utf-8"))
    try:
        yield
    finally:
        load_firestore_rules(address, settings.gcp_project, OPEN_RULES)


class StaticApp:
    """The built app: files under ``root``; everything else is index.html (hash routes)."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        path = (self.root / request.path.lstrip("/")).resolve()
        if not path.is_file() or self.root.resolve() not in path.parents:
            path = self.root / "index.html"
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return Response(path.read_bytes(), content_type=kind)(environ, start_response)


class WhatsAppHook:
    """``POST /test-hooks/whatsapp {"phone", "text"}``: a signed Twilio WhatsApp webhook, as
    Twilio would send it, so the browser suite can make a lead arrive while it watches."""

    def __init__(self) -> None:
        self.harness: WhatsAppHarness | None = None

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        body = json.loads(request.get_data() or b"{}")
        assert self.harness is not None
        sid = "SM" + uuid.uuid4().hex
        form = {
            "MessageSid": sid, "SmsMessageSid": sid, "AccountSid": "AC" + "0" * 32,
            "From": f"whatsapp:{body['phone']}", "To": f"whatsapp:{DEMO_TWILIO_NUMBER}",
            "Body": body["text"], "NumMedia": "0", "ProfileName": body.get("profile", ""),
        }  # fmt: skip
        answer = self.harness.post_twilio(form)
        return Response(str(answer.status_code), status=answer.status_code)(environ, start_response)


class BillingProviderHook:
    """``POST /test-hooks/billing-provider``: the office now pays by a Tranzila standing order
    (monthly, the plan's price) at the local Tranzila, so the browser can change its card."""

    def __init__(self, repos: Repositories, business_id: str, tranzila: FakeTranzila) -> None:
        self.repos, self.business_id, self.tranzila = repos, business_id, tranzila
        self.standing_order = ""

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        order = {"items": [{"name": "AgentLocator", "unit_price": "706.82", "units_number": 1}],
                 "first_charge_date": "2030-04-03", "card": {"token": "tk-old"},
                 "sto_status": "active"}  # fmt: skip
        self.standing_order = str(len(self.tranzila.standing_orders) + 9000)
        self.tranzila.standing_orders[self.standing_order] = order
        account = _account_doc(self.repos, self.business_id)
        account.update({"provider": "tranzila", "provider_subscription_id": self.standing_order})
        return Response("ok")(environ, start_response)


def _account_doc(repos: Repositories, business_id: str) -> Any:
    return (repos.client.collection("businesses").document(business_id)
            .collection("billing").document("account"))  # fmt: skip


def _paypal_subscription(paypal: FakePayPal, business_id: str) -> str:
    """An active subscription at the local PayPal, made through our own PayPal client."""
    payments = runtime.billing().payments
    plan = payments._paypal_plan("pro")
    subscription = payments._paypal.create_subscription(
        plan, business_id, "https://app.example/ok", "https://app.example/no", "browser-sub"
    )
    paypal.approve(subscription.id, MONDAY, trial_days=14)
    return subscription.id


def _seed(repos: Repositories, business: Business) -> dict[str, Any]:
    bid = business.id
    start = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
    leads = [
        ("+972501110001", "אביגיל לוי", "voice"),
        ("+972521110002", "בני כהן", "whatsapp"),
        ("+972541110003", "גלית מזרחי", "voice"),
    ]
    for i, (phone, name, source) in enumerate(leads):
        repos.leads.upsert(
            bid, phone, LeadDetails(name=name, city="חיפה"), source=source,
            now=start + timedelta(hours=i),
        )  # fmt: skip
    talker = leads[0][0]
    call_sid = "CA" + "8" * 32
    repos.calls.create_call_once(
        Call(call_sid=call_sid, business_id=bid, from_phone=talker,
             to_phone=business.voice_numbers[0], lead_id=talker, status="completed",
             duration_seconds=95, started_at=start, created_at=start)
    )  # fmt: skip
    repos.calls.set_recording(
        call_sid, Recording(sid="RE8", url="https://api.twilio.com/rec/8", status="completed")
    )
    script = [
        ("voice", "leah", "שלום, כאן לאה. איך אפשר לעזור?"),
        ("voice", "caller", "אני מחפשת דירת ארבעה חדרים בחיפה"),
        ("whatsapp", "caller", "שלחתי לכם גם בוואטסאפ"),
        ("whatsapp", "leah", "קיבלתי, תודה! מתי נוח לך להיפגש?"),
    ]
    for i, (channel, role, text) in enumerate(script):
        repos.messages.append(
            Message(business_id=bid, lead_id=talker, channel=channel, role=role, text=text,
                    call_sid=call_sid if channel == "voice" else None,
                    created_at=start + timedelta(minutes=i))
        )  # fmt: skip
    appointment = repos.appointments.book(
        bid, talker, business.agents[0].id, MONDAY, MONDAY + timedelta(minutes=30)
    )
    repos.leads.set_status(bid, talker, "meeting_set")
    repos.tasks.create(bid, "לחזור לאביגיל אחרי הצהריים", now=start, lead_id=talker, due_at=MONDAY)
    # A paying office, so the billing page shows its state, plan and next charge.
    subscription = _paypal_subscription(LOCAL_PAYPAL[0], bid)
    AccountStore(repos.client).create(
        BillingAccount(business_id=bid, plan_id="pro", provider="paypal",
                       status=BillingStatus.ACTIVE, current_period_end=MONDAY + timedelta(days=30),
                       provider_subscription_id=subscription)
    )  # fmt: skip
    return {
        "business_id": bid,
        "leads": [{"id": p, "name": n} for p, n, _ in leads],
        "talker": talker,
        "call_sid": call_sid,
        "appointment_id": appointment.id,
        "meeting_day": "2030-03-04",
        "move_to_day": "2030-03-05",
        "agents": [a.name for a in business.agents],
    }


LOCAL_PAYPAL: list[FakePayPal] = []


@pytest.fixture
def providers() -> Iterator[tuple[FakePayPal, FakeTranzila]]:
    """A local PayPal and a local Tranzila for crm_api's billing (this process's environment,
    restored afterwards, with runtime's cached parts rebuilt both ways)."""
    paypal, tranzila = FakePayPal(), FakeTranzila()
    saved = dict(os.environ)
    with serve_wsgi(paypal) as paypal_url, serve_wsgi(tranzila) as tranzila_url:
        paypal.base_url, tranzila.base_url = paypal_url, tranzila_url
        os.environ.update(
            PAYPAL_API_BASE=paypal_url, PAYPAL_CLIENT_ID=fake_paypal.CLIENT_ID,
            PAYPAL_CLIENT_SECRET=fake_paypal.CLIENT_SECRET, TRANZILA_API_BASE=tranzila_url,
            TRANZILA_IFRAME_BASE=tranzila_url, TRANZILA_TERMINAL=fake_tranzila.TERMINAL,
            TRANZILA_APP_KEY=fake_tranzila.APP_KEY, TRANZILA_SECRET=fake_tranzila.SECRET,
            TRANZILA_HOSTED_FIELDS_JS=f"{tranzila_url}/assets/js/thostedf.js",
        )  # fmt: skip
        LOCAL_PAYPAL[:] = [paypal]
        try:
            yield paypal, tranzila
        finally:
            os.environ.clear()
            os.environ.update(saved)
            _forget_runtime()


def _forget_runtime() -> None:
    """runtime builds Settings and billing once per process: read the environment again."""
    for cached in (runtime.settings, runtime.repos, runtime.billing):
        cached.cache_clear()


@pytest.fixture
def app_url(
    tmp_path: Path, settings: Settings, repos: Repositories, demo_business: Business,
    local_stack: LocalStack, auth_emulator_host: str,
    providers: tuple[FakePayPal, FakeTranzila],
) -> Iterator[tuple[str, WhatsAppHook]]:  # fmt: skip
    dist = tmp_path / "dist"
    dist.mkdir()
    # The Storage emulator starts empty: brokerage agreements are kept in the contracts bucket.
    DocumentStore(make_storage_client(settings), settings.contracts_bucket).ensure_bucket()
    hook = WhatsAppHook()
    billing_hook = BillingProviderHook(repos, demo_business.id, providers[1])
    crm = functions_framework.create_app("crm_api", CRM_SOURCE, "http")
    hooks = {"/test-hooks/whatsapp": hook, "/test-hooks/billing-provider": billing_hook}
    app = DispatcherMiddleware(StaticApp(dist), {"/crm_api": crm, **hooks})
    brain = ScriptedBrain(replies=[["נשמע מצוין!", "באיזו עיר?"]] * 5, greeting="שלום, כאן לאה.")
    with serve_wsgi(app) as url, whatsapp_harness(settings, repos, brain) as harness:
        # PayPal sends the owner back to the web app: this origin.
        os.environ["WEB_APP_ORIGINS"] = url
        _forget_runtime()
        hook.harness = harness
        env = {
            **os.environ,
            "VITE_API_BASE": f"{url}/crm_api",
            "VITE_AUTH_EMULATOR_HOST": auth_emulator_host,
            "VITE_FIRESTORE_EMULATOR_HOST": local_stack.processes["firestore"].address,
            "VITE_FIREBASE_PROJECT_ID": settings.gcp_project,
        }
        vite = WEB / "node_modules" / ".bin" / "vite"
        built = subprocess.run(
            [str(vite), "build", "--mode", "browser-test", "--outDir", str(dist), "--emptyOutDir"],
            cwd=WEB, env=env, capture_output=True, text=True, timeout=240, check=False,
        )  # fmt: skip
        assert built.returncode == 0, (built.stdout + built.stderr)[-4000:]
        yield url, hook


def test_web_app_in_a_real_browser(
    firestore_rules: None,
    app_url: tuple[str, WhatsAppHook],
    repos: Repositories,
    demo_business: Business,
    settings: Settings,
    auth_emulator_host: str,
    providers: tuple[FakePayPal, FakeTranzila],
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make setup` (installs Debian's chromium)")
    url, _hook = app_url
    fixture = _seed(repos, demo_business)
    app = firebase_app(settings)
    owner = mint(auth_emulator_host, app, {"business_id": demo_business.id, "role": "owner"})
    agent = mint(auth_emulator_host, app, {"business_id": demo_business.id, "role": "agent"})
    members = MembershipRepository(repos.client, repos.clock)
    members.put(demo_business.id, owner.uid, "owner", email=owner.email, display_name="מיכל")
    members.put(demo_business.id, agent.uid, "agent", email=agent.email, display_name="רועי")
    fixture.update(
        app_url=f"{url}/", email=owner.email, password=PASSWORD,
        agent_email=agent.email, whatsapp_phone="+972587770001",
    )  # fmt: skip
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "NO_COLOR": "1",
        "CHROMIUM": CHROMIUM,
        "BROWSER_FIXTURE": json.dumps(fixture, ensure_ascii=False),
        "BROWSER_ARTIFACTS": str(ARTIFACTS),
    }
    result = subprocess.run(
        ["node", "--test", "--test-concurrency=1", "--test-reporter=spec",
         "tests/browser/app.browser.mjs"],
        cwd=WEB, env=env, capture_output=True, text=True, timeout=600, check=False,
    )  # fmt: skip
    output = result.stdout + result.stderr
    (ARTIFACTS / "node-output.txt").write_text(output, encoding="utf-8")
    assert result.returncode == 0, output[-10000:]
    passed = re.search(r"ℹ pass (\d+)", output)
    failed = re.search(r"ℹ fail (\d+)", output)
    assert passed and int(passed.group(1)) >= 10, output[-3000:]
    assert failed and int(failed.group(1)) == 0, output[-3000:]
    axe = json.loads((ARTIFACTS / "axe.json").read_text(encoding="utf-8"))
    assert axe and all(page["serious"] + page["critical"] == 0 for page in axe), axe
    assert len(list(ARTIFACTS.glob("*-1366.png"))) >= 10
    assert len(list(ARTIFACTS.glob("*-390.png"))) >= 10
    # The changes of card the browser made, as the providers saw them.
    paypal, tranzila = providers
    assert [s.get("funding") for s in paypal.subscriptions.values()] == ["browser-card"]
    [old] = [o for o in tranzila.standing_orders.values() if o["card"]["token"] == "tk-old"]
    [new] = [o for o in tranzila.standing_orders.values() if o["card"]["token"] != "tk-old"]
    assert (old["sto_status"], new["sto_status"]) == ("inactive", "active")
    assert new["items"][0]["unit_price"] == "706.82"  # the same amount, on the new card
