"""Leah books a viewing → the lead gets the office's brokerage agreement to sign, once.

By the Brokers Law a broker earns the fee only with a signed brokerage order, and it should be
signed before the viewing. When the office turned on "send the brokerage agreement after a
viewing is booked" and has an active template, ``on_meeting_booked`` (called where Leah records
a booking, ``agent.lead_sync.LeadWriter.book``) answers at once with the one sentence Leah adds
to her reply, and does the slow part (render the PDF, keep it, send the link) on its own thread,
off the turn.

Once per viewing: the contract's id is derived from the appointment (a create precondition) and
the message is claimed in the notification ledger before it is sent (``notifications/
brokerage-agreement:{business}:{appointment}``); a failed send releases the claim.
The link goes over WhatsApp to a lead Leah met on WhatsApp (the office's WhatsApp number, through
Twilio), and as an SMS from the office's voice number to a caller, the route the meeting
confirmation takes.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from agentlocator.billing import texts_he
from agentlocator.billing.office_contracts import OfficeContracts
from agentlocator.billing.office_templates import agreement_terms_for_lead, office_party
from agentlocator.billing.template_store import TemplateStore
from agentlocator.clock import Clock
from agentlocator.crm.notifications import NotificationLedger
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import NotFound

log = logging.getLogger(__name__)

SendText = Callable[[str, str, str], str]  # (from, to, body) → message sid
WHATSAPP = "whatsapp:"


def ledger_key(business_id: str, appointment_id: str) -> str:
    return f"brokerage-agreement:{business_id}:{appointment_id}"


class AgreementOnBooking:
    def __init__(
        self,
        repos: Repositories,
        templates: TemplateStore,
        contracts: OfficeContracts,
        send: SendText,
        web_app_url: str,
        clock: Clock,
    ) -> None:
        self._repos, self._templates, self._contracts = repos, templates, contracts
        self._send, self._web_app, self._clock = send, web_app_url.rstrip("/"), clock
        self._ledger = NotificationLedger(repos.client)
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()

    def on_meeting_booked(self, business_id: str, phone: str, appointment_id: str) -> str | None:
        """Leah's sentence about the link when one will be sent (the send runs on a thread)."""
        settings = self._templates.settings(business_id)
        if not (settings.send_after_booking and settings.has_active):
            return None
        thread = threading.Thread(
            target=self._send_safely, args=(business_id, phone, appointment_id), daemon=True
        )
        with self._lock:
            self._threads = [t for t in self._threads if t.is_alive()] + [thread]
        thread.start()
        return texts_he.BOOKING_SIGNING_MENTION

    def _send_safely(self, business_id: str, phone: str, appointment_id: str) -> None:
        try:
            self.send_for_viewing(business_id, phone, appointment_id)
        except Exception:  # a link that failed never fails Leah's turn; logged for the office
            log.exception("brokerage agreement for %s not sent", appointment_id)

    def send_for_viewing(self, business_id: str, phone: str, appointment_id: str) -> bool:
        """Create the agreement for the viewing and send its link; False when sent before."""
        template = self._templates.active(business_id)
        if template is None:
            return False
        business = self._repos.businesses.get(business_id)
        lead = self._repos.leads.get(business_id, phone)
        try:
            appointment = self._repos.appointments.get(business_id, appointment_id)
        except NotFound:
            return False
        now = self._clock.now()
        terms = agreement_terms_for_lead(template.defaults, lead)
        contract, token = self._contracts.create_brokerage(
            business_id, office_party(template.defaults, business.name), terms, lead.id,
            "leah", now, template=template, appointment_id=appointment_id,
        )  # fmt: skip
        on_whatsapp = appointment.source == "leah-whatsapp"
        sender = _sender(business.whatsapp_numbers if on_whatsapp else business.voice_numbers)
        if sender is None:
            log.warning("business %s has no number to send the agreement from", business_id)
            return False
        to = lead.phone
        if on_whatsapp:
            sender, to = WHATSAPP + sender, WHATSAPP + to
        name = f" {lead.name}" if lead.name else ""
        url = f"{self._web_app}/sign/{token}"
        invitation = texts_he.BOOKING_SIGNING_INVITATION
        body = invitation.format(client=name, office=business.name, url=url)
        # a failed send is released: the next booking report sends it
        return self._ledger.send_once(
            ledger_key(business_id, appointment_id), now, lambda: self._send(sender, to, body),
            business_id=business_id, to=to, contract=contract.id,
        )  # fmt: skip

    def join(self, timeout: float) -> None:
        """Wait for the sends started so far (tests, and a graceful shutdown)."""
        with self._lock:
            threads = list(self._threads)
        for thread in threads:
            thread.join(timeout)


def _sender(numbers: list[str]) -> str | None:
    return numbers[0] if numbers else None
