"""Firebase Auth adapters: ID-token verification and the user directory (custom claims).

One firebase_admin app per process, named so it never collides with another module's default
app. Against the Auth emulator (FIREBASE_AUTH_EMULATOR_HOST set) the Admin SDK needs only the
project id, no credential.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol

import firebase_admin
from firebase_admin import auth as firebase_auth

from agentlocator.config import Settings
from agentlocator.errors import Unauthenticated

APP_NAME = "agentlocator-crm-api"
_lock = threading.Lock()


def firebase_app(settings: Settings) -> firebase_admin.App:
    with _lock:
        try:
            return firebase_admin.get_app(APP_NAME)
        except ValueError:
            pass
        if settings.firebase_auth_emulator_host and settings.is_local:
            # The Admin SDK reads the emulator address from the environment (and then accepts
            # unsigned tokens): only ever in local/test.
            os.environ["FIREBASE_AUTH_EMULATOR_HOST"] = settings.firebase_auth_emulator_host
        # No credential: application default in the cloud, none needed by the emulator.
        return firebase_admin.initialize_app(
            options={"projectId": settings.gcp_project}, name=APP_NAME
        )


class FirebaseTokenVerifier:
    def __init__(self, app: firebase_admin.App) -> None:
        self._app = app

    def verify(self, token: str) -> Mapping[str, Any]:
        try:
            # check_revoked: a removed or re-roled person's signed-in session ends at once
            # (one Auth getUser per request; see docs/api.md).
            claims: dict[str, Any] = firebase_auth.verify_id_token(
                token, app=self._app, check_revoked=True
            )
        except (
            ValueError,
            firebase_auth.InvalidIdTokenError,
            firebase_auth.ExpiredIdTokenError,
            firebase_auth.RevokedIdTokenError,
            firebase_auth.CertificateFetchError,
            firebase_auth.UserDisabledError,
        ) as exc:
            raise Unauthenticated("invalid token") from exc
        return claims


@dataclass(frozen=True)
class DirectoryUser:
    uid: str
    email: str | None
    display_name: str | None
    claims: Mapping[str, Any]


class UserDirectory(Protocol):
    def find_or_create(self, email: str, display_name: str | None) -> DirectoryUser: ...

    def get(self, uid: str) -> DirectoryUser | None: ...

    def set_claims(self, uid: str, claims: Mapping[str, Any] | None) -> None: ...

    def invite_link(self, email: str) -> str | None: ...


class FirebaseUserDirectory:
    def __init__(self, app: firebase_admin.App) -> None:
        self._app = app

    def _user(self, record: Any) -> DirectoryUser:
        return DirectoryUser(
            uid=record.uid,
            email=record.email,
            display_name=record.display_name,
            claims=dict(record.custom_claims or {}),
        )

    def find_or_create(self, email: str, display_name: str | None) -> DirectoryUser:
        try:
            return self._user(firebase_auth.get_user_by_email(email, app=self._app))
        except firebase_auth.UserNotFoundError:
            pass
        try:
            record = firebase_auth.create_user(
                email=email, display_name=display_name or None, app=self._app
            )
        except firebase_auth.EmailAlreadyExistsError:  # created meanwhile by someone else
            record = firebase_auth.get_user_by_email(email, app=self._app)
        return self._user(record)

    def get(self, uid: str) -> DirectoryUser | None:
        try:
            return self._user(firebase_auth.get_user(uid, app=self._app))
        except firebase_auth.UserNotFoundError:
            return None

    def set_claims(self, uid: str, claims: Mapping[str, Any] | None) -> None:
        before = dict(firebase_auth.get_user(uid, app=self._app).custom_claims or {})
        firebase_auth.set_custom_user_claims(uid, dict(claims) if claims else None, app=self._app)
        if before and before != dict(claims or {}):
            # Removal or any role change: revoke, so the ID token they hold is refused on the
            # next request (tokens are checked with check_revoked) and they sign in again.
            firebase_auth.revoke_refresh_tokens(uid, app=self._app)

    def invite_link(self, email: str) -> str | None:
        """A link where a newly added person sets their password (Firebase's own page)."""
        try:
            link: str = firebase_auth.generate_password_reset_link(email, app=self._app)
        except firebase_auth.UserNotFoundError:
            return None
        return link
