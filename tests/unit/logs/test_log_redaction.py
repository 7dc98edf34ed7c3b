"""Issue 13 item 10: phones never reach the logs, whatever logger or handler writes them."""

from __future__ import annotations

import logging

import pytest

from agentlocator.log_redaction import install_phone_redaction, redact_phones


@pytest.mark.parametrize(
    "line",
    [
        '"GET /crm_api/leads/+972501234567 HTTP/1.1" 200',
        '"GET /crm_api/leads/%2B972501234567/timeline HTTP/1.1" 200',
        "lead 972501234567 updated",
        "caller 050-1234567 asked",
        "caller 0501234567 asked",
        "office 03 123 4567",
        "whatsapp:+972501234567 wrote",
    ],
)
def test_phone_spellings_are_redacted_keeping_the_last_two_digits(line: str) -> None:
    redacted = redact_phones(line)
    assert "1234" not in redacted
    assert redacted.count("[phone •••") == 1


@pytest.mark.parametrize(
    "line",
    [
        "call CA0123456789abcdef0123456789abcdef",
        "message 1764489600000-ab12cd34 stored",
        "took 1234 ms at 2026-11-30T08:00:00+00:00",
    ],
)
def test_ids_times_and_durations_are_left_alone(line: str) -> None:
    assert redact_phones(line) == line


def test_any_logger_is_redacted_once_installed(caplog: pytest.LogCaptureFixture) -> None:
    install_phone_redaction()
    install_phone_redaction()  # idempotent
    with caplog.at_level(logging.INFO):
        logging.getLogger("werkzeug").info('"%s" %s %s', "GET /leads/+972501234567", 200, 12)
        logging.getLogger("agentlocator.any").warning("lead %s: %s", "+972521112233", {"x": 1})
    text = caplog.text
    assert "+972501234567" not in text and "+972521112233" not in text
    assert "[phone •••67]" in text and "[phone •••33]" in text
    assert "200 12" in text  # non-string arguments keep their place
