"""Dunning: the daily run's time-based transitions (trial ended unpaid, grace ran out,
suspension ended in cancellation) and the notices every transition raises, recorded once per
day and kind and sent to the office owner (``NoticeDelivery``).

Sending never fails a provider's event (its retry would apply the event a second time): an
unsent notice stays recorded as unsent and the daily run sends it. The daily run itself answers
5xx when some office's notices could not be sent, so Cloud Scheduler's retry sends them; what
was sent is not sent again (the notification ledger).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime

from agentlocator.billing.emails import Recipient
from agentlocator.billing.errors import Refused
from agentlocator.billing.notice_delivery import NoticeDelivery
from agentlocator.billing.state import BillingRules, Notice, Tick
from agentlocator.billing.store import AccountStore
from agentlocator.errors import AgentLocatorError

log = logging.getLogger("agentlocator.billing.dunning")


class NoticesUnsent(AgentLocatorError):
    http_status = 502


class Dunning:
    def __init__(
        self,
        accounts: AccountStore,
        rules: BillingRules,
        notices: NoticeDelivery | None,
        recipient_of: Callable[[str], Recipient],
    ) -> None:
        self._accounts = accounts
        self._rules = rules
        self._notices = notices
        self._recipient_of = recipient_of

    def _send_pending(self, business_id: str, now: datetime) -> None:
        if self._notices is None:
            return
        try:
            owner = self._recipient_of(business_id)
        except Refused:  # an office from before sign-up existed: no owner contact on file
            log.warning("notices of %s kept: no sign-up to reach the owner", business_id)
            return
        self._notices.send_pending(business_id, owner, now)

    def tell_owner(self, business_id: str, notices: tuple[Notice, ...], now: datetime) -> None:
        """Record the notices of a provider's event and send what is unsent."""
        for notice in notices:
            self._accounts.record_notice(business_id, notice, now)
        if not notices:
            return
        try:
            self._send_pending(business_id, now)
        except Exception:  # noqa: BLE001 — kept unsent for the daily run, which raises
            log.exception("notices of %s not sent now; the daily run retries", business_id)

    def daily(self, now: datetime) -> dict[str, str]:
        """The scheduler's daily run; business → new status for the offices that moved."""
        moved: dict[str, str] = {}
        unsent: list[str] = []
        for business_id in self._accounts.business_ids():
            result = self._accounts.apply(business_id, Tick(now), self._rules)
            for notice in result.notices:
                self._accounts.record_notice(business_id, notice, now)
            if result.changed:
                moved[business_id] = result.account.status.value
            try:
                self._send_pending(business_id, now)
            except Exception:  # noqa: BLE001 — the other offices still get theirs
                log.exception("notices of %s not sent", business_id)
                unsent.append(business_id)
        if unsent:
            raise NoticesUnsent(f"notices not sent to {len(unsent)} office(s)")
        return moved
