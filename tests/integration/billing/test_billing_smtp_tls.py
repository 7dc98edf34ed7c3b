"""The SMTP client's transport security against a real local server (aiosmtpd): STARTTLS and
implicit TLS with a certificate checked against the trusted CAs (here a test CA, through
``SSL_CERT_FILE``, which OpenSSL's default paths honour), and no fallback to clear text: a
server that offers no STARTTLS, or a certificate nobody vouches for, gets nothing."""

from __future__ import annotations

import ipaddress
import ssl
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from agentlocator.billing.emails import Recipient, notice_email
from agentlocator.billing.smtp_mail import MailUnavailable, Security, SmtpMailer
from agentlocator.devstack.mail_sink import MailSink

LOGIN = ("billing-mailer", "tls-test-password")
OWNER = Recipient("נדל״ן השרון בע״מ", "owner@sharon.example", None)
AT = datetime(2027, 1, 10, 8, 0, tzinfo=UTC)


def _certificate(directory: Path) -> tuple[Path, Path]:
    """A CA-signed-by-itself certificate for 127.0.0.1, valid 2000-2099 (any test date)."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "AgentLocator test SMTP")])
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(datetime(2000, 1, 1, tzinfo=UTC))
        .not_valid_after(datetime(2099, 12, 31, tzinfo=UTC))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "smtp.pem", directory / "smtp.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )  # fmt: skip
    )
    return cert_path, key_path


@pytest.fixture(scope="module")
def server_tls(tmp_path_factory: pytest.TempPathFactory) -> tuple[ssl.SSLContext, Path]:
    cert, key = _certificate(tmp_path_factory.mktemp("smtp-tls"))
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context, cert


@pytest.fixture
def trusted(server_tls: tuple[ssl.SSLContext, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SSL_CERT_FILE", str(server_tls[1]))  # the client trusts the test CA


def _send(port: int, security: Security) -> str:
    mailer = SmtpMailer("127.0.0.1", port, security, LOGIN[0], LOGIN[1], timeout_seconds=10)
    message = notice_email("suspended", "office-1-2027-01-10-suspended", "billing@example.com",
                           OWNER, "https://app.example/billing", AT)  # fmt: skip
    return mailer.send(message)


@pytest.fixture
def starttls_sink(server_tls: tuple[ssl.SSLContext, Path]) -> Iterator[MailSink]:
    with MailSink(credentials=LOGIN, tls=server_tls[0]) as sink:
        yield sink


def test_starttls_with_a_trusted_certificate_delivers(
    starttls_sink: MailSink, trusted: None
) -> None:
    assert _send(starttls_sink.port, "starttls") == (
        "<notice-office-1-2027-01-10-suspended@agentlocator.billing>"
    )
    [received] = starttls_sink.received
    assert received.login == LOGIN[0]
    assert received.parsed()["Subject"] == "השירות הושעה עד להסדרת התשלום"


def test_implicit_tls_delivers(server_tls: tuple[ssl.SSLContext, Path], trusted: None) -> None:
    with MailSink(credentials=LOGIN, tls=server_tls[0], implicit_tls=True) as sink:
        _send(sink.port, "ssl")
        assert len(sink.received) == 1


def test_an_untrusted_certificate_gets_nothing(starttls_sink: MailSink) -> None:
    with pytest.raises(MailUnavailable):
        _send(starttls_sink.port, "starttls")  # the test CA is not trusted here
    assert starttls_sink.received == []


def test_no_starttls_offered_means_no_mail_in_clear() -> None:
    with MailSink(credentials=LOGIN) as plain:
        with pytest.raises(MailUnavailable):
            _send(plain.port, "starttls")
        with pytest.raises(MailUnavailable):
            _send(plain.port, "ssl")
        assert plain.received == []
