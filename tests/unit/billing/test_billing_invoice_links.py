"""Invoice download links and the text sent with them (pure)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from agentlocator.billing.invoice_delivery import invoice_message
from agentlocator.billing.invoice_links import invoice_link_token, read_invoice_link_token
from agentlocator.billing.invoices import (
    Invoice,
    InvoiceParty,
    credit_note_for,
    invoice_for_payment,
)
from agentlocator.billing.money import PriceBreakdown
from agentlocator.billing.signing import read_signing_token
from agentlocator.errors import BadSignature

AT = datetime(2027, 12, 31, 22, 30, tzinfo=UTC)  # the year's last night in Israel
PARTY = InvoiceParty(name="נדל״ן השרון", business_number="513000004")


def _invoice() -> Invoice:
    price = PriceBreakdown.of_net(59900, Decimal(18))
    draft = invoice_for_payment("office-a", PARTY, "מנוי", price, "paypal", "S-1", AT)
    return Invoice(**draft.model_dump(), issuer_id="agentlocator", issuer=PARTY, number=7)


def test_a_link_opens_its_invoice_until_it_expires_and_nothing_else() -> None:
    token = invoice_link_token("secret", "agentlocator-00000007", AT + timedelta(days=30))
    assert read_invoice_link_token("secret", token, AT) == "agentlocator-00000007"
    with pytest.raises(BadSignature):
        read_invoice_link_token("secret", token, AT + timedelta(days=30))
    with pytest.raises(BadSignature):
        read_invoice_link_token("other-secret", token, AT)
    with pytest.raises(BadSignature):  # not a contract signing link either
        read_signing_token("secret", token, AT)


def test_the_text_names_the_document_its_total_and_the_link() -> None:
    invoice = _invoice()
    expected = "AgentLocator: חשבונית מס קבלה מס׳ 7 על סך 706.82 ₪ הופקה. להורדה: https://x/l"
    assert invoice_message(invoice, "https://x/l") == expected
    note = credit_note_for(invoice, "R-1", AT)
    refund = Invoice(**note.model_dump(), issuer_id="agentlocator", issuer=PARTY, number=8)
    expected = "AgentLocator: חשבונית מס זיכוי מס׳ 8 על סך 706.82 ₪ הופקה. להורדה: https://x/l"
    assert invoice_message(refund, "https://x/l") == expected
