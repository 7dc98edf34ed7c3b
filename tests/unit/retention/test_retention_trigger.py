"""Reading the Pub/Sub CloudEvent: dry-run flags and the retry window."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from typing import Any

from agentlocator.retention.policy import MAX_EVENT_AGE
from agentlocator.retention.trigger import read_trigger

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)


def _data(body: bytes = b"{}", attributes: dict[str, str] | None = None) -> dict[str, Any]:
    message: dict[str, Any] = {"data": base64.b64encode(body).decode(), "messageId": "1"}
    if attributes is not None:
        message["attributes"] = attributes
    return {"message": message, "subscription": "projects/p/subscriptions/s"}


def test_a_scheduler_event_is_a_real_run() -> None:
    trigger = read_trigger("1", "2026-11-24T11:59:30.123456789Z", _data(), NOW)
    assert not trigger.dry_run and not trigger.expired
    assert trigger.age == timedelta(seconds=29, microseconds=876544)


def test_dry_run_by_attribute_or_by_body() -> None:
    by_attribute = read_trigger("1", NOW, _data(attributes={"dry_run": "true"}), NOW)
    by_body = read_trigger("1", NOW, _data(json.dumps({"dry_run": True}).encode()), NOW)
    off = read_trigger("1", NOW, _data(attributes={"dry_run": "false"}), NOW)
    assert by_attribute.dry_run and by_body.dry_run and not off.dry_run


def test_a_plain_text_or_empty_body_is_not_a_dry_run() -> None:
    assert not read_trigger("1", NOW, _data(b"purge"), NOW).dry_run
    assert not read_trigger("1", NOW, {"message": {}}, NOW).dry_run
    assert not read_trigger("1", NOW, None, NOW).dry_run


def test_an_event_older_than_the_retry_window_is_expired() -> None:
    edge = read_trigger("1", NOW - MAX_EVENT_AGE, _data(), NOW)
    late = read_trigger("1", NOW - MAX_EVENT_AGE - timedelta(seconds=1), _data(), NOW)
    assert not edge.expired and late.expired


def test_an_event_without_a_time_counts_as_new() -> None:
    trigger = read_trigger("1", None, _data(), NOW)
    assert trigger.published_at == NOW and not trigger.expired
