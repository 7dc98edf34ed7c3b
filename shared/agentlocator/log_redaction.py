"""Phone numbers never reach the logs: every log record is redacted as it is created.

Lead ids are E.164 phones and appear in request paths (``/crm_api/leads/+972…``), so request
logs (werkzeug's, uvicorn's) and our own lines would carry them. A record factory sees every
record of every logger, whatever handlers exist or are added later; it rewrites the message and
each string argument in place, keeping the arguments' shape (uvicorn's access formatter unpacks
them). The last two digits stay, so a person can still match a line to a lead they know.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable
from typing import Any

# +E.164 (also percent-encoded "%2B"), 972… without the plus, and Israeli national spellings
# (050-1234567, 03 123 4567, 0501234567). Lookarounds keep digit runs inside ids (CallSids,
# hex, timestamps) untouched.
_PHONE = re.compile(
    r"(?<![\w%])(?:\+|%2[Bb])\d[\d\- ]{6,16}\d(?![\w])"
    r"|(?<![\w+])972\d{8,9}(?!\w)"
    r"|(?<![\w+])0\d{1,2}[\- ]?\d{3}[\- ]?\d{4}(?!\w)"
)
MASK = "•"


def _mask(match: re.Match[str]) -> str:
    text = match.group(0)
    digits = [c for c in text if c.isdigit()]
    return f"[phone {MASK * 3}{''.join(digits[-2:])}]"


def redact_phones(text: str) -> str:
    return _PHONE.sub(_mask, text)


def _redact_value(value: Any) -> Any:
    return redact_phones(value) if isinstance(value, str) else value


def redact_record(record: logging.LogRecord) -> logging.LogRecord:
    if isinstance(record.msg, str):
        record.msg = redact_phones(record.msg)
    if isinstance(record.args, tuple):
        record.args = tuple(_redact_value(a) for a in record.args)
    elif isinstance(record.args, dict):
        record.args = {k: _redact_value(v) for k, v in record.args.items()}
    return record


_installed = threading.Lock()
_done: list[bool] = []


def install_phone_redaction() -> None:
    """Redact phones in every record this process logs from now on (idempotent)."""
    with _installed:
        if _done:
            return
        previous: Callable[..., logging.LogRecord] = logging.getLogRecordFactory()

        def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
            return redact_record(previous(*args, **kwargs))

        logging.setLogRecordFactory(factory)
        _done.append(True)
