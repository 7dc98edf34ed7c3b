"""Hebrew right-to-left PDFs with fpdf2 and HarfBuzz shaping (contracts and invoices).

Text is passed in logical order; HarfBuzz (``set_text_shaping(use_shaping_engine=True)``) applies
the bidi algorithm, so Hebrew, numbers, ₪, dates and English come out in the right order. The
paragraph direction is left unset on purpose: forcing RTL misplaces the period of an English
sentence. Fonts come from Debian packages (``fonts-noto-core``: Noto Sans Hebrew, with Noto Sans
as the fallback for Latin letters); ``scripts/setup.sh`` installs them.

Output is deterministic for the same input and ``created_at`` (the SHA-256 a signer agrees to
must be reproducible).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from agentlocator.billing import texts_he
from agentlocator.billing.contracts import ContractDocument
from agentlocator.billing.invoices import Invoice
from agentlocator.billing.money import shekels
from agentlocator.errors import AgentLocatorError

FONT_DIR = Path("/usr/share/fonts/truetype/noto")
HEBREW_FONT = FONT_DIR / "NotoSansHebrew-Regular.ttf"
HEBREW_BOLD = FONT_DIR / "NotoSansHebrew-Bold.ttf"
LATIN_FONT = FONT_DIR / "NotoSans-Regular.ttf"
LATIN_BOLD = FONT_DIR / "NotoSans-Bold.ttf"


class FontsMissing(AgentLocatorError):
    """The Debian font package is not installed (``scripts/setup.sh`` installs it)."""


@dataclass(frozen=True)
class SignatureBlock:
    typed_name: str
    signed_at: str  # already formatted for people (Asia/Jerusalem)
    ip: str
    document_sha256: str
    client_id: str | None = None  # typed by the signer when the agreement had none


def _document(created_at: datetime, title: str) -> FPDF:
    for font in (HEBREW_FONT, HEBREW_BOLD, LATIN_FONT, LATIN_BOLD):
        if not font.exists():
            raise FontsMissing(f"font file missing: {font} (install fonts-noto-core)")
    pdf = FPDF(format="A4")
    pdf.set_creation_date(created_at)
    pdf.set_title(title)
    pdf.set_lang("he")
    pdf.set_creator("AgentLocator")
    pdf.add_font("hebrew", "", str(HEBREW_FONT))
    pdf.add_font("hebrew", "B", str(HEBREW_BOLD))
    pdf.add_font("latin", "", str(LATIN_FONT))
    pdf.add_font("latin", "B", str(LATIN_BOLD))
    pdf.set_fallback_fonts(["latin"])
    pdf.set_text_shaping(use_shaping_engine=True)
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    return pdf


def _line(pdf: FPDF, text: str, size: float = 11, bold: bool = False, gap: float = 1.5) -> None:
    pdf.set_font("hebrew", "B" if bold else "", size)
    pdf.multi_cell(0, size * 0.55, text, align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(gap)


def render_contract(
    doc: ContractDocument, created_at: datetime, signature: SignatureBlock | None = None
) -> bytes:
    pdf = _document(created_at, doc.title)
    _line(pdf, doc.title, size=17, bold=True, gap=4)
    _line(pdf, doc.preamble, gap=4)
    for number, (heading, body) in enumerate(doc.clauses, 1):
        _line(pdf, f"{number}. {heading}", bold=True, gap=0.5)
        _line(pdf, body, gap=3)
    _line(pdf, f"{doc.template_id}", size=8, gap=2)
    if signature is not None:
        pdf.ln(4)
        _line(pdf, texts_he.CONSENT, size=10)
        _line(pdf, f"{texts_he.SIGNED_BY}: {signature.typed_name}", bold=True)
        if signature.client_id:
            _line(pdf, f"{texts_he.SIGNER_ID}: {signature.client_id}")
        _line(pdf, f"{texts_he.SIGNED_AT}: {signature.signed_at}")
        _line(pdf, f"{texts_he.SIGNED_FROM}: {signature.ip}")
        _line(pdf, f"{texts_he.DOCUMENT_HASH}:", size=9, gap=0)
        _line(pdf, signature.document_sha256, size=8)
    return bytes(pdf.output())


def render_invoice(invoice: Invoice, shown_date: str) -> bytes:
    title = (
        texts_he.INVOICE_TITLE if invoice.kind == "invoice_receipt" else texts_he.CREDIT_NOTE_TITLE
    )
    pdf = _document(invoice.issued_at, f"{title} {invoice.number}")
    _line(pdf, f"{title} {texts_he.INVOICE_NUMBER} {invoice.number}", size=16, bold=True)
    _line(pdf, texts_he.ORIGINAL_DOCUMENT, size=9, gap=3)
    _line(pdf, f"{texts_he.INVOICE_DATE}: {shown_date}")
    issuer = invoice.issuer
    _line(
        pdf, f"{texts_he.ISSUER}: {issuer.name}, {texts_he.COMPANY_NUMBER} {issuer.business_number}"
    )
    customer = invoice.customer
    _line(
        pdf,
        f"{texts_he.CUSTOMER}: {customer.name}, {texts_he.COMPANY_NUMBER} "
        f"{customer.business_number}",
        gap=4,
    )
    if invoice.refers_to is not None:
        _line(pdf, f"{texts_he.REFERS_TO} {invoice.refers_to}")
    _line(pdf, f"{texts_he.DESCRIPTION}: {invoice.description}", gap=3)
    vat_label = texts_he.VAT.format(percent=f"{invoice.vat_percent.normalize():f}")
    _line(pdf, f"{texts_he.NET}: {shekels(invoice.net_agorot)} ₪")
    _line(pdf, f"{vat_label}: {shekels(invoice.vat_agorot)} ₪")
    _line(pdf, f"{texts_he.TOTAL}: {shekels(invoice.total_agorot)} ₪", bold=True, gap=3)
    provider = texts_he.PROVIDER_NAMES.get(invoice.provider, invoice.provider)
    _line(pdf, f"{texts_he.PAID_BY}: {provider} ({invoice.payment_reference})", size=9)
    return bytes(pdf.output())
