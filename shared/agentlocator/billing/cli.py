"""``agentlocator billing refund``: a platform operator refunds an office's invoice.

    agentlocator billing refund --business office-1a2b… --invoice 17 [--amount 100.00]

Refunds at the invoice's provider (PayPal or Tranzila), then issues the credit note (חשבונית
מס זיכוי) with the next number and e-mails it to the owner (``billing.refunds``). Without
``--amount`` all that is left on the invoice is refunded; a refund beyond that, a second
refund of money already refunded, or a credit note's number is refused in Hebrew and English
and nothing moves. Prints the credit note as JSON.

Writes where Settings point, like ``agentlocator tenants``: the ``make run`` stack, an emulator
named in the environment, or production (``ENVIRONMENT=production`` + credentials).
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from agentlocator.billing.errors import RefundRefused
from agentlocator.billing.money import parse_shekels
from agentlocator.billing.wiring import Billing
from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.errors import AgentLocatorError, NotFound


def add_parser(commands: Any) -> None:
    billing = commands.add_parser("billing", help="operator actions on offices' billing")
    actions = billing.add_subparsers(dest="billing_command", required=True)
    refund = actions.add_parser("refund", help="refund an invoice and issue its credit note")
    refund.add_argument("--business", required=True, help="the office's business id")
    refund.add_argument("--invoice", required=True, type=int, help="the invoice number")
    refund.add_argument("--amount", help="shekels incl. VAT, e.g. 100.00 (default: what is left)")


class _NoProvisioning:
    """Refunds never put an office live."""

    def provision(self, spec: Any) -> None:
        raise AgentLocatorError("the billing CLI does not provision offices")


def _billing_from_settings() -> Billing:
    from agentlocator.billing.wiring import build_billing
    from agentlocator.crm.firestore_client import make_firestore_client
    from agentlocator.tenants.cli import target_settings

    settings = target_settings()
    return build_billing(settings, make_firestore_client(settings), _NoProvisioning())


def run(args: argparse.Namespace, parts: Billing | None = None, clock: Clock = SYSTEM_CLOCK
        ) -> int:  # fmt: skip
    try:
        amount = parse_shekels(args.amount) if args.amount is not None else None
    except (ValueError, ArithmeticError):
        return _refused(RefundRefused("amount"))
    billing = parts if parts is not None else _billing_from_settings()
    try:
        note = billing.payments.refunds.refund(args.business, args.invoice, amount, clock.now())
    except RefundRefused as refused:
        return _refused(refused)
    except NotFound:
        print(f"error: חשבונית {args.invoice} לא נמצאה / invoice {args.invoice} not found",
              file=sys.stderr)  # fmt: skip
        return 2
    out = {
        "credit_note": note.number,
        "document_id": note.document_id,
        "refers_to": note.refers_to,
        "net_agorot": note.net_agorot,
        "vat_agorot": note.vat_agorot,
        "total_agorot": note.total_agorot,
        "provider": note.provider,
        "refund_reference": note.payment_reference,
        "pdf_path": note.pdf_path,
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=False) + "\n")
    return 0


def _refused(refused: RefundRefused) -> int:
    print(f"error: {refused.message_he}\n       {refused}", file=sys.stderr)
    return 2
