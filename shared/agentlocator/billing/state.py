"""Per business, the billing state machine: trialing → active → past_due → suspended → cancelled.

Pure: ``apply(account, event, rules)`` returns the next account and what to tell the office.
Events come from the payment providers (a charge succeeded or failed), from the owner (cancel)
and from the daily scheduler (``Tick``: time passed — a trial ended, a grace period ran out).
A payment brings any state but ``cancelled`` back to ``active``; ``cancelled`` is final (a new
sign-up starts a new subscription).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict


class BillingStatus(StrEnum):
    TRIALING = "trialing"
    ACTIVE = "active"
    PAST_DUE = "past_due"
    SUSPENDED = "suspended"
    CANCELLED = "cancelled"


Provider = Literal["paypal", "tranzila"]
Notice = Literal[
    "payment_failed", "payment_retry", "suspension_warning", "suspended", "cancelled", "reactivated"
]


@dataclass(frozen=True)
class BillingRules:
    """Grace periods and dunning (named, so the terms in the contract can quote them)."""

    trial_days: int = 14
    # A failed charge is retried on these days after the first failure (the provider retries
    # too; these are when we remind the office).
    retry_days: tuple[int, ...] = (1, 3, 5)
    # Days from the first failed charge to suspension, then from suspension to cancellation.
    grace_days: int = 7
    suspended_days: int = 30
    suspension_warning_days: int = 2  # warn this many days before suspension


class BillingAccount(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")

    business_id: str
    owner_uid: str | None = None
    plan_id: str
    provider: Provider
    status: BillingStatus = BillingStatus.TRIALING
    provider_subscription_id: str | None = None
    trial_ends_at: datetime | None = None
    current_period_end: datetime | None = None
    past_due_since: datetime | None = None
    suspended_since: datetime | None = None
    cancelled_at: datetime | None = None
    failed_attempts: int = 0
    next_retry_at: datetime | None = None
    warned_suspension: bool = False
    last_payment_reference: str | None = None  # a redelivered payment changes nothing
    payment_method_changed_at: datetime | None = None  # the owner's last change of card
    updated_at: datetime | None = None


@dataclass(frozen=True)
class PaymentSucceeded:
    at: datetime
    period_end: datetime
    reference: str | None = None  # the provider's id of the charge


@dataclass(frozen=True)
class PaymentFailed:
    at: datetime


@dataclass(frozen=True)
class CancelRequested:
    at: datetime


@dataclass(frozen=True)
class Tick:
    at: datetime


BillingEvent = PaymentSucceeded | PaymentFailed | CancelRequested | Tick


@dataclass(frozen=True)
class Transition:
    account: BillingAccount
    changed: bool
    notices: tuple[Notice, ...] = field(default=())


def start_trial(
    business_id: str, plan_id: str, provider: Provider, now: datetime, rules: BillingRules
) -> BillingAccount:
    return BillingAccount(
        business_id=business_id,
        plan_id=plan_id,
        provider=provider,
        status=BillingStatus.TRIALING,
        trial_ends_at=now + timedelta(days=rules.trial_days),
        updated_at=now,
    )


def apply(account: BillingAccount, event: BillingEvent, rules: BillingRules) -> Transition:
    if account.status is BillingStatus.CANCELLED:
        return Transition(account, changed=False)
    if isinstance(event, CancelRequested):
        return _move(
            account,
            event.at,
            BillingStatus.CANCELLED,
            ("cancelled",),
            cancelled_at=event.at,
            next_retry_at=None,
        )
    if isinstance(event, PaymentSucceeded):
        return _paid(account, event)
    if isinstance(event, PaymentFailed):
        return _failed(account, event.at, rules)
    return _tick(account, event.at, rules)


def _paid(account: BillingAccount, event: PaymentSucceeded) -> Transition:
    if event.reference is not None and event.reference == account.last_payment_reference:
        return Transition(account, changed=False)  # the same charge, delivered again
    if (
        account.status is BillingStatus.ACTIVE
        and account.current_period_end is not None
        and event.period_end <= account.current_period_end
    ):
        return Transition(account, changed=False)  # an older or repeated payment
    was_blocked = account.status in (BillingStatus.PAST_DUE, BillingStatus.SUSPENDED)
    return _move(
        account,
        event.at,
        BillingStatus.ACTIVE,
        ("reactivated",) if was_blocked else (),
        current_period_end=event.period_end,
        past_due_since=None,
        suspended_since=None,
        failed_attempts=0,
        next_retry_at=None,
        warned_suspension=False,
        last_payment_reference=event.reference,
    )


def _failed(account: BillingAccount, at: datetime, rules: BillingRules) -> Transition:
    attempts = account.failed_attempts + 1
    retry_index = min(attempts - 1, len(rules.retry_days) - 1)
    since = account.past_due_since or at
    next_retry = since + timedelta(days=rules.retry_days[retry_index])
    if account.status is BillingStatus.SUSPENDED:
        return _move(account, at, BillingStatus.SUSPENDED, (), failed_attempts=attempts)
    notice: Notice = "payment_failed" if attempts == 1 else "payment_retry"
    return _move(
        account,
        at,
        BillingStatus.PAST_DUE,
        (notice,),
        past_due_since=since,
        failed_attempts=attempts,
        next_retry_at=next_retry,
    )


def _tick(account: BillingAccount, at: datetime, rules: BillingRules) -> Transition:
    status = account.status
    if status is BillingStatus.TRIALING and account.trial_ends_at and at >= account.trial_ends_at:
        # The trial ended without a payment: the grace period starts where the trial ended.
        moved = account.model_copy(update={"past_due_since": account.trial_ends_at})
        return _move(
            moved,
            at,
            BillingStatus.PAST_DUE,
            ("payment_failed",),
            failed_attempts=max(account.failed_attempts, 1),
        )
    if status is BillingStatus.ACTIVE and account.current_period_end:
        if at >= account.current_period_end + timedelta(days=1):  # one day for the charge
            moved = account.model_copy(update={"past_due_since": account.current_period_end})
            return _move(
                moved,
                at,
                BillingStatus.PAST_DUE,
                ("payment_failed",),
                failed_attempts=max(account.failed_attempts, 1),
            )
    if status is BillingStatus.PAST_DUE and account.past_due_since:
        suspend_at = account.past_due_since + timedelta(days=rules.grace_days)
        if at >= suspend_at:
            return _move(
                account,
                at,
                BillingStatus.SUSPENDED,
                ("suspended",),
                suspended_since=suspend_at,
                next_retry_at=None,
            )
        warn_at = suspend_at - timedelta(days=rules.suspension_warning_days)
        if at >= warn_at and not account.warned_suspension:
            return _move(
                account, at, BillingStatus.PAST_DUE, ("suspension_warning",), warned_suspension=True
            )
    if status is BillingStatus.SUSPENDED and account.suspended_since:
        if at >= account.suspended_since + timedelta(days=rules.suspended_days):
            return _move(account, at, BillingStatus.CANCELLED, ("cancelled",), cancelled_at=at)
    return Transition(account, changed=False)


def _move(
    account: BillingAccount,
    at: datetime,
    status: BillingStatus,
    notices: tuple[Notice, ...],
    **changes: object,
) -> Transition:
    updated = account.model_copy(update={"status": status, "updated_at": at, **changes})
    return Transition(updated, changed=True, notices=notices)


# --- what a business gets in each state -------------------------------------------------------

LeahMode = Literal["full", "message_only"]
AppAccess = Literal["full", "read_only", "billing_only"]


@dataclass(frozen=True)
class ServicePolicy:
    """What Leah and the staff app do for a business in a billing state.

    Callers are never dropped: even a suspended or cancelled office's Leah takes a message (the
    lead and its message are saved) — she only stops booking meetings. Staff keep read access
    while suspended so they can see who called, and can always reach the billing page to pay.
    """

    leah: LeahMode
    app: AppAccess
    can_book_meetings: bool

    @property
    def app_may_write(self) -> bool:
        return self.app == "full"


def service_policy(status: BillingStatus | None) -> ServicePolicy:
    """``None`` = no billing account (businesses created before billing, the demo): full."""
    if status in (None, BillingStatus.TRIALING, BillingStatus.ACTIVE, BillingStatus.PAST_DUE):
        return ServicePolicy(leah="full", app="full", can_book_meetings=True)
    if status is BillingStatus.SUSPENDED:
        return ServicePolicy(leah="message_only", app="read_only", can_book_meetings=False)
    return ServicePolicy(leah="message_only", app="billing_only", can_book_meetings=False)


def one_month_after(moment: datetime) -> datetime:
    """Same day next month (clamped to the month's last day), same time of day."""
    year, month = (moment.year + 1, 1) if moment.month == 12 else (moment.year, moment.month + 1)
    for day in (moment.day, 30, 29, 28):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")
