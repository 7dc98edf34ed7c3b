"""Tenants: one business = one tenant. ``provision`` is the single way one comes to life.

Pure: ``spec`` (TenantSpec, validation) and ``documents`` (what gets written). The service
functions live in ``provisioning`` and write through ``crm.tenants.TenantWriter``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from agentlocator.tenants.spec import TenantOwner, TenantSpec, parse_tenant_spec

if TYPE_CHECKING:
    from agentlocator.tenants.provisioning import (
        ProvisionedTenant,
        disable,
        list_tenants,
        provision,
    )

__all__ = [
    "ProvisionedTenant",
    "TenantOwner",
    "TenantSpec",
    "disable",
    "list_tenants",
    "parse_tenant_spec",
    "provision",
]


def __getattr__(name: str) -> Any:
    # The service functions import the Firestore SDK; load them only when asked for, so the pure
    # spec stays importable without it.
    if name in {"ProvisionedTenant", "disable", "list_tenants", "provision"}:
        from agentlocator.tenants import provisioning

        return getattr(provisioning, name)
    raise AttributeError(name)
