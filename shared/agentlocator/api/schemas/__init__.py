"""Request and response bodies of the CRM API (pydantic; the OpenAPI document comes from them)."""
