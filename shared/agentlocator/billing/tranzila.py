"""A small Tranzila client (no SDK exists): API auth headers, the amount-locking handshake
(``thtk``), the hosted payment page (iframe) URL, standing orders (הוראת קבע) and the
transaction query.

Every API call carries four headers: the app key, the request time (Unix seconds), a nonce
(80 hex characters) and an access token = hex HMAC-SHA256 keyed with secret + time + nonce over
the app key. The body is not signed.

Notify callbacks carry no signature at all, so ``confirm_notify`` trusts one only after
re-querying the transaction by its index and matching terminal, amount and response code to
the order we created (whose per-order nonce is in the notify URL).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

import requests

from agentlocator.billing.money import parse_shekels, shekels
from agentlocator.errors import AgentLocatorError, BadSignature

APPROVED = "000"
CURRENCY_ILS = "1"  # Tranzila's currency code for shekels
TIMEOUT_SECONDS = 20


class TranzilaUnavailable(AgentLocatorError):
    http_status = 502


class NotifyRejected(BadSignature):
    """A notify that does not match the order and the transaction Tranzila reports."""


def auth_headers(app_key: str, secret: str, unix_seconds: int, nonce: str) -> dict[str, str]:
    request_time = str(unix_seconds)
    key = (secret + request_time + nonce).encode()
    token = hmac.new(key, app_key.encode(), hashlib.sha256).hexdigest()
    return {
        "X-tranzila-api-app-key": app_key,
        "X-tranzila-api-request-time": request_time,
        "X-tranzila-api-nonce": nonce,
        "X-tranzila-api-access-token": token,
    }


def new_nonce() -> str:
    return secrets.token_hex(40)  # 80 hex characters


@dataclass(frozen=True)
class Transaction:
    index: str
    terminal: str
    amount_agorot: int
    response_code: str
    confirmation_code: str
    token: str | None
    expiry_month: str | None
    expiry_year: str | None


@dataclass(frozen=True)
class PendingOrder:
    """What we asked Tranzila to charge: checked against every notify for it."""

    order_id: str
    nonce: str
    terminal: str
    amount_agorot: int


def check_notify_nonce(order: PendingOrder, url_nonce: str) -> None:
    """First, before Tranzila is queried: an order id alone must not make us call out."""
    # Bytes: a non-ASCII nonce in the URL must be a mismatch, not compare_digest's TypeError.
    if not hmac.compare_digest(url_nonce.encode("utf-8", "replace"), order.nonce.encode()):
        raise NotifyRejected("notify nonce does not match the order")


def confirm_notify(
    order: PendingOrder, url_nonce: str, form: Mapping[str, str], queried: Transaction
) -> Transaction:
    """The transaction, if the notify is for this order and Tranzila itself confirms it."""
    check_notify_nonce(order, url_nonce)
    index = (form.get("index") or "").strip()
    if not index or index != queried.index:
        raise NotifyRejected("notify index does not match the queried transaction")
    if queried.terminal != order.terminal:
        raise NotifyRejected("transaction is from another terminal")
    if queried.response_code != APPROVED:
        raise NotifyRejected(f"transaction not approved ({queried.response_code})")
    if queried.amount_agorot != order.amount_agorot:
        raise NotifyRejected("transaction amount differs from the order")
    claimed_sum = form.get("sum")
    if claimed_sum is not None:
        try:
            claimed = parse_shekels(claimed_sum)
        except (ValueError, ArithmeticError) as exc:
            raise NotifyRejected("notify sum is not an amount") from exc
        if claimed != order.amount_agorot:
            raise NotifyRejected("notify sum differs from the order")
    return queried


class TranzilaApi:
    def __init__(
        self, terminal: str, app_key: str, secret: str, api_base: str, iframe_base: str
    ) -> None:
        self.terminal = terminal
        self._app_key = app_key
        self._secret = secret
        self._api = api_base.rstrip("/")
        self._iframe = iframe_base.rstrip("/")

    def _post(self, path: str, body: dict[str, Any], unix_seconds: int) -> dict[str, Any]:
        headers = auth_headers(self._app_key, self._secret, unix_seconds, new_nonce())
        try:
            response = requests.post(
                f"{self._api}{path}", json=body, headers=headers, timeout=TIMEOUT_SECONDS
            )
        except requests.RequestException as exc:
            raise TranzilaUnavailable(f"{path}: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise TranzilaUnavailable(f"{path}: HTTP {response.status_code}")
        data = response.json()
        if not isinstance(data, dict):
            raise TranzilaUnavailable(f"{path}: unexpected answer")
        return data

    def handshake(self, amount_agorot: int, unix_seconds: int) -> str:
        """A ``thtk`` that locks the amount the payment page may charge."""
        data = self._post(
            "/v2/handshake/create",
            {"terminal_name": self.terminal, "sum": shekels(amount_agorot)},
            unix_seconds,
        )
        if str(data.get("error_code", "")) != "0" or not data.get("thtk"):
            raise TranzilaUnavailable(f"handshake refused: {data.get('message', '')}")
        return str(data["thtk"])

    def payment_page_url(
        self, amount_agorot: int, thtk: str, notify_url: str, order_id: str
    ) -> str:
        params = {
            "sum": shekels(amount_agorot),
            "currency": CURRENCY_ILS,
            "thtk": thtk,
            "tranmode": "AK",  # charge and keep a token for the standing order
            "notify_url_address": notify_url,
            "order_id": order_id,
            "lang": "il",
        }
        return f"{self._iframe}/{self.terminal}/iframenew.php?{urlencode(params)}"

    def query_transaction(self, index: str, unix_seconds: int) -> Transaction:
        data = self._post(
            "/v1/transactions",
            {"terminal_name": self.terminal, "transaction_index": int(index)},
            unix_seconds,
        )
        rows = data.get("transactions") or []
        if not rows:
            raise NotifyRejected(f"Tranzila knows no transaction {index}")
        row = rows[0]
        try:
            amount = parse_shekels(str(row["amount"]))
        except (KeyError, ValueError, ArithmeticError) as exc:
            raise TranzilaUnavailable("transaction without a readable amount") from exc
        return Transaction(
            index=str(row.get("index", "")),
            terminal=str(row.get("terminal_name", "")),
            amount_agorot=amount,
            response_code=str(row.get("processor_response_code", "")),
            confirmation_code=str(row.get("confirmation_code", "")),
            token=row.get("token"),
            expiry_month=row.get("expiry_month"),
            expiry_year=row.get("expiry_year"),
        )

    def create_standing_order(
        self,
        transaction: Transaction,
        amount_agorot: int,
        first_charge: date,
        client_name: str,
        unix_seconds: int,
    ) -> str:
        """A monthly standing order on the card token of an approved transaction."""
        body = {
            "terminal_name": self.terminal,
            "sto_payments_number": 9999,  # until cancelled
            "charge_frequency": "monthly",
            "first_charge_date": first_charge.isoformat(),
            "currency_code": "ILS",
            "items": [
                {"name": "AgentLocator", "unit_price": shekels(amount_agorot), "units_number": 1}
            ],
            "card": {
                "token": transaction.token,
                "expire_month": transaction.expiry_month,
                "expire_year": transaction.expiry_year,
            },
            "client": {"name": client_name},
        }
        data = self._post("/v2/sto/create", body, unix_seconds)
        if str(data.get("error_code", "")) != "0" or not data.get("sto_id"):
            raise TranzilaUnavailable(f"standing order refused: {data.get('message', '')}")
        return str(data["sto_id"])

    def update_standing_order(self, sto_id: str, status: str, unix_seconds: int) -> None:
        """``status``: "active" or "inactive" (cancelled by the office)."""
        data = self._post(
            "/v2/sto/update",
            {"terminal_name": self.terminal, "sto_id": int(sto_id), "sto_status": status},
            unix_seconds,
        )
        if str(data.get("error_code", "")) != "0":
            raise TranzilaUnavailable(f"standing order update refused: {data.get('message')}")

    def refund(self, original: Transaction, amount_agorot: int, unix_seconds: int) -> str:
        """Credit (part of) an approved charge back to its card: a ``credit`` transaction
        referring to the original (``POST /v1/transaction/credit_card/create``); the new
        transaction's index."""
        body = {
            "terminal_name": self.terminal,
            "txn_type": "credit",
            "reference_txn_id": int(original.index),
            "authorization_number": original.confirmation_code,
            "txn_currency_code": "ILS",
            "items": [{"name": "AgentLocator", "unit_price": shekels(amount_agorot),
                       "units_number": 1}],
        }  # fmt: skip
        data = self._post("/v1/transaction/credit_card/create", body, unix_seconds)
        result = data.get("transaction_result")
        if str(data.get("error_code", "")) != "0" or not isinstance(result, dict):
            raise TranzilaUnavailable(
                f"refund refused ({data.get('error_code')}): {data.get('message', '')}"
            )
        if str(result.get("processor_response_code", "")) != APPROVED:
            raise TranzilaUnavailable(f"refund declined ({result.get('processor_response_code')})")
        return str(result["transaction_id"])
