"""``meeting_reminder_task`` (Cloud Tasks delivers a booked meeting's reminder, the day before)
and ``meeting_ics`` (the .ics invite behind the link in the caller's confirmation)."""

from __future__ import annotations

import functools
from typing import Any

import flask
import functions_framework
from runtime import json_errors, repos, settings, task_payload

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.errors import Forbidden, NotFound
from agentlocator.meetings import texts_he
from agentlocator.meetings.ics import ics_invite, token_matches
from agentlocator.meetings.notices import MeetingNotices
from agentlocator.meetings.wiring import meeting_notices, reminder_token_verifier
from agentlocator.tasks.oidc import TaskTokenVerifier

clock: Clock = SYSTEM_CLOCK


@functools.cache
def notices() -> MeetingNotices:
    built = meeting_notices(repos(), settings())
    if built is None:
        raise NotFound("meeting notices are not configured (no Twilio)")
    return built


@functools.cache
def task_tokens() -> TaskTokenVerifier | None:
    return reminder_token_verifier(settings())


@functions_framework.http
def meeting_reminder_task(request: flask.Request) -> Any:
    return json_errors(_remind)(request)


@functions_framework.http
def meeting_ics(request: flask.Request) -> Any:
    return json_errors(_invite)(request)


def _remind(request: flask.Request) -> flask.Response:
    payload = task_payload(request, settings().meetings_queue, task_tokens(), "meeting reminders")
    sent = notices().remind(payload)
    return flask.jsonify(sent=sent)


def _invite(request: flask.Request) -> flask.Response:
    business_id, appointment_id = request.args.get("b", ""), request.args.get("a", "")
    token = request.args.get("t", "")
    if not token_matches(settings().stream_token_secret, business_id, appointment_id, token):
        raise Forbidden("bad invite link")
    data = repos()
    appointment = data.appointments.get(business_id, appointment_id)
    business = data.businesses.get(business_id)
    summary = texts_he.ICS_SUMMARY.format(business=business.name)
    body = ics_invite(appointment, summary, business.address, clock.now())
    response = flask.Response(body, status=200, mimetype="text/calendar")
    response.headers["Content-Disposition"] = 'attachment; filename="meeting.ics"'
    return response
