"""Checking ``X-Twilio-Signature`` with twilio's own ``RequestValidator``.

Twilio signs the exact public URL it requested (scheme, host, path, query) plus the sorted form
fields. Behind Cloud Functions, a load balancer or a tunnel the URL the server sees differs
(``http://`` internally, another host), so the URL is rebuilt: from the configured public base
URL, and from ``X-Forwarded-Proto``/``X-Forwarded-Host`` when a proxy sets them. A request passes
when its signature matches one of those URLs; either way the HMAC needs the auth token, so the
rebuilt host cannot help a forger.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from twilio.request_validator import RequestValidator, get_signature_algorithm

from agentlocator.errors import BadSignature

SIGNATURE_HEADER = "X-Twilio-Signature"
SIGNATURE_SETTINGS_HEADER = "X-Twilio-Webhooks-Signature-Settings"


@dataclass(frozen=True)
class SignedRequest:
    """What the check needs from an HTTP request, free of any web framework.

    ``path`` is the full path the client asked for (a mount prefix included); ``query`` is the
    raw query string without ``?``; ``form`` holds every value of every form field.
    """

    path: str
    query: str
    form: Mapping[str, Sequence[str]]
    headers: Mapping[str, str]

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        for key, value in self.headers.items():
            if key.lower() == wanted:
                return value
        return None


class _FormValues:
    """The multi-value view ``RequestValidator`` asks for (``getlist``), so a repeated field is
    signed exactly as Twilio signed it."""

    def __init__(self, form: Mapping[str, Sequence[str]]) -> None:
        self._form = form

    def __iter__(self) -> Iterator[str]:
        return iter(self._form)

    def __len__(self) -> int:
        return len(self._form)

    def getlist(self, name: str) -> list[str]:
        return list(self._form[name])


def public_urls(
    request: SignedRequest, public_base_url: str, configured_path: str | None = None
) -> list[str]:
    """The URLs Twilio may have called to reach this request, best guess first.

    ``configured_path`` is the path the webhook is configured under (``/voice_incoming``), for
    platforms that strip it before the function sees the request."""
    query = "?" + request.query if request.query else ""
    seen_path = request.path if request.path.startswith("/") else "/" + request.path
    paths = [seen_path] + ([configured_path] if configured_path else [])
    bases = [public_base_url.rstrip("/")]
    forwarded_host = _first(request.header("X-Forwarded-Host"))
    if forwarded_host:
        scheme = _first(request.header("X-Forwarded-Proto")) or urlsplit(bases[0]).scheme
        bases.append(f"{scheme}://{forwarded_host}")
    urls: list[str] = []
    for base in bases:
        for path in paths:
            url = base + path + query
            if url not in urls:
                urls.append(url)
    return urls


def verify_twilio_request(
    request: SignedRequest,
    auth_token: str,
    public_base_url: str,
    configured_path: str | None = None,
) -> None:
    """Return quietly when Twilio signed this request; otherwise raise ``BadSignature``."""
    signature = request.header(SIGNATURE_HEADER)
    if not signature:
        raise BadSignature("missing X-Twilio-Signature")
    if not auth_token:
        raise BadSignature("no Twilio auth token configured")
    validator = RequestValidator(auth_token)
    algorithm = get_signature_algorithm(request.header(SIGNATURE_SETTINGS_HEADER))
    params = _FormValues(request.form)
    for url in public_urls(request, public_base_url, configured_path):
        if validator.validate(url, params, signature, algorithm=algorithm):
            return
    raise BadSignature("X-Twilio-Signature does not match")


def _first(header_value: str | None) -> str | None:
    """Proxies chain values (``https, http``): the first is what the client used."""
    if not header_value:
        return None
    first = header_value.split(",")[0].strip()
    return first or None
