"""The retention limits live in several places (docs/retention.md lists them); they must agree.
Terraform cannot init offline, so the HCL is read as text."""

from __future__ import annotations

import re
from pathlib import Path

import annotated_types

from agentlocator.config import Settings
from agentlocator.crm.models import Business
from agentlocator.retention.policy import (
    DEFAULT_RETENTION_DAYS,
    MAX_EVENT_AGE,
    MAX_RETENTION_DAYS,
)

TERRAFORM = Path(__file__).resolve().parents[3] / "infra" / "terraform" / "modules" / "platform"


def _block(text: str, header: str) -> str:
    start = text.index(header)
    depth = 0
    for index in range(text.index("{", start), len(text)):
        depth += {"{": 1, "}": -1}.get(text[index], 0)
        if depth == 0:
            return text[start : index + 1]
    raise AssertionError(f"unclosed block {header}")


def test_the_business_model_allows_zero_to_the_maximum_and_defaults_to_the_default() -> None:
    field = Business.model_fields["recording_retention_days"]
    bounds = {type(m): m for m in field.metadata}
    assert bounds[annotated_types.Le].le == MAX_RETENTION_DAYS
    assert bounds[annotated_types.Ge].ge == 0
    assert field.default == DEFAULT_RETENTION_DAYS
    assert Settings.model_fields["recording_retention_days"].default == DEFAULT_RETENTION_DAYS


def test_the_terraform_variable_has_the_same_default_and_maximum() -> None:
    variable = _block(
        (TERRAFORM / "variables.tf").read_text(), 'variable "recording_retention_days"'
    )
    assert re.search(rf"default\s*=\s*{DEFAULT_RETENTION_DAYS}\b", variable)
    assert f"var.recording_retention_days <= {MAX_RETENTION_DAYS}" in variable


def test_the_bucket_lifecycle_backs_up_the_purge_with_the_same_variable() -> None:
    bucket = _block(
        (TERRAFORM / "storage.tf").read_text(), 'resource "google_storage_bucket" "recordings"'
    )
    assert re.search(r"age\s*=\s*var\.recording_retention_days \+ 1", bucket)


def test_the_scheduler_publishes_hourly_to_the_topic_the_settings_name() -> None:
    topic = _block(
        (TERRAFORM / "pubsub.tf").read_text(),
        'resource "google_pubsub_topic" "recording_retention"',
    )
    topic_name = Settings.model_fields["retention_topic"].default
    assert re.search(rf'\bname\s*=\s*"{re.escape(topic_name)}"', topic)  # alignment-proof
    assert f'"{int(MAX_EVENT_AGE.total_seconds())}s"' in topic
    job = _block(
        (TERRAFORM / "scheduler.tf").read_text(),
        'resource "google_cloud_scheduler_job" "recording_retention"',
    )
    assert re.search(r'schedule\s*=\s*"\d{1,2} \* \* \* \*"', job)  # every hour
    assert "google_pubsub_topic.recording_retention.id" in job
    assert "dry_run" not in job and "paused" not in job
