"""Seal signed contracts with the platform's certificate (pyhanko, PAdES-style CMS signature).

The seal makes any change to a signed contract visible: the signer's SHA-256 covers the PDF
they were shown; the seal covers the signed PDF with their signature block. Production reads
the certificate and key (PEM) from Secret Manager into settings; tests generate their own.
"""

from __future__ import annotations

from io import BytesIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

SEAL_FIELD = "AgentLocatorSeal"


class PlatformSeal:
    def __init__(self, cert_pem: bytes, key_pem: bytes) -> None:
        cert = x509.load_pem_x509_certificate(cert_pem)
        key = serialization.load_pem_private_key(key_pem, password=None)
        der_key = key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        self._cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        self._signer = signers.SimpleSigner(
            signing_cert=self._cert,
            signing_key=asn1_keys.PrivateKeyInfo.load(der_key),
            cert_registry=SimpleCertificateStore.from_certs([self._cert]),  # type: ignore[no-untyped-call]
        )

    def seal(self, pdf: bytes) -> bytes:
        writer = IncrementalPdfFileWriter(BytesIO(pdf))
        meta = signers.PdfSignatureMetadata(
            field_name=SEAL_FIELD, reason="AgentLocator", location="IL"
        )
        out = signers.sign_pdf(writer, meta, signer=self._signer)
        return bytes(out.getvalue())

    def verify(self, pdf: bytes) -> bool:
        """True when the seal is ours and covers the whole file (nothing appended after)."""
        reader = PdfFileReader(BytesIO(pdf))
        if not reader.embedded_signatures:
            return False
        context = ValidationContext(trust_roots=[self._cert], allow_fetching=False)
        status = validate_pdf_signature(reader.embedded_signatures[0], context)
        return bool(
            status.intact
            and status.valid
            and status.trusted
            and status.coverage
            and status.coverage.name == "ENTIRE_FILE"
        )
