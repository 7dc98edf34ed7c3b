"""A local server speaking Tranzila's API (HMAC-header auth, handshake, transaction query,
standing orders, refunds: a ``credit`` transaction referring to a charge by
``reference_txn_id`` + ``authorization_number``, refused with 20109 beyond what is left) and
playing its hosted payment page: ``pay`` is what happens when a person
pays on the page (the handshake's amount is enforced), followed by the notify POST Tranzila
sends to ``notify_url_address``.

It also stands in for Tranzila's hosted fields: ``/assets/js/thostedf.js`` is a script with
the same entry points the billing page calls (``TzlaHostedFields.create`` → ``charge``), whose
card inputs are plain inputs (Tranzila's are its own iframes) and whose ``charge`` posts to
``/hf/charge`` here; ``hosted_fields_charge`` makes that same call from Python.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import re
import secrets
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
from werkzeug.wrappers import Request, Response

TERMINAL = "testterminal"
APP_KEY = "test-app-key"
SECRET = "test-tranzila-secret"
_NONCE = re.compile(r"^[0-9a-f]{80}$")
DECLINED_CARD = "4000000000000002"  # the stand-in's card that the issuer refuses
HOSTED_FIELDS_JS = Path(__file__).with_name("thostedf_standin.js")
_CORS = {"Access-Control-Allow-Origin": "*", "Access-Control-Allow-Headers": "Content-Type",
         "Access-Control-Allow-Methods": "GET, POST, OPTIONS"}  # fmt: skip


@dataclass
class FakeTranzila:
    base_url: str = ""
    handshakes: dict[str, str] = field(default_factory=dict)  # thtk → sum
    transactions: dict[str, dict[str, Any]] = field(default_factory=dict)
    standing_orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    credits: dict[str, dict[str, Any]] = field(default_factory=dict)  # refunds by index
    rejected_auth: int = 0
    transaction_queries: int = 0  # POST /v1/transactions answered
    refuse_standing_orders: bool = False  # a test sets it to see a failing /v2/sto/create
    lock: threading.Lock = field(default_factory=threading.Lock)
    _indexes: Any = field(default_factory=lambda: itertools.count(41700))

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Any:
        request = Request(environ)
        return self._route(request)(environ, start_response)

    def _authorized(self, request: Request) -> bool:
        headers = request.headers
        app_key = headers.get("X-tranzila-api-app-key", "")
        when = headers.get("X-tranzila-api-request-time", "")
        nonce = headers.get("X-tranzila-api-nonce", "")
        token = headers.get("X-tranzila-api-access-token", "")
        if app_key != APP_KEY or not when.isdigit() or not _NONCE.match(nonce):
            return False
        expected = hmac.new((SECRET + when + nonce).encode(), APP_KEY.encode(), hashlib.sha256)
        return hmac.compare_digest(token, expected.hexdigest())

    def _route(self, request: Request) -> Response:
        if request.path == "/assets/js/thostedf.js" or request.path.startswith("/hf/"):
            return self._hosted_fields(request)  # the browser's side: no API headers
        if not self._authorized(request):
            with self.lock:
                self.rejected_auth += 1
            return _json(401, {"error_code": 401, "message": "unauthorized"})
        body = request.get_json(silent=True) or {}
        if body.get("terminal_name") != TERMINAL:
            return _json(200, {"error_code": 20001, "message": "unknown terminal"})
        if request.path == "/v2/handshake/create":
            thtk = secrets.token_hex(16)
            with self.lock:
                self.handshakes[thtk] = str(body["sum"])
            return _json(200, {"error_code": 0, "message": "Success", "thtk": thtk})
        if request.path == "/v1/transactions":
            with self.lock:
                self.transaction_queries += 1
            row = self.transactions.get(str(body.get("transaction_index")))
            return _json(200, {"transactions": [row] if row else []})
        if request.path == "/v1/transaction/credit_card/create":
            return self._create_transaction(body)
        if request.path == "/v2/sto/create" and self.refuse_standing_orders:
            return _json(200, {"error_code": 30001, "message": "token module not enabled"})
        if request.path == "/v2/sto/create":
            sto_id = str(len(self.standing_orders) + 9000)
            with self.lock:
                self.standing_orders[sto_id] = {**body, "sto_status": "active"}
            return _json(200, {"error_code": 0, "message": "Success", "sto_id": int(sto_id)})
        if request.path == "/v2/sto/update":
            found = self.standing_orders.get(str(body.get("sto_id")))
            if found is None:
                return _json(200, {"error_code": 404, "message": "no such standing order"})
            found["sto_status"] = body["sto_status"]
            return _json(200, {"error_code": 0, "message": "Success"})
        return _json(404, {"error_code": 404, "message": "not found"})

    def _create_transaction(self, body: dict[str, Any]) -> Response:
        if body.get("txn_type") != "credit":
            return _json(200, {"error_code": 20001, "message": "only credits are played here"})
        reference = str(body.get("reference_txn_id", ""))
        items = body.get("items") or []
        try:
            asked = sum(Decimal(str(i["unit_price"])) * int(i.get("units_number", 1))
                        for i in items)  # fmt: skip
        except (KeyError, TypeError, ArithmeticError):
            return _json(200, {"error_code": 20002, "message": "bad items"})
        with self.lock:
            original = self.transactions.get(reference)
            if original is None:
                return _json(200, {"error_code": 20110, "message": "transaction not found"})
            if body.get("authorization_number") != original["confirmation_code"]:
                return _json(200, {"error_code": 20107, "message": "Refund error"})
            credited = sum((Decimal(c["amount"]) for c in self.credits.values()
                            if c["reference_txn_id"] == reference), Decimal(0))  # fmt: skip
            if asked <= 0 or credited + asked > Decimal(original["amount"]):
                return _json(
                    200,
                    {
                        "error_code": 20109,
                        "message": "Refund amount is greater than original transaction amount",
                    },
                )
            index = str(next(self._indexes))
            self.credits[index] = {"amount": f"{asked:.2f}", "reference_txn_id": reference}
        result = {"processor_response_code": "000", "transaction_id": int(index),
                  "amount": f"{asked:.2f}", "txn_type": "credit",
                  "reference_txn_id": int(reference)}  # fmt: skip
        return _json(200, {"error_code": 0, "message": "Success", "transaction_result": result})

    # --- the hosted fields ----------------------------------------------------------------

    def _hosted_fields(self, request: Request) -> Response:
        if request.method == "OPTIONS":
            return Response(status=204, headers=_CORS)
        if request.path == "/assets/js/thostedf.js":
            script = HOSTED_FIELDS_JS.read_bytes()
            return Response(script, content_type="text/javascript", headers=_CORS)
        if request.path == "/hf/charge" and request.method == "POST":
            body = request.get_json(silent=True) or {}
            return _json(200, self.hosted_charge(body), headers=_CORS)
        return _json(404, {"error": "not found"}, headers=_CORS)

    def hosted_charge(self, body: dict[str, Any]) -> dict[str, Any]:
        """What Tranzila does when the page calls ``charge``: the handshake's amount is
        enforced, the card verified (``tran_mode`` V: nothing charged) and tokenized."""
        locked = self.handshakes.get(str(body.get("thtk", "")))
        if body.get("terminal_name") != TERMINAL or locked is None:
            return {"transaction_response": {"success": False, "error": "invalid handshake"}}
        if locked != str(body.get("amount")):
            refused = {"success": False, "error": "amount does not match the handshake"}
            return {"transaction_response": refused}
        number = re.sub(r"\D", "", str(body.get("credit_card_number", "")))
        if len(number) < 8:
            return {"transaction_response": {"success": False, "error": "card number"}}
        index = str(next(self._indexes))
        approved = number != DECLINED_CARD
        row = {
            "index": int(index), "terminal_name": TERMINAL, "amount": locked,
            "processor_response_code": "000" if approved else "004",
            "confirmation_code": "0" + index[-6:], "currency_code": "ILS",
            "token": ("tk" + secrets.token_hex(8)) if approved and body.get("tokenize") else None,
            "expiry_month": str(body.get("expiry_month", "")),
            "expiry_year": str(body.get("expiry_year", "")), "tran_mode": body.get("tran_mode"),
        }  # fmt: skip
        with self.lock:
            self.transactions[index] = row
        return {"transaction_response": {
            "success": approved, "error": None if approved else "card declined",
            "transaction_id": index, "token": row["token"], "amount": locked,
            "expiry_month": row["expiry_month"], "expiry_year": row["expiry_year"],
            "credit_card_last_4_digits": number[-4:],
        }}  # fmt: skip

    def hosted_fields_charge(self, session: dict[str, Any], card: str = "4580458045804580",
                             expiry: tuple[str, str] = ("12", "30")) -> dict[str, Any]:  # fmt: skip
        """The stand-in script's ``charge`` call, from Python: ``session`` is the API's
        ``hosted_fields``."""
        body = {
            "terminal_name": session["terminal_name"], "thtk": session["thtk"],
            "amount": session["amount"], "currency_code": session["currency_code"],
            "tran_mode": session["tran_mode"], "tokenize": session["tokenize"],
            "credit_card_number": card, "expiry_month": expiry[0], "expiry_year": expiry[1],
            "cvv": "123",
        }  # fmt: skip
        answer = requests.post(f"{self.base_url}/hf/charge", json=body, timeout=30)
        answer.raise_for_status()
        response: dict[str, Any] = answer.json()["transaction_response"]
        return response

    # --- the hosted payment page --------------------------------------------------------

    def charge(self, amount: str) -> str:
        """An approved transaction of ``amount`` on our terminal; its index."""
        index = str(next(self._indexes))
        with self.lock:
            self.transactions[index] = {
                "index": int(index), "terminal_name": TERMINAL, "amount": amount,
                "processor_response_code": "000", "confirmation_code": "0" + index[-6:],
                "token": "tk" + secrets.token_hex(8), "expiry_month": "12",
                "expiry_year": "30", "currency_code": "ILS",
            }  # fmt: skip
        return index

    def pay(self, page_url: str) -> tuple[str, requests.Response]:
        """The person pays on the page: Tranzila checks the handshake's amount, charges, then
        POSTs its (unsigned) notify to the merchant."""
        query = {k: v[0] for k, v in parse_qs(urlsplit(page_url).query).items()}
        locked = self.handshakes.get(query.get("thtk", ""))
        if locked is None or locked != query["sum"]:
            raise AssertionError("912791: amount does not match the handshake")
        index = self.charge(query["sum"])
        return index, self.notify(query["notify_url_address"], index, query["sum"])

    def notify(self, url: str, index: str, claimed_sum: str) -> requests.Response:
        row = self.transactions.get(index, {})
        form = {
            "Response": "000", "index": index, "sum": claimed_sum, "currency": "1",
            "ConfirmationCode": row.get("confirmation_code", "0000000"),
            "supplier": TERMINAL, "TranzilaTK": row.get("token", ""),
        }  # fmt: skip
        return requests.post(url, data=form, timeout=30)


def _json(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    return Response(json.dumps(payload), status=status, content_type="application/json",
                    headers=headers)  # fmt: skip
