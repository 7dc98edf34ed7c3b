"""The one place that builds a Firestore client (once per instance, passed into repositories)."""

from __future__ import annotations

import os

from google.auth.credentials import AnonymousCredentials
from google.cloud import firestore

from agentlocator.config import Settings


def make_firestore_client(settings: Settings) -> firestore.Client:
    if settings.firestore_emulator_host:
        # The SDK switches to the emulator (plaintext, no auth) by this variable.
        os.environ["FIRESTORE_EMULATOR_HOST"] = settings.firestore_emulator_host
        return firestore.Client(project=settings.gcp_project, credentials=AnonymousCredentials())
    return firestore.Client(project=settings.gcp_project)
