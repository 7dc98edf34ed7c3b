"""Issue 13, item 3: removed or demoted staff lose their powers on their next request, not when
their ID token expires. Tokens are checked for revocation, removal and role changes revoke, and
the role comes from the membership record."""

from __future__ import annotations

import time

import httpx
import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from agentlocator.crm.users import MembershipRepository
from tests.security.conftest import SecurityStack

pytestmark = [pytest.mark.emulators]


def test_a_removed_person_is_refused_at_once(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    admin = security_stack.new_staff(repos, demo_business.id, "admin")
    assert httpx.get(security_stack.crm("/leads"), headers=admin.headers()).status_code == 200
    time.sleep(1.1)  # revocation has one-second resolution: revoke after the token's second
    removed = httpx.delete(security_stack.crm(f"/users/{admin.uid}"), headers=owner.headers())
    assert removed.status_code == 200
    # the token they still hold was issued before the removal
    after = httpx.get(security_stack.crm("/leads"), headers=admin.headers())
    assert after.status_code == 401
    assert after.json()["message_he"]


def test_a_demoted_admin_loses_admin_powers_on_the_next_request(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    admin = security_stack.new_staff(repos, demo_business.id, "admin")
    users = security_stack.crm("/users")
    assert httpx.get(users, headers=admin.headers()).status_code == 200
    time.sleep(1.1)  # revocation has one-second resolution: revoke after the token's second
    demoted = httpx.patch(
        security_stack.crm(f"/users/{admin.uid}"), json={"role": "agent"}, headers=owner.headers()
    )
    assert demoted.status_code == 200
    assert httpx.get(users, headers=admin.headers()).status_code == 401  # session revoked
    time.sleep(1.1)  # a new sign-in must be issued after the revocation second
    fresh = admin.headers() | {
        "Authorization": f"Bearer {security_stack.sign_in(admin.email, admin.password)}"
    }
    assert httpx.get(security_stack.crm("/leads"), headers=fresh).status_code == 200
    assert httpx.get(users, headers=fresh).status_code == 403  # an agent now


def test_the_role_comes_from_the_membership_record_not_the_token(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    """Claims still say admin (a token issued earlier, or claims not yet rewritten): the
    membership record decides."""
    admin = security_stack.new_staff(repos, demo_business.id, "admin")
    MembershipRepository(repos.client, repos.clock).set_role(demo_business.id, admin.uid, "agent")
    response = httpx.get(security_stack.crm("/users"), headers=admin.headers())
    assert response.status_code == 403
    me = httpx.get(security_stack.crm("/me"), headers=admin.headers())
    assert me.json()["role"] == "agent"


def test_claims_without_a_membership_record_get_nothing(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    ghost = security_stack.new_staff(repos, demo_business.id, "owner")
    MembershipRepository(repos.client, repos.clock).remove(demo_business.id, ghost.uid)
    response = httpx.get(security_stack.crm("/leads"), headers=ghost.headers())
    assert response.status_code == 403
