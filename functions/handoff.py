"""Handoff webhooks: ``voice_handoff`` (the ``<Connect action>`` Twilio requests when Leah's
stream closes), ``voice_dial_result`` (the ``<Dial action>`` after the agent's leg) and
``voice_agent_leg`` (a warm transfer's agent leg: the key press that joins, and the leg's status
callback that brings the caller back when the agent never joined).

Same shape as the other voice webhooks: verify Twilio's signature, parse the form, call the
shared handoff service, answer TwiML. A failure while the caller is on the line answers a
Hebrew apology rather than Twilio's English error.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import flask
import functions_framework
from runtime import json_errors, repos, settings
from twilio_webhook import verify_twilio_webhook
from voice import RECORDING_STATUS_PATH, call_lifecycle, verified_form

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.telephony import twiml
from agentlocator.telephony.handoff_service import AgentLeg, HandoffService, HandoffUrls
from agentlocator.telephony.webhook_forms import AgentLegForm, HandoffForm, parse_form

log = logging.getLogger("agentlocator.functions.handoff")
# Opening hours decide between a transfer and a callback; tests set a fixed clock here.
clock: Clock = SYSTEM_CLOCK


def twiml_response(xml: str) -> flask.Response:
    return flask.Response(xml, status=200, mimetype="text/xml")


@functools.cache
def handoff_service() -> HandoffService:
    config = settings()
    base = config.public_base_url.rstrip("/")
    from agentlocator.twilio_rest import TwilioRest  # only a warm transfer places a call

    client = TwilioRest.from_settings(config).client

    def place_call(leg: AgentLeg) -> str:
        placed = client.calls.create(
            to=leg.to,
            from_=leg.from_,
            twiml=leg.twiml,
            timeout=leg.ring_timeout_s,
            status_callback=leg.status_callback,
            status_callback_method="POST",
            status_callback_event=["completed"],  # final statuses only: no-answer, busy…
        )
        return str(placed.sid)

    def redirect(caller_sid: str, then: str) -> None:
        client.calls(caller_sid).update(twiml=then)

    urls = HandoffUrls(
        handoff=f"{base}/voice_handoff",
        dial_result=f"{base}/voice_dial_result",
        recording_status=base + RECORDING_STATUS_PATH,
        agent_leg=f"{base}/voice_agent_leg",
    )
    return HandoffService(
        repos(), urls, place_call, call_lifecycle().reconnect_to_leah, clock, redirect
    )


@functions_framework.http
def voice_handoff(request: flask.Request) -> Any:
    return json_errors(_after_stream)(request)


@functions_framework.http
def voice_dial_result(request: flask.Request) -> Any:
    return json_errors(_after_dial)(request)


@functions_framework.http
def voice_agent_leg(request: flask.Request) -> Any:
    return json_errors(_agent_leg)(request)


def _agent_leg(request: flask.Request) -> flask.Response:
    verify_twilio_webhook(request, "voice_agent_leg", settings())
    # the query (step, caller) is ours, signed with the URL; the form is Twilio's
    form = parse_form(AgentLegForm, {**request.values.to_dict(), **request.args.to_dict()})
    try:
        return twiml_response(handoff_service().agent_leg(form))
    except Exception:  # the agent is on the line; a status callback is retried by nobody
        log.exception("agent leg %s for call %s failed", form.call_sid, form.caller_sid)
        return twiml_response(twiml.technical_difficulty())


def _after_stream(request: flask.Request) -> flask.Response:
    form = verified_form(request, HandoffForm, "voice_handoff")
    try:
        return twiml_response(handoff_service().after_stream(form))
    except Exception:  # the caller is on the line
        log.exception("handoff for call %s failed", form.call_sid)
        return twiml_response(twiml.technical_difficulty())


def _after_dial(request: flask.Request) -> flask.Response:
    form = verified_form(request, HandoffForm, "voice_dial_result")
    try:
        return twiml_response(handoff_service().after_dial(form))
    except Exception:  # the caller is on the line
        log.exception("dial result for call %s failed", form.call_sid)
        return twiml_response(twiml.technical_difficulty())
