"""Hebrew PDFs as people and machines read them: ``pdftotext`` gives the text back in logical
order, ``pdftoppm`` renders a page that is right-aligned (the PNG was also looked at by eye when
this was written: Hebrew RTL, numbers, ₪, dates and English in the right order)."""

from __future__ import annotations

import re
import shutil
import subprocess
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from PIL import Image

from agentlocator.billing import contracts, pdf
from agentlocator.billing.invoices import Invoice, InvoiceParty
from agentlocator.billing.plans import PLANS
from agentlocator.billing.state import BillingRules
from agentlocator.errors import ValidationFailed

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")

OFFICE = contracts.Party("נדל״ן השרון בע״מ", "515555555", "רחוב הרצל 10, רעננה")
AT = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)
_BIDI_MARKS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_HEBREW_WORD = re.compile("[\u05d0-\u05ea\u05f3\u05f4]+")


def hebrew_words(text: str) -> list[str]:
    return _HEBREW_WORD.findall(text)


def in_reading_order(sentence: str, text: str) -> bool:
    """The sentence's Hebrew words appear one after another, in logical (reading) order.
    pdftotext may move spaces and punctuation around embedded numbers and English; the order
    of the Hebrew words themselves is what a visual-order PDF gets wrong."""
    wanted, found = hebrew_words(sentence), hebrew_words(text)
    return any(found[i : i + len(wanted)] == wanted for i in range(len(found)))


def _text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True,
                         capture_output=True, timeout=60).stdout.decode()  # fmt: skip
    return " ".join(_BIDI_MARKS.sub("", out).split())


def _service_contract() -> contracts.ContractDocument:
    return contracts.service_contract(OFFICE, PLANS["pro"], Decimal(18), date(2027, 1, 10),
                                      BillingRules(), retention_days=2)  # fmt: skip


def test_service_contract_text_comes_back_in_logical_hebrew_order(tmp_path: Path) -> None:
    text = _text(pdf.render_contract(_service_contract(), AT), tmp_path)
    # Whole Hebrew sentences, word by word in reading order (a visual-order PDF would give
    # them reversed: "בויחה תפוקת".
    assert "הלקוח רשאי לבטל בכל עת מעמוד החיוב; הביטול ייכנס לתוקף בסוף תקופת החיוב." in text
    for sentence in (
        "על כל תשלום תונפק חשבונית מס קבלה ותישלח בדוא״ל או ב-WhatsApp",
        "תוכנית מקצועי: 599.00 ₪ לחודש בתוספת מע״מ 18%",
        "לאחר 7 ימים ללא תשלום יושעה השירות",
        "הסכם זה נערך ביום 10/01/2027 בין AgentLocator",
    ):
        assert in_reading_order(sentence, text), sentence
    assert not in_reading_order("החיוב תקופת בסוף", text)  # the same words reversed
    assert "בויחה" not in text  # no word spelled backwards
    # Numbers, amounts, dates and English keep their own left-to-right order.
    for token in ("599.00", "107.82", "706.82", "18%", "10/01/2027", "515555555",
                  "WhatsApp", "Google Cloud", "me-west1", "AgentLocator"):  # fmt: skip
        assert token in text, token


def test_brokerage_agreement_carries_what_the_brokers_law_asks(tmp_path: Path) -> None:
    terms = contracts.BrokerageTerms(
        broker_name="דנה כהן", license_number="123456", client_name="משה לוי",
        client_id="123456782", client_phone="050-7654321", deal_type="buy",
        property_address="רחוב ויצמן 5, כפר סבא", fee_percent="2", exclusivity_days=90,
    )  # fmt: skip
    document = contracts.brokerage_agreement(OFFICE, terms, date(2027, 1, 10))
    text = _text(pdf.render_contract(document, AT), tmp_path)
    assert "הזמנת שירותי תיווך (הסכם תיווך)" in text
    assert in_reading_order("דנה כהן, רישיון תיווך מס׳ 123456, מטעם נדל״ן השרון", text)
    assert in_reading_order("2% ממחיר העסקה בתוספת מע״מ כדין", text)
    for token in ("123456", "רחוב ויצמן", "כפר סבא", "2%", "10/04/2027", "משה לוי"):
        assert token in text, token
    with pytest.raises(ValidationFailed):
        contracts.BrokerageTerms(**{**terms.__dict__, "license_number": "12"}).validate()


def test_invoice_pdf_shows_vat_and_number(tmp_path: Path) -> None:
    invoice = Invoice(
        kind="invoice_receipt", business_id="office-a",
        customer=InvoiceParty(name="נדל״ן השרון", business_number="515555555"),
        description="מנוי חודשי לשירות לאה — תוכנית מקצועי (01/2027)", net_agorot=59900,
        vat_agorot=10782, vat_percent=Decimal(18), provider="paypal",
        payment_reference="SALE-1", issued_at=AT, issuer_id="agentlocator",
        issuer=InvoiceParty(name="AgentLocator בע״מ", business_number="515555555"), number=42,
    )  # fmt: skip
    text = _text(pdf.render_invoice(invoice, "10/01/2027"), tmp_path)
    assert "חשבונית מס קבלה מספר 42" in text
    assert in_reading_order("סכום לפני מע״מ: 599.00 ₪ מע״מ 18%: 107.82 ₪ סה״כ לתשלום", text)
    for token in ("599.00", "107.82", "706.82", "18%", "PayPal (SALE-1)"):
        assert token in text, token


def test_rendered_page_is_right_aligned_hebrew(tmp_path: Path) -> None:
    source = tmp_path / "contract.pdf"
    source.write_bytes(pdf.render_contract(_service_contract(), AT))
    subprocess.run(["pdftoppm", "-r", "60", "-png", "-f", "1", "-l", "1", str(source),
                    str(tmp_path / "page")], check=True, timeout=60)  # fmt: skip
    [png] = list(tmp_path.glob("page*.png"))
    page = Image.open(png).convert("L")
    width, height = page.size
    assert 1.35 < height / width < 1.45  # A4
    ink = [(x, y) for x in range(width) for y in range(height) if page.getpixel((x, y)) < 128]  # type: ignore[operator]
    assert len(ink) > 2000
    right = sum(1 for x, _ in ink if x > width * 2 / 3)
    left = sum(1 for x, _ in ink if x < width / 3)
    assert right > left  # short lines hug the right margin, as right-to-left text does


def test_same_input_same_bytes() -> None:
    """The SHA-256 a signer agrees to must be reproducible."""
    document = _service_contract()
    assert pdf.render_contract(document, AT) == pdf.render_contract(document, AT)
