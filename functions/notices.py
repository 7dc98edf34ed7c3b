"""``notice_task``: Cloud Tasks delivers one queued notice (an agent told of a booking, a
callback request, a hot lead; an agent and a lead told of a meeting moved or cancelled).

Parse → verify → send once → respond. IAM admits only the tasks account; in code we check its
OIDC token too, and the queue header. A notice another instance is sending right now answers
503, so Cloud Tasks comes back (and takes the send over if that instance died).
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

import flask
import functions_framework
from runtime import json_errors, repos, settings, task_payload

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.config import Settings
from agentlocator.crm.notifications import ClaimBusy
from agentlocator.errors import NotFound
from agentlocator.notices.delivery import NoticeDelivery
from agentlocator.notices.jobs import NoticeJob
from agentlocator.notices.outbox import notice_token_verifier
from agentlocator.notices.wiring import notice_delivery
from agentlocator.tasks.oidc import TaskTokenVerifier

log = logging.getLogger("agentlocator.functions.notices")
# Whether a moved meeting's reminder is still ahead; tests set a fixed clock here.
clock: Clock = SYSTEM_CLOCK


@functools.cache
def delivery() -> NoticeDelivery:
    built = notice_delivery(repos(), settings(), clock)
    if built is None:
        raise NotFound("notices are not configured (no Twilio)")
    return built


@functools.cache
def task_tokens() -> TaskTokenVerifier | None:
    return notice_token_verifier(settings())


@functions_framework.http
def notice_task(request: flask.Request) -> Any:
    return json_errors(_deliver)(request)


def _deliver(request: flask.Request) -> flask.Response:
    return deliver_task(request, settings(), delivery, task_tokens())


def deliver_task(
    request: flask.Request,
    config: Settings,
    deliveries: Callable[[], NoticeDelivery],
    verifier: TaskTokenVerifier | None,
) -> flask.Response:
    """The handler, given its parts (a local server or a test harness serves it too)."""
    payload = task_payload(request, config.notices_queue, verifier, "notices")
    job = NoticeJob.from_payload(payload)
    try:
        outcome = deliveries().deliver(job)
    except ClaimBusy:
        response = flask.jsonify(outcome="in_progress")
        response.status_code = 503  # Cloud Tasks retries with backoff
        return response
    log.info("notice %s: %s", job.key, outcome)
    return flask.jsonify(outcome=outcome)
