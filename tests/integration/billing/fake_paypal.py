"""A local server speaking PayPal's REST protocol (OAuth client credentials, catalog products,
billing plans, subscriptions, refunds of a subscription's sales: ``POST
/v1/payments/sale/{id}/refund``, idempotent on ``PayPal-Request-Id``, refusing more than the
sale has left) and PayPal's webhook delivery (transmission headers signed with
RSA-SHA256 over ``id|time|webhook_id|crc32(body)``, certificate served at PAYPAL-CERT-URL).

The real clients talk to it: ``paypal-server-sdk`` for plans and subscriptions, plain HTTPS for
products, ``requests`` posting webhooks to our function.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import zlib
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import requests
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import NameOID
from werkzeug.wrappers import Request, Response

CLIENT_ID = "test-paypal-client"
CLIENT_SECRET = "test-paypal-secret"
WEBHOOK_ID = "WH-TEST-0001"


def self_signed(common_name: str) -> tuple[rsa.RSAPrivateKey, x509.Certificate]:
    """An RSA key and a certificate valid 2000-2099 (tests pass on any date)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2099, 12, 31, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False),
            critical=True,
        )
        .sign(key, hashes.SHA256())
    )
    return key, cert


EPOCH = datetime(2000, 1, 1, tzinfo=UTC)
END_OF_TIME = datetime(2099, 12, 31, tzinfo=UTC)
SIGNING_SUBJECT = ("messageverificationcerts.paypal.com", "PayPal, Inc.")


@dataclass(frozen=True)
class Issued:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate

    @property
    def pem(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.PEM)


def issue(common_name: str, issuer: Issued | None = None, *, ca: bool,
          organisation: str | None = None, not_before: datetime = EPOCH,
          not_after: datetime = END_OF_TIME) -> Issued:  # fmt: skip
    """A certificate signed by ``issuer`` (self-signed when None): a CA (root or
    intermediate) or a leaf, the way a public CA builds them (key ids, key usage)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    attributes = [x509.NameAttribute(NameOID.COMMON_NAME, common_name)]
    if organisation:
        attributes.append(x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation))
    name = x509.Name(attributes)
    signing_key = issuer.key if issuer else key
    issuer_name = issuer.cert.subject if issuer else name
    usage = (False, False, False, False, False, True, True, False, False) if ca else (
        True, False, False, False, False, False, False, False, False)  # fmt: skip
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(*usage), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(signing_key.public_key()), False
        )
        .sign(signing_key, hashes.SHA256())
    )
    return Issued(key, cert)


@dataclass(frozen=True)
class SigningChain:
    """A root CA (the tests trust it), an intermediate and PayPal's signing leaf."""

    root: Issued
    intermediate: Issued
    leaf: Issued

    @classmethod
    def make(cls, root: Issued | None = None, subject: tuple[str, str] = SIGNING_SUBJECT,
             intermediate_not_after: datetime = END_OF_TIME) -> SigningChain:  # fmt: skip
        root = root or issue("AgentLocator Test Root CA", ca=True)
        intermediate = issue("AgentLocator Test Issuing CA", root, ca=True,
                             not_after=intermediate_not_after)  # fmt: skip
        leaf = issue(subject[0], intermediate, ca=False, organisation=subject[1])
        return cls(root, intermediate, leaf)

    @property
    def served_pem(self) -> bytes:
        """What PAYPAL-CERT-URL serves: the leaf, then the intermediate."""
        return self.leaf.pem + self.intermediate.pem


def pem_pair(key: rsa.RSAPrivateKey, cert: x509.Certificate) -> tuple[bytes, bytes]:
    return (
        cert.public_bytes(serialization.Encoding.PEM),
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ),
    )


@dataclass
class FakePayPal:
    base_url: str = ""
    chain: SigningChain = field(init=False)
    # Other chains served at /v1/notifications/certs/{name} (a test's wrong or expired chain).
    other_chains: dict[str, SigningChain] = field(default_factory=dict)
    products: dict[str, dict[str, Any]] = field(default_factory=dict)
    plans: dict[str, dict[str, Any]] = field(default_factory=dict)
    subscriptions: dict[str, dict[str, Any]] = field(default_factory=dict)
    sales: dict[str, dict[str, Any]] = field(default_factory=dict)
    refunds: dict[str, dict[str, Any]] = field(default_factory=dict)
    by_request_id: dict[str, str] = field(default_factory=dict)
    revisions: dict[str, dict[str, Any]] = field(default_factory=dict)  # ba_token → revision
    tokens: set[str] = field(default_factory=set)
    calls: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.chain = SigningChain.make()

    @property
    def root_pem(self) -> str:
        return self.chain.root.pem.decode()

    @property
    def cert_url(self) -> str:
        return f"{self.base_url}/v1/notifications/certs/CERT-test.pem"

    def serve_chain(self, name: str, chain: SigningChain) -> str:
        """Serve another chain; its PAYPAL-CERT-URL."""
        self.other_chains[name] = chain
        return f"{self.base_url}/v1/notifications/certs/{name}"

    # --- REST ---------------------------------------------------------------------------

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        response = self._route(request)
        return response(environ, start_response)

    def _route(self, request: Request) -> Response:
        path, method = request.path, request.method
        with self.lock:
            self.calls.append(f"{method} {path}")
        if path == "/v1/notifications/certs/CERT-test.pem":
            return Response(self.chain.served_pem)
        if path.startswith("/v1/notifications/certs/"):
            other = self.other_chains.get(path.rsplit("/", 1)[1])
            return Response(other.served_pem) if other else _json(404, {"name": "NOT_FOUND"})
        if path == "/v1/oauth2/token" and method == "POST":
            return self._token(request)
        if path == "/webapps/billing/subscriptions/update" and method == "GET":
            # PayPal's approval page for a revision; here the subscriber approves at once.
            back = self.approve_revision(request.url, card="browser-card")
            return Response(status=303, headers={"Location": back})
        if request.headers.get("Authorization", "").removeprefix("Bearer ") not in self.tokens:
            return _json(401, {"name": "AUTHENTICATION_FAILURE"})
        if path == "/v1/catalogs/products" and method == "POST":
            return self._create(request, self.products, "PROD-", self._product)
        if path == "/v1/billing/plans" and method == "POST":
            return self._create(request, self.plans, "P-", self._plan)
        if path == "/v1/billing/subscriptions" and method == "POST":
            return self._create(request, self.subscriptions, "I-", self._subscription)
        parts = path.strip("/").split("/")
        if parts[:3] == ["v1", "payments", "sale"] and parts[4:] == ["refund"] and method == "POST":
            return self._refund_sale(request, parts[3])
        if parts[:3] == ["v1", "billing", "subscriptions"] and len(parts) >= 4:
            found = self.subscriptions.get(parts[3])
            if found is None:
                return _json(404, {"name": "RESOURCE_NOT_FOUND"})
            if len(parts) == 4 and method == "GET":
                return _json(200, found)
            if parts[4:] == ["cancel"] and method == "POST":
                found["status"] = "CANCELLED"
                return Response(status=204)
            if parts[4:] == ["revise"] and method == "POST":
                return self._revise(parts[3], found, request)
        return _json(404, {"name": "RESOURCE_NOT_FOUND"})

    def _token(self, request: Request) -> Response:
        expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
        if request.headers.get("Authorization") != f"Basic {expected}":
            return _json(401, {"error": "invalid_client"})
        if request.form.get("grant_type") != "client_credentials":
            return _json(400, {"error": "unsupported_grant_type"})
        token = secrets.token_hex(16)
        with self.lock:
            self.tokens.add(token)
        return _json(200, {"access_token": token, "token_type": "Bearer", "expires_in": 32400})

    def _create(self, request: Request, store: dict[str, Any], prefix: str, build: Any) -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _json(400, {"name": "INVALID_REQUEST"})
        request_id = request.headers.get("PayPal-Request-Id")
        with self.lock:
            if request_id and request_id in self.by_request_id:
                return _json(200, store[self.by_request_id[request_id]])
            new_id = prefix + secrets.token_hex(8).upper()
            try:
                resource = build(new_id, body)
            except (KeyError, ValueError) as exc:
                return _json(422, {"name": "UNPROCESSABLE_ENTITY", "message": str(exc)})
            store[new_id] = resource
            if request_id:
                self.by_request_id[request_id] = new_id
        return _json(201, resource)

    def _refund_sale(self, request: Request, sale_id: str) -> Response:
        body = request.get_json(silent=True)
        if not isinstance(body, dict):
            return _json(400, {"name": "MALFORMED_REQUEST"})
        request_id = request.headers.get("PayPal-Request-Id")
        with self.lock:
            if request_id and request_id in self.by_request_id:
                return _json(201, self.refunds[self.by_request_id[request_id]])
            sale = self.sales.get(sale_id)
            if sale is None:
                return _json(404, {"name": "INVALID_RESOURCE_ID"})
            amount = body.get("amount") or {}
            if amount.get("currency") != sale["amount"]["currency"]:
                return _json(400, {"name": "CURRENCY_MISMATCH"})
            asked = Decimal(str(amount.get("total", "0")))
            left = Decimal(sale["amount"]["total"]) - sale["refunded"]
            if asked <= 0 or asked > left:
                return _json(400, {"name": "REFUND_EXCEEDED_TRANSACTION_AMOUNT"})
            refund = self._new_refund(sale_id, f"{asked:.2f}")
            if request_id:
                self.by_request_id[request_id] = refund["id"]
        return _json(201, refund)

    def _new_refund(self, sale_id: str, total: str) -> dict[str, Any]:
        """Record a refund of ``total`` on the sale (the caller holds the lock)."""
        sale = self.sales[sale_id]
        sale["refunded"] += Decimal(total)
        refund: dict[str, Any] = {
            "id": "RF-" + secrets.token_hex(6).upper(),
            "state": "completed",
            "amount": {"total": total, "currency": sale["amount"]["currency"]},
            "sale_id": sale_id,
            "parent_payment": "PAYID-" + sale_id,
        }
        self.refunds[refund["id"]] = refund
        return refund

    def refund_in_dashboard(self, sale_id: str, total: str) -> dict[str, Any]:
        """A refund someone made in PayPal's own dashboard (not through our API)."""
        with self.lock:
            return self._new_refund(sale_id, total)

    def sale_refunded(self, refund: dict[str, Any], now: datetime) -> dict[str, Any]:
        """The ``PAYMENT.SALE.REFUNDED`` event PayPal sends for a refund."""
        return self.event("PAYMENT.SALE.REFUNDED", dict(refund), now)

    def _product(self, new_id: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"id": new_id, "name": body["name"], "type": body.get("type", "SERVICE")}

    def _plan(self, new_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if body["product_id"] not in self.products:
            raise ValueError("no such product")
        regular = [c for c in body["billing_cycles"] if c["tenure_type"] == "REGULAR"]
        price = regular[0]["pricing_scheme"]["fixed_price"]
        if price["currency_code"] != "ILS":
            raise ValueError("currency")
        return {"id": new_id, "status": "ACTIVE", **body}

    def _subscription(self, new_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if body["plan_id"] not in self.plans:
            raise ValueError("no such plan")
        return {
            "id": new_id,
            "status": "APPROVAL_PENDING",
            "plan_id": body["plan_id"],
            "custom_id": body.get("custom_id"),
            "links": [
                {"rel": "approve", "method": "GET",
                 "href": f"{self.base_url}/webapps/billing/subscriptions?ba_token=BA-{new_id}"},
                {"rel": "self", "method": "GET",
                 "href": f"{self.base_url}/v1/billing/subscriptions/{new_id}"},
            ],
        }  # fmt: skip

    def _revise(self, subscription_id: str, found: dict[str, Any], request: Request) -> Response:
        """A revision waits for the subscriber's approval (on PayPal's page, where they may
        choose another card); the subscription stays as it was until then."""
        body = request.get_json(silent=True)
        if not isinstance(body, dict) or body.get("plan_id") not in self.plans:
            return _json(422, {"name": "UNPROCESSABLE_ENTITY"})
        if found["status"] != "ACTIVE":
            return _json(422, {"name": "UNPROCESSABLE_ENTITY", "message": "not active"})
        token = "BA-" + secrets.token_hex(8).upper()
        context = body.get("application_context") or {}
        with self.lock:
            self.revisions[token] = {"subscription_id": subscription_id, **context}
        approve = f"{self.base_url}/webapps/billing/subscriptions/update?ba_token={token}"
        link = {"rel": "approve", "method": "GET", "href": approve}
        return _json(200, {"plan_id": body["plan_id"], "plan_overridden": False, "links": [link]})

    # --- what PayPal does after the person approves --------------------------------------

    def approve_revision(self, approve_url: str, card: str) -> str:
        """The subscriber approves on PayPal's page, paying with ``card`` from now on; PayPal
        redirects them to the return URL with its own query added. That URL."""
        token = approve_url.rsplit("ba_token=", 1)[1]
        revision = self.revisions.pop(token)
        subscription = self.subscriptions[revision["subscription_id"]]
        subscription["funding"] = card
        back = revision["return_url"]
        joiner = "&" if "?" in back else "?"
        return f"{back}{joiner}subscription_id={subscription['id']}&ba_token={token}&token=EC-1"

    def cancel_revision(self, approve_url: str) -> str:
        """The subscriber leaves PayPal's page without approving: the cancel URL."""
        revision = self.revisions.pop(approve_url.rsplit("ba_token=", 1)[1])
        return str(revision["cancel_url"])

    def plan_total(self, subscription_id: str) -> str:
        """Price + tax of the plan (what PayPal charges each month), in shekels."""
        plan = self.plans[self.subscriptions[subscription_id]["plan_id"]]
        regular = [c for c in plan["billing_cycles"] if c["tenure_type"] == "REGULAR"][0]
        net = float(regular["pricing_scheme"]["fixed_price"]["value"])
        tax = float(plan["taxes"]["percentage"])
        return f"{net * (1 + tax / 100):.2f}"

    def approve(self, subscription_id: str, now: datetime, trial_days: int) -> dict[str, Any]:
        subscription = self.subscriptions[subscription_id]
        subscription["status"] = "ACTIVE"
        next_billing = (now + timedelta(days=trial_days)).strftime("%Y-%m-%dT%H:%M:%SZ")
        subscription["billing_info"] = {"next_billing_time": next_billing}
        return self.event("BILLING.SUBSCRIPTION.ACTIVATED", dict(subscription), now)

    def sale_completed(self, subscription_id: str, now: datetime, total: str | None = None
                       ) -> dict[str, Any]:  # fmt: skip
        sale: dict[str, Any] = {
            "id": "SALE-" + secrets.token_hex(6).upper(),
            "state": "completed",
            "amount": {"total": total or self.plan_total(subscription_id), "currency": "ILS"},
            "billing_agreement_id": subscription_id,
        }
        with self.lock:
            self.sales[sale["id"]] = {**sale, "refunded": Decimal(0)}
        return self.event("PAYMENT.SALE.COMPLETED", sale, now)

    def event(self, event_type: str, resource: dict[str, Any], now: datetime) -> dict[str, Any]:
        return {
            "id": "WH-" + secrets.token_hex(10).upper(),
            "event_version": "1.0",
            "create_time": now.strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "resource_type": "subscription"
            if "SUBSCRIPTION" in event_type
            else "refund"
            if event_type.endswith("REFUNDED")
            else "sale",
            "event_type": event_type,
            "resource": resource,
        }

    def signed_delivery(self, event: dict[str, Any], now: datetime,
                        webhook_id: str = WEBHOOK_ID, chain: SigningChain | None = None,
                        cert_url: str | None = None) -> tuple[dict[str, str], bytes]:  # fmt: skip
        """The raw body and headers PayPal sends (pretty-printed: key order and spacing are
        part of what is signed, so only the raw bytes verify). ``chain``/``cert_url``: sign
        with another certificate (a test's forgery)."""
        body = json.dumps(event, indent=1, ensure_ascii=False).encode("utf-8")
        transmission_id = secrets.token_hex(16)
        transmission_time = now.strftime("%Y-%m-%dT%H:%M:%SZ")
        crc = zlib.crc32(body) & 0xFFFFFFFF
        message = f"{transmission_id}|{transmission_time}|{webhook_id}|{crc}".encode()
        signer = (chain or self.chain).leaf.key
        signature = signer.sign(message, padding.PKCS1v15(), hashes.SHA256())
        headers = {
            "Content-Type": "application/json",
            "PAYPAL-TRANSMISSION-ID": transmission_id,
            "PAYPAL-TRANSMISSION-TIME": transmission_time,
            "PAYPAL-CERT-URL": cert_url or self.cert_url,
            "PAYPAL-AUTH-ALGO": "SHA256withRSA",
            "PAYPAL-TRANSMISSION-SIG": base64.b64encode(signature).decode(),
        }
        return headers, body

    def deliver(self, url: str, event: dict[str, Any], now: datetime) -> requests.Response:
        headers, body = self.signed_delivery(event, now)
        return requests.post(url, data=body, headers=headers, timeout=30)


def _json(status: int, payload: Any) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json")
