"""stream_claims on the Firestore emulator: one stream per token, also for a call's later token."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest

from agentlocator.crm.repositories import Repositories
from agentlocator.crm.stream_claims import KEEP_CLAIMS, StreamClaimRepository

pytestmark = pytest.mark.emulators
AT = datetime(2026, 11, 30, 10, 0, tzinfo=UTC)


def test_a_later_token_replaces_the_claim_exactly_once_under_a_race(
    repos: Repositories, demo_business: object
) -> None:
    claims = StreamClaimRepository(repos.client)
    assert claims.claim("CA1", "MZ-first", "biz", AT, token_expires=1_000)
    assert not claims.claim("CA1", "MZ-replay", "biz", AT, token_expires=1_000)
    with ThreadPoolExecutor(8) as pool:
        won = list(
            pool.map(
                lambda i: claims.claim("CA1", f"MZ-back-{i}", "biz", AT, token_expires=2_000),
                range(8),
            )
        )
    assert won.count(True) == 1
    assert claims.claimed_by("CA1") == f"MZ-back-{won.index(True)}"
    assert not claims.claim("CA1", "MZ-old", "biz", AT, token_expires=1_000)


def test_a_claim_carries_its_expiry_for_the_ttl_policy(
    repos: Repositories, demo_business: object
) -> None:
    StreamClaimRepository(repos.client).claim("CA2", "MZ1", "biz", AT, token_expires=1_000)
    stored = repos.client.collection("stream_claims").document("CA2").get().to_dict()
    assert stored["expire_at"] == AT + KEEP_CLAIMS
