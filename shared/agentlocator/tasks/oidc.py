"""Checking the OIDC token Cloud Tasks attaches to the requests it makes.

A task created with ``oidc_token {service_account_email, audience}`` arrives with
``Authorization: Bearer <Google-signed JWT>``. IAM (invoker role) checks it before the function
runs; we check it again in code, so a function deployed open by mistake, or a header an
attacker can set (``X-CloudTasks-QueueName``), admits nothing: the token must be signed by
Google's keys (``certs_url``), be for this function's URL (audience), be unexpired and name the
tasks service account with a verified email.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Callable, Mapping
from typing import Any

import requests
from google.auth import exceptions as auth_exceptions
from google.auth import jwt

from agentlocator.errors import BadSignature

GOOGLE_ISSUERS = frozenset({"https://accounts.google.com", "accounts.google.com"})
_BEARER = re.compile(r"^Bearer\s+([A-Za-z0-9_.=-]{1,8192})$")
# Google rotates its keys over days and publishes them hours ahead: an hour's cache is safe,
# and a token signed by a key we have not seen refreshes the cache once.
CERTS_CACHE_SECONDS = 3600.0

CertsFetcher = Callable[[str], Mapping[str, str]]


def fetch_certs(certs_url: str) -> Mapping[str, str]:
    """``{key id: x509 PEM}`` from a Google-style certs endpoint."""
    response = requests.get(certs_url, timeout=10)
    response.raise_for_status()
    certs = response.json()
    if not isinstance(certs, dict) or not all(isinstance(v, str) for v in certs.values()):
        raise BadSignature("unexpected certs document")
    return certs


class TaskTokenVerifier:
    def __init__(
        self,
        *,
        audience: str,
        service_account: str,
        certs_url: str,
        fetch: CertsFetcher = fetch_certs,
    ) -> None:
        self._audience = audience
        self._service_account = service_account
        self._certs_url = certs_url
        self._fetch = fetch
        self._certs: Mapping[str, str] = {}
        self._fetched_at = -CERTS_CACHE_SECONDS
        self._lock = threading.Lock()

    def _current_certs(self, key_id: str | None) -> Mapping[str, str]:
        with self._lock:
            stale = time.monotonic() - self._fetched_at > CERTS_CACHE_SECONDS
            if stale or (key_id is not None and key_id not in self._certs):
                try:
                    self._certs = self._fetch(self._certs_url)
                except (requests.RequestException, ValueError) as exc:
                    raise BadSignature("cannot fetch the token signing keys") from exc
                self._fetched_at = time.monotonic()
            return self._certs

    def verify(self, authorization: str | None) -> Mapping[str, Any]:
        """The token's claims; ``BadSignature`` unless it is the tasks account's, for us."""
        match = _BEARER.match((authorization or "").strip())
        if not match:
            raise BadSignature("missing Cloud Tasks OIDC token")
        token = match.group(1)
        try:
            key_id = jwt.decode_header(token).get("kid")  # type: ignore[no-untyped-call]
            claims: Mapping[str, Any] = jwt.decode(  # type: ignore[no-untyped-call]
                token, certs=self._current_certs(key_id), audience=self._audience
            )
        except (ValueError, auth_exceptions.GoogleAuthError) as exc:
            raise BadSignature("Cloud Tasks OIDC token does not verify") from exc
        if claims.get("iss") not in GOOGLE_ISSUERS:
            raise BadSignature("OIDC token from another issuer")
        if claims.get("email") != self._service_account or claims.get("email_verified") is not True:
            raise BadSignature("OIDC token of another account")
        return claims
