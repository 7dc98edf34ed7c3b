"""Build billing's parts from Settings once per instance (entry points and tests share it)."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import requests
from google.cloud import firestore

from agentlocator.billing.agreement_on_booking import AgreementOnBooking
from agentlocator.billing.documents import DocumentStore
from agentlocator.billing.invoice_delivery import Channels, InvoiceDelivery
from agentlocator.billing.invoices import InvoiceParty
from agentlocator.billing.notice_delivery import NoticeDelivery
from agentlocator.billing.number_pool import NumberPool
from agentlocator.billing.office_contracts import OfficeContracts
from agentlocator.billing.onboarding import ContractTerms, Onboarding
from agentlocator.billing.payment_method import PaymentMethodChanges
from agentlocator.billing.payments import Payments, Urls
from agentlocator.billing.paypal_api import PayPalApi
from agentlocator.billing.paypal_webhooks import (
    CertificateSource,
    WebhookRejected,
    WebhookVerifier,
    load_test_roots,
)
from agentlocator.billing.provisioning import TenantProvisioner
from agentlocator.billing.seal import PlatformSeal
from agentlocator.billing.smtp_mail import SmtpMailer
from agentlocator.billing.state import BillingRules
from agentlocator.billing.store import AccountStore, Documents, EventLedger, InvoiceBook
from agentlocator.billing.template_store import TemplateStore
from agentlocator.billing.tranzila import TranzilaApi
from agentlocator.cloud_storage import make_storage_client
from agentlocator.config import Settings, smtp_host_allowed
from agentlocator.crm.repositories import Repositories
from agentlocator.errors import AgentLocatorError

log = logging.getLogger(__name__)
CERT_FETCH_TIMEOUT = 10
# Settings whose local defaults must never reach production (they sign or verify money).
_SECRETS = ("signing_link_secret", "paypal_client_secret", "paypal_webhook_id", "tranzila_secret")


class BillingMisconfigured(AgentLocatorError):
    """Production started with a local default secret."""


def check_production(settings: Settings) -> None:
    if settings.environment != "production":
        return
    defaults = Settings.model_fields
    left = [name for name in _SECRETS if getattr(settings, name) == defaults[name].default]
    if left:
        raise BillingMisconfigured(f"local default in production: {', '.join(left)}")


def fetch_certificate(url: str) -> bytes:
    try:
        response = requests.get(url, timeout=CERT_FETCH_TIMEOUT, allow_redirects=False)
    except requests.RequestException as exc:
        raise WebhookRejected("certificate could not be fetched") from exc
    if response.status_code != 200:
        raise WebhookRejected(f"certificate fetch: HTTP {response.status_code}")
    return response.content


@dataclass(frozen=True)
class Billing:
    settings: Settings
    onboarding: Onboarding
    payments: Payments
    documents: DocumentStore
    seal: PlatformSeal | None
    rules: BillingRules
    office_contracts: OfficeContracts
    payment_method: PaymentMethodChanges
    templates: TemplateStore


def owner_channels(settings: Settings) -> Channels | None:
    """How office owners are reached, or None where nothing could be sent. E-mail needs an SMTP
    host (outside production only a loopback one: a local sink); SMS needs a sending number
    (outside production only a Twilio stand-in, ``TWILIO_API_BASE``, receives)."""
    send_mail = None
    if smtp_host_allowed(settings):
        assert settings.smtp_host is not None
        send_mail = SmtpMailer(
            settings.smtp_host,
            settings.smtp_port,
            settings.smtp_security,
            settings.smtp_username,
            settings.smtp_password,
            settings.smtp_timeout_seconds,
        ).send
    send_text = None
    texts = settings.environment == "production" or bool(settings.twilio_api_base)
    if settings.billing_sms_from is not None and texts:
        from agentlocator.telephony.notify import twilio_sender  # only senders pay for Twilio

        send_text = twilio_sender(settings)
    if send_mail is None and send_text is None:
        return None
    billing_url = f"{settings.cors_origins[0].rstrip('/')}/billing"
    return Channels(send_mail, settings.billing_email_from, send_text, settings.billing_sms_from,
                    billing_url)  # fmt: skip


def invoice_delivery(
    settings: Settings, client: firestore.Client, documents: DocumentStore
) -> InvoiceDelivery | None:
    channels = owner_channels(settings)
    if channels is None:
        return None
    link_base = f"{settings.public_base_url.rstrip('/')}/crm"
    return InvoiceDelivery(client, channels, documents.get, settings.signing_link_secret,
                           settings.invoice_link_days, link_base)  # fmt: skip


def build_billing(
    settings: Settings, client: firestore.Client, provisioner: TenantProvisioner
) -> Billing:
    check_production(settings)
    rules = BillingRules()
    terms = ContractTerms(settings.billing_vat_percent, rules, settings.recording_retention_days)
    onboarding = Onboarding(Documents(client, "signups"), terms)
    documents = DocumentStore(make_storage_client(settings), settings.contracts_bucket)
    issuer = InvoiceParty(
        name=settings.billing_issuer_name, business_number=settings.billing_issuer_number
    )
    certificates = CertificateSource(
        fetch_certificate,
        settings.paypal_test_cert_hosts,
        settings.environment,
        load_test_roots(settings.paypal_test_root_ca),
    )
    paypal = PayPalApi(
        settings.paypal_client_id,
        settings.paypal_client_secret,
        settings.paypal_api_base,
        live=settings.paypal_live,
    )
    tranzila = TranzilaApi(
        settings.tranzila_terminal,
        settings.tranzila_app_key,
        settings.tranzila_secret,
        settings.tranzila_api_base,
        settings.tranzila_iframe_base,
    )
    accounts = AccountStore(client)
    refs = Documents(client, "billing_refs")
    channels = owner_channels(settings)
    payments = Payments(
        accounts=accounts,
        ledger=EventLedger(client),
        invoices=InvoiceBook(client, settings.billing_issuer_id, issuer),
        onboarding=onboarding,
        refs=refs,
        orders=Documents(client, "tranzila_orders"),
        paypal_plans=Documents(client, "paypal_plans"),
        documents=documents,
        provisioner=provisioner,
        rules=rules,
        vat_percent=settings.billing_vat_percent,
        urls=Urls(web_app=settings.cors_origins[0], functions=settings.public_base_url),
        paypal=paypal,
        paypal_verifier=WebhookVerifier(settings.paypal_webhook_id, certificates),
        numbers=NumberPool(client),
        tranzila=tranzila,
        refund_intents=Documents(client, "refund_intents"),
        deliver=invoice_delivery(settings, client, documents),
        notices=NoticeDelivery(client, accounts, channels) if channels else None,
    )
    seal = platform_seal(settings)
    office_contracts = OfficeContracts(
        client, documents, seal, settings.signing_link_secret, settings.signing_link_days
    )
    payment_method = PaymentMethodChanges(
        accounts=accounts,
        changes=Documents(client, "payment_method_changes"),
        refs=refs,
        onboarding=onboarding,
        paypal=paypal,
        tranzila=tranzila,
        web_app=settings.cors_origins[0],
        hosted_fields_js=settings.tranzila_hosted_fields_js,
        vat_percent=settings.billing_vat_percent,
    )
    return Billing(settings, onboarding, payments, documents, seal, rules, office_contracts,
                   payment_method, TemplateStore(client))  # fmt: skip


def platform_seal(settings: Settings) -> PlatformSeal | None:
    if settings.platform_seal_cert_pem and settings.platform_seal_key_pem:
        return PlatformSeal(
            settings.platform_seal_cert_pem.encode(), settings.platform_seal_key_pem.encode()
        )
    return None


def agreement_on_booking(repos: Repositories, settings: Settings) -> AgreementOnBooking | None:
    """The brokerage agreement sent after Leah books a viewing; None where nothing could be
    sent (outside production only a Twilio stand-in receives, as for meeting confirmations)."""
    if settings.environment != "production" and not settings.twilio_api_base:
        return None
    try:
        check_production(settings)
    except BillingMisconfigured:  # Leah keeps answering; only the agreements are not sent
        log.exception("brokerage agreements after bookings are off: billing misconfigured")
        return None
    from agentlocator.telephony.notify import twilio_sender  # only senders pay for Twilio

    documents = DocumentStore(make_storage_client(settings), settings.contracts_bucket)
    contracts = OfficeContracts(
        repos.client,
        documents,
        platform_seal(settings),
        settings.signing_link_secret,
        settings.signing_link_days,
    )
    return AgreementOnBooking(
        repos,
        TemplateStore(repos.client),
        contracts,
        twilio_sender(settings),
        settings.cors_origins[0],
        repos.clock,
    )
