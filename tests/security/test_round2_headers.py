"""Round 2 (PROBES_ROUND2.md 36-40): security headers on the web app and the functions, CORS,
what error bodies give away, and whether every secret is compared in constant time."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import httpx
import pytest

from agentlocator.crm.models import Business
from agentlocator.crm.repositories import Repositories
from tests.security.conftest import ROOT, SecurityStack

pytestmark = [pytest.mark.emulators]


def _hosting_headers() -> dict[str, str]:
    config = json.loads((ROOT / "firebase.json").read_text(encoding="utf-8"))
    for rule in config["hosting"]["headers"]:
        if rule["source"] == "**":
            return {h["key"].lower(): h["value"] for h in rule["headers"]}
    return {}


def test_the_web_app_sends_the_security_headers() -> None:
    headers = _hosting_headers()
    csp = {
        part.strip().split(" ", 1)[0]: part.strip()
        for part in headers.get("content-security-policy", "").split(";")
        if part.strip()
    }
    assert csp.get("frame-ancestors") == "frame-ancestors 'none'", csp
    assert "script-src" in csp and "'unsafe-inline'" not in csp["script-src"], csp
    assert csp.get("base-uri") == "base-uri 'self'", csp
    assert "default-src" in csp, csp
    assert headers.get("strict-transport-security", "").startswith("max-age=")
    assert headers.get("x-content-type-options") == "nosniff"
    assert headers.get("referrer-policy") in ("strict-origin-when-cross-origin", "no-referrer")
    assert headers.get("x-frame-options") == "DENY"
    assert "camera=()" in headers.get("permissions-policy", "")


def _targets(stack: SecurityStack) -> list[str]:
    index = httpx.get(stack.functions_url + "/", timeout=30).text
    return [line.split("/")[1] for line in index.splitlines() if line.startswith("/")]


def test_no_function_answers_html_whatever_the_method(
    security_stack: SecurityStack, demo_business: Business
) -> None:
    targets = _targets(security_stack)
    assert "crm_api" in targets and "billing_daily" in targets
    seen: list[str] = []
    for target in targets:
        for method in ("GET", "PUT", "DELETE"):
            for suffix in ("", "no/such/path"):
                url = security_stack.url(target) + suffix
                response = httpx.request(method, url, timeout=30)
                kind = response.headers.get("content-type", "")
                if "html" in kind:
                    seen.append(f"{method} /{target}/{suffix} → {response.status_code} {kind}")
    assert seen == [], "\n".join(seen)


@pytest.mark.parametrize(
    "path", ["/leads", "/no-such-endpoint", "/sign/a.1.b", "/openapi.json", "/billing/plans"]
)
def test_the_api_says_nosniff_on_every_answer(security_stack: SecurityStack, path: str) -> None:
    response = httpx.get(security_stack.crm(path), timeout=30)
    assert response.headers.get("x-content-type-options") == "nosniff", (path, response.headers)


def test_the_ics_link_says_nosniff(security_stack: SecurityStack) -> None:
    response = httpx.get(security_stack.url("meeting_ics"), params={"t": "x"}, timeout=30)
    assert response.headers.get("x-content-type-options") == "nosniff", response.headers


def test_cors_admits_no_stranger(security_stack: SecurityStack) -> None:
    evil = {"Origin": "https://evil.example", "Access-Control-Request-Method": "GET"}
    preflight = httpx.options(security_stack.crm("/leads"), headers=evil, timeout=30)
    assert preflight.status_code == 403
    assert "access-control-allow-origin" not in preflight.headers
    plain = httpx.get(security_stack.crm("/leads"), headers=evil, timeout=30)
    assert "access-control-allow-origin" not in plain.headers
    null_origin = httpx.get(security_stack.crm("/leads"), headers={"Origin": "null"}, timeout=30)
    assert "access-control-allow-origin" not in null_origin.headers


def test_a_404_gives_nothing_away(
    security_stack: SecurityStack, demo_business: Business, repos: Repositories
) -> None:
    owner = security_stack.new_staff(repos, demo_business.id, "owner")
    for path in ("/leads/+972509999999", "/calls/CA0123", "/tasks/nope", "/contracts/x"):
        response = httpx.get(security_stack.crm(path), headers=owner.headers(), timeout=30)
        assert response.status_code in (404, 405), response.text
        text = response.text
        for leak in ("972509999999", "CA0123", "nope", "Traceback", "google.", demo_business.id):
            assert leak not in text, (path, text)


# --- constant-time comparisons (static) ----------------------------------------------------------

PRODUCT = [ROOT / "shared" / "agentlocator", ROOT / "functions", ROOT / "media_stream_service"]
SECRET_WORDS = ("secret", "token", "signature", "mac", "nonce", "digest")


def _is_bytes(node: ast.expr) -> bool:
    """An argument that is bytes by construction: ``x.encode(...)``, ``x.digest()``, ``b"..."``."""
    if isinstance(node, ast.Constant):
        return isinstance(node.value, bytes)
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("encode", "digest")
    )


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


LOCAL_ONLY = ("devstack", "simulator")  # local stand-ins and tools, never deployed


def _python_files() -> list[Path]:
    return [
        path
        for root in PRODUCT
        for path in sorted(root.rglob("*.py"))
        if not any(part in LOCAL_ONLY for part in path.parts)
    ]


def test_every_compare_digest_compares_bytes() -> None:
    """``hmac.compare_digest`` on a ``str`` holding a non-ASCII character raises TypeError:
    an attacker's ``é`` in a token then costs a 500 instead of a 403."""
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and _name(node.func) == "compare_digest":
                if not all(_is_bytes(arg) for arg in node.args):
                    offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == []


def test_no_secret_is_compared_with_equals() -> None:
    offenders = []
    for path in _python_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Compare):
                continue
            if not all(isinstance(op, ast.Eq | ast.NotEq) for op in node.ops):
                continue
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Constant) for side in sides):
                continue  # against a literal ("", None…): not a secret comparison
            names = [_name(side).lower() for side in sides]
            if any(name.endswith(word) for name in names for word in SECRET_WORDS):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno} {names}")
    assert offenders == []
