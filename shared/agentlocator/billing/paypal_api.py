"""PayPal subscriptions through ``paypal-server-sdk`` (plans, subscriptions); catalog products,
which the SDK has no controller for, over plain HTTPS with the same OAuth client credentials.

``api_base`` points both at a local server speaking PayPal's REST protocol in tests and
``make run``; unset, the SDK's own sandbox or live host is used.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any
from urllib.parse import quote

import requests
from paypalserversdk.configuration import Configuration, Environment
from paypalserversdk.exceptions.api_exception import ApiException
from paypalserversdk.http.auth.o_auth_2 import ClientCredentialsAuthCredentials
from paypalserversdk.models.create_subscription_request import CreateSubscriptionRequest
from paypalserversdk.models.frequency import Frequency
from paypalserversdk.models.money import Money
from paypalserversdk.models.payment_preferences import PaymentPreferences
from paypalserversdk.models.plan_request import PlanRequest
from paypalserversdk.models.subscription_application_context import (
    SubscriptionApplicationContext,
)
from paypalserversdk.models.subscription_billing_cycle import SubscriptionBillingCycle
from paypalserversdk.models.subscription_pricing_scheme import SubscriptionPricingScheme
from paypalserversdk.models.taxes import Taxes
from paypalserversdk.paypal_serversdk_client import PaypalServersdkClient

from agentlocator.billing.money import parse_shekels, shekels
from agentlocator.billing.plans import CURRENCY, Plan
from agentlocator.errors import AgentLocatorError

TIMEOUT_SECONDS = 20


class PayPalUnavailable(AgentLocatorError):
    """PayPal refused or could not be reached; the office may try again."""

    http_status = 502


class _LocalConfiguration(Configuration):  # type: ignore[misc]
    """The SDK's configuration with its base URI pointed elsewhere (local protocol server)."""

    def __init__(self, base_uri: str, **kwargs: Any) -> None:
        self._base_uri = base_uri.rstrip("/")
        super().__init__(**kwargs)

    def get_base_uri(self, server: Any = None) -> str:
        return self._base_uri


@dataclass(frozen=True)
class SubscriptionInfo:
    id: str
    status: str
    custom_id: str | None
    plan_id: str | None
    next_billing_time: str | None
    approve_url: str | None = None


@dataclass(frozen=True)
class RefundInfo:
    id: str
    state: str
    amount_agorot: int


def _error_name(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    return str(body.get("name", "")) if isinstance(body, dict) else ""


class PayPalApi:
    def __init__(
        self, client_id: str, client_secret: str, api_base: str | None, live: bool = False
    ) -> None:
        credentials = ClientCredentialsAuthCredentials(
            o_auth_client_id=client_id, o_auth_client_secret=client_secret
        )
        environment = Environment.PRODUCTION if live else Environment.SANDBOX
        options: dict[str, Any] = {
            "client_credentials_auth_credentials": credentials,
            "environment": environment,
            "timeout": TIMEOUT_SECONDS,
        }
        config = _LocalConfiguration(api_base, **options) if api_base else Configuration(**options)
        self._base = config.get_base_uri()
        self._client = PaypalServersdkClient(config=config)
        self._credentials = (client_id, client_secret)
        self._token: str | None = None
        self._lock = threading.Lock()

    # --- over plain HTTPS (no SDK controller) ------------------------------------------------

    def _bearer(self) -> str:
        with self._lock:
            if self._token is None:
                response = requests.post(
                    f"{self._base}/v1/oauth2/token",
                    auth=self._credentials,
                    data={"grant_type": "client_credentials"},
                    timeout=TIMEOUT_SECONDS,
                )
                if response.status_code != 200:
                    raise PayPalUnavailable(f"oauth token: HTTP {response.status_code}")
                self._token = str(response.json()["access_token"])
            return self._token

    def create_product(self, name: str, request_id: str) -> str:
        response = requests.post(
            f"{self._base}/v1/catalogs/products",
            json={"name": name, "type": "SERVICE", "category": "SOFTWARE"},
            headers={"Authorization": f"Bearer {self._bearer()}", "PayPal-Request-Id": request_id},
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code not in (200, 201):
            raise PayPalUnavailable(f"create product: HTTP {response.status_code}")
        return str(response.json()["id"])

    def refund_sale(self, sale_id: str, amount_agorot: int, request_id: str) -> RefundInfo:
        """Refund (part of) a subscription's charge: ``POST /v1/payments/sale/{id}/refund``.
        The SDK has no v1 payments controller. ``request_id`` makes a retry return the same
        refund instead of refunding twice."""
        response = requests.post(
            f"{self._base}/v1/payments/sale/{quote(sale_id, safe='')}/refund",
            json={"amount": {"total": shekels(amount_agorot), "currency": CURRENCY}},
            headers={"Authorization": f"Bearer {self._bearer()}", "PayPal-Request-Id": request_id},
            timeout=TIMEOUT_SECONDS,
        )
        if response.status_code not in (200, 201):
            name = _error_name(response)
            raise PayPalUnavailable(f"refund sale {sale_id}: HTTP {response.status_code} {name}")
        body = response.json()
        if body.get("state") not in ("completed", "pending"):
            raise PayPalUnavailable(f"refund sale {sale_id}: state {body.get('state')!r}")
        return RefundInfo(id=str(body["id"]), state=str(body["state"]),
                          amount_agorot=parse_shekels(str(body["amount"]["total"])))  # fmt: skip

    # --- through the SDK -----------------------------------------------------------------

    def create_plan(
        self, product_id: str, plan: Plan, vat_percent: Decimal, trial_days: int, request_id: str
    ) -> str:
        cycles = []
        if trial_days:
            cycles.append(
                SubscriptionBillingCycle(
                    tenure_type="TRIAL",
                    sequence=1,
                    total_cycles=1,
                    frequency=Frequency(interval_unit="DAY", interval_count=trial_days),
                )
            )
        monthly = Money(currency_code=CURRENCY, value=shekels(plan.monthly_net_agorot))
        cycles.append(
            SubscriptionBillingCycle(
                tenure_type="REGULAR",
                sequence=len(cycles) + 1,
                total_cycles=0,
                frequency=Frequency(interval_unit="MONTH", interval_count=1),
                pricing_scheme=SubscriptionPricingScheme(fixed_price=monthly),
            )
        )
        body = PlanRequest(
            product_id=product_id,
            name=f"AgentLocator {plan.id}",
            billing_cycles=cycles,
            payment_preferences=PaymentPreferences(
                auto_bill_outstanding=True, payment_failure_threshold=3
            ),
            taxes=Taxes(percentage=f"{vat_percent.normalize():f}", inclusive=False),
        )
        result = self._call(
            "create plan",
            lambda: self._client.subscriptions.create_billing_plan(
                {"body": body, "paypal_request_id": request_id, "prefer": "return=minimal"}
            ),
        )
        return str(result.id)

    def create_subscription(
        self, plan_id: str, custom_id: str, return_url: str, cancel_url: str, request_id: str
    ) -> SubscriptionInfo:
        body = CreateSubscriptionRequest(
            plan_id=plan_id,
            custom_id=custom_id,
            application_context=SubscriptionApplicationContext(
                return_url=return_url,
                cancel_url=cancel_url,
                brand_name="AgentLocator",
                locale="he-IL",
                shipping_preference="NO_SHIPPING",
            ),
        )
        result = self._call(
            "create subscription",
            lambda: self._client.subscriptions.create_subscription(
                {"body": body, "paypal_request_id": request_id, "prefer": "return=representation"}
            ),
        )
        return _info(result)

    def get_subscription(self, subscription_id: str) -> SubscriptionInfo:
        result = self._call(
            "get subscription",
            lambda: self._client.subscriptions.get_subscription({"id": subscription_id}),
        )
        return _info(result)

    def revise_subscription(
        self, subscription_id: str, plan_id: str, return_url: str, cancel_url: str
    ) -> str:
        """Ask the subscriber to approve a revision (the same plan): on PayPal's approval page
        they choose the card or account that pays from now on. Returns that page's URL."""
        from paypalserversdk.models.modify_subscription_request import (
            ModifySubscriptionRequest,
        )

        body = ModifySubscriptionRequest(
            plan_id=plan_id,
            application_context=SubscriptionApplicationContext(
                return_url=return_url,
                cancel_url=cancel_url,
                brand_name="AgentLocator",
                locale="he-IL",
                shipping_preference="NO_SHIPPING",
            ),
        )
        result = self._call(
            "revise subscription",
            lambda: self._client.subscriptions.revise_subscription(
                {"id": subscription_id, "body": body}
            ),
        )
        approve = _approve_link(result)
        if approve is None:
            raise PayPalUnavailable("revise subscription: no approval link")
        return approve

    def cancel_subscription(self, subscription_id: str, reason: str) -> None:
        from paypalserversdk.models.cancel_subscription_request import (
            CancelSubscriptionRequest,
        )

        self._call(
            "cancel subscription",
            lambda: self._client.subscriptions.cancel_subscription(
                {"id": subscription_id, "body": CancelSubscriptionRequest(reason=reason)}
            ),
            expect_body=False,
        )

    def _call(self, what: str, call: Any, expect_body: bool = True) -> Any:
        try:
            response = call()
        except ApiException as exc:
            raise PayPalUnavailable(f"{what}: HTTP {exc.response_code}") from exc
        except requests.RequestException as exc:
            raise PayPalUnavailable(f"{what}: {type(exc).__name__}") from exc
        if not response.is_success():
            raise PayPalUnavailable(f"{what}: HTTP {response.status_code}")
        if expect_body and response.body is None:
            raise PayPalUnavailable(f"{what}: empty answer")
        return response.body


def _approve_link(resource: Any) -> str | None:
    return next(
        (
            str(link.href)
            for link in (getattr(resource, "links", None) or [])
            if getattr(link, "rel", None) == "approve"
        ),
        None,
    )


def _info(subscription: Any) -> SubscriptionInfo:
    approve = _approve_link(subscription)
    billing = getattr(subscription, "billing_info", None)
    next_time = getattr(billing, "next_billing_time", None) if billing else None
    if isinstance(next_time, datetime):
        next_time = next_time.isoformat()
    return SubscriptionInfo(
        id=str(subscription.id),
        status=str(getattr(subscription, "status", "")),
        custom_id=getattr(subscription, "custom_id", None),
        plan_id=getattr(subscription, "plan_id", None),
        next_billing_time=next_time,
        approve_url=approve,
    )
