"""The billing state machine and what each state lets Leah and the app do."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.billing.state import (
    BillingAccount,
    BillingRules,
    BillingStatus,
    CancelRequested,
    PaymentFailed,
    PaymentSucceeded,
    Tick,
    apply,
    one_month_after,
    service_policy,
    start_trial,
)

RULES = BillingRules()
# Year end and a DST night: nothing depends on the date the suite runs on.
STARTS = [datetime(2026, 12, 31, 22, 30, tzinfo=UTC), datetime(2027, 3, 26, 0, 30, tzinfo=UTC)]


def _trial(now: datetime) -> BillingAccount:
    return start_trial("office-a", "pro", "paypal", now, RULES)


@pytest.mark.parametrize("now", STARTS)
def test_trial_then_payment_then_failure_grace_suspension_cancellation(now: datetime) -> None:
    account = _trial(now)
    assert account.status is BillingStatus.TRIALING
    assert account.trial_ends_at == now + timedelta(days=14)

    paid = apply(account, PaymentSucceeded(now, one_month_after(now)), RULES)
    assert paid.account.status is BillingStatus.ACTIVE and paid.notices == ()

    failed_at = now + timedelta(days=31)
    failed = apply(paid.account, PaymentFailed(failed_at), RULES)
    assert (failed.account.status, failed.notices) == (BillingStatus.PAST_DUE, ("payment_failed",))
    assert failed.account.next_retry_at == failed_at + timedelta(days=1)
    again = apply(failed.account, PaymentFailed(failed_at + timedelta(days=1)), RULES)
    assert again.notices == ("payment_retry",)
    assert again.account.next_retry_at == failed_at + timedelta(days=3)

    quiet = apply(again.account, Tick(failed_at + timedelta(days=4)), RULES)
    assert not quiet.changed
    warned = apply(again.account, Tick(failed_at + timedelta(days=5)), RULES)
    assert warned.notices == ("suspension_warning",)
    assert not apply(warned.account, Tick(failed_at + timedelta(days=6)), RULES).changed

    suspended = apply(warned.account, Tick(failed_at + timedelta(days=7)), RULES)
    assert (suspended.account.status, suspended.notices) == (BillingStatus.SUSPENDED,
                                                              ("suspended",))  # fmt: skip
    assert suspended.account.suspended_since == failed_at + timedelta(days=7)

    cancelled = apply(suspended.account, Tick(failed_at + timedelta(days=37)), RULES)
    assert cancelled.account.status is BillingStatus.CANCELLED
    late_payment = apply(cancelled.account, PaymentSucceeded(failed_at, failed_at), RULES)
    assert not late_payment.changed  # cancelled is final: a new sign-up starts over


def test_a_payment_reactivates_a_suspended_office() -> None:
    now = STARTS[0]
    account = _trial(now).model_copy(update={
        "status": BillingStatus.SUSPENDED, "past_due_since": now, "suspended_since": now,
        "failed_attempts": 3,
    })  # fmt: skip
    result = apply(account, PaymentSucceeded(now, one_month_after(now)), RULES)
    assert (result.account.status, result.notices) == (BillingStatus.ACTIVE, ("reactivated",))
    assert result.account.failed_attempts == 0 and result.account.suspended_since is None


def test_trial_end_without_payment_starts_the_grace_period_at_the_trial_end() -> None:
    now = STARTS[1]
    account = _trial(now)
    assert not apply(account, Tick(now + timedelta(days=13)), RULES).changed
    past_due = apply(account, Tick(now + timedelta(days=15)), RULES).account
    assert past_due.status is BillingStatus.PAST_DUE
    assert past_due.past_due_since == now + timedelta(days=14)
    assert apply(past_due, Tick(now + timedelta(days=21)), RULES).account.status == "suspended"


def test_a_repeated_or_older_payment_changes_nothing() -> None:
    now = STARTS[0]
    active = apply(_trial(now), PaymentSucceeded(now, one_month_after(now)), RULES).account
    assert not apply(active, PaymentSucceeded(now, one_month_after(now)), RULES).changed


def test_cancel_from_any_live_state() -> None:
    now = STARTS[0]
    for status in ("trialing", "active", "past_due", "suspended"):
        account = _trial(now).model_copy(update={"status": BillingStatus(status)})
        result = apply(account, CancelRequested(now), RULES)
        assert (
            result.account.status is BillingStatus.CANCELLED and result.account.cancelled_at == now
        )


def test_what_leah_and_the_app_do_in_each_state() -> None:
    for status in (None, BillingStatus.TRIALING, BillingStatus.ACTIVE, BillingStatus.PAST_DUE):
        policy = service_policy(status)
        assert (policy.leah, policy.app, policy.can_book_meetings) == ("full", "full", True)
    suspended = service_policy(BillingStatus.SUSPENDED)
    # Leah still takes a message (never drops a caller) but books nothing; staff can read.
    assert (suspended.leah, suspended.app, suspended.can_book_meetings) == (
        "message_only", "read_only", False)  # fmt: skip
    assert not suspended.app_may_write
    cancelled = service_policy(BillingStatus.CANCELLED)
    assert (cancelled.leah, cancelled.app) == ("message_only", "billing_only")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (datetime(2027, 1, 31, 9, tzinfo=UTC), datetime(2027, 2, 28, 9, tzinfo=UTC)),
        (datetime(2028, 1, 31, 9, tzinfo=UTC), datetime(2028, 2, 29, 9, tzinfo=UTC)),
        (datetime(2026, 12, 15, 9, tzinfo=UTC), datetime(2027, 1, 15, 9, tzinfo=UTC)),
        (datetime(2027, 3, 31, 9, tzinfo=UTC), datetime(2027, 4, 30, 9, tzinfo=UTC)),
    ],
)
def test_one_month_after(moment: datetime, expected: datetime) -> None:
    assert one_month_after(moment) == expected


def test_the_same_charge_delivered_again_changes_nothing() -> None:
    """A retried webhook after a partial failure must not extend the period a second time."""
    now = STARTS[0]
    first = apply(_trial(now), PaymentSucceeded(now, one_month_after(now), "SALE-1"), RULES)
    later = now + timedelta(hours=2)
    again = apply(first.account, PaymentSucceeded(later, one_month_after(one_month_after(now)),
                                                  "SALE-1"), RULES)  # fmt: skip
    assert not again.changed
    assert again.account.current_period_end == one_month_after(now)
    next_month = PaymentSucceeded(later, one_month_after(one_month_after(now)), "SALE-2")
    assert apply(first.account, next_month, RULES).changed
