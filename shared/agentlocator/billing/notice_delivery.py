"""Send the office owner each payment notice the state machine raised (``texts_he.NOTICES``:
charge failed, retry failed, suspension ahead, suspended, cancelled, reactivated): an e-mail,
and an SMS when ``BILLING_SMS_FROM`` is set, both with the billing page link (pay, change card).

Notices are recorded once per day and kind in ``businesses/{bid}/billing_notices/{date}-{notice}``
(``AccountStore.record_notice``); this sends each recorded one once per channel
(``notifications/billing-notice:{bid}:{key}:email|sms``) and stamps ``sent_at`` when every
channel has it. A notice whose send failed stays unsent and the next run (the daily job, or the
next event of that office) sends it; notices older than ``RESEND_DAYS`` are left alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime, timedelta

from google.cloud import firestore

from agentlocator.billing import texts_he
from agentlocator.billing.emails import Recipient, notice_email, notice_text
from agentlocator.billing.invoice_delivery import Channels, run_all
from agentlocator.billing.store import AccountStore
from agentlocator.crm.notifications import NotificationLedger

log = logging.getLogger(__name__)

RESEND_DAYS = 3  # an unsent notice older than this is stale news: not sent any more


class NoticeDelivery:
    def __init__(self, client: firestore.Client, accounts: AccountStore, channels: Channels
                 ) -> None:  # fmt: skip
        self._once = NotificationLedger(client).send_once
        self._accounts = accounts
        self._channels = channels

    def send_pending(self, business_id: str, to: Recipient, now: datetime) -> int:
        """Send every recent unsent notice of the office; how many were sent now."""
        sent = 0
        since = now - timedelta(days=RESEND_DAYS)
        for key, notice in self._accounts.unsent_notices(business_id, since):
            if notice not in texts_he.NOTICES:
                continue  # the platform's own notices (amount_mismatch…) are not the office's
            if self.send(business_id, key, notice, to, now):
                sent += 1
            self._accounts.mark_notice_sent(business_id, key, now)
        return sent

    def send(self, business_id: str, key: str, notice: str, to: Recipient, now: datetime
             ) -> bool:  # fmt: skip
        channels = self._channels
        ledger_key = f"billing-notice:{business_id}:{key}"
        sends: list[Callable[[], bool]] = []
        if channels.send_mail is not None and to.email:
            send_mail = channels.send_mail
            message = notice_email(notice, f"{business_id}-{key}", channels.mail_from, to,
                                   channels.billing_url, now)  # fmt: skip
            sends.append(lambda: self._once(f"{ledger_key}:email", now,
                                            lambda: send_mail(message),
                                            business_id=business_id, to=to.email))  # fmt: skip
        if channels.send_text is not None and channels.sms_from and to.phone:
            send_text, sender, phone = channels.send_text, channels.sms_from, to.phone
            body = notice_text(notice, channels.billing_url)
            sends.append(lambda: self._once(f"{ledger_key}:sms", now,
                                            lambda: send_text(sender, phone, body),
                                            business_id=business_id, to=phone))  # fmt: skip
        sent = run_all(sends)
        if sent:
            log.info("notice %s sent to the owner of %s", key, business_id)
        return sent
