"""Twilio voice webhooks: the incoming call, its status callbacks and its recording callbacks.

Each target: read the request → verify Twilio's signature (403, nothing written) → parse the
form (400 naming the field) → call the shared call lifecycle → respond.

Twilio configuration, per voice number: "A call comes in" → ``{PUBLIC_BASE_URL}/voice_incoming``
and "Call status changes" → ``{PUBLIC_BASE_URL}/voice_status`` (HTTP POST). The recording
callback (``/recording_status``) is set by the TwiML itself.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import Any, TypeVar

import flask
import functions_framework
from runtime import clock, json_errors, repos, settings
from twilio_webhook import verify_twilio_webhook

from agentlocator.billing.state import BillingStatus
from agentlocator.billing.store import AccountStore
from agentlocator.crm.repositories import Repositories
from agentlocator.telephony import twiml
from agentlocator.telephony.call_lifecycle import CallLifecycle, VoiceConfig
from agentlocator.telephony.webhook_forms import (
    CallStatusForm,
    IncomingCallForm,
    RecordingStatusForm,
    TwilioForm,
    parse_form,
)

log = logging.getLogger("agentlocator.functions.voice")
RECORDING_STATUS_PATH = "/recording_status"
HANDOFF_PATH = "/voice_handoff"
FormT = TypeVar("FormT", bound=TwilioForm)


def _lifecycle(with_archive: bool) -> CallLifecycle:
    config, bundle = settings(), repos()
    archive = None
    if with_archive:
        # Only recording callbacks pay for the Storage and Twilio REST clients.
        from agentlocator.telephony.recordings import StorageRecordingArchive

        archive = StorageRecordingArchive.from_settings(config)
    return CallLifecycle(
        bundle.businesses,
        bundle.calls,
        bundle.leads,
        VoiceConfig.from_settings(config, RECORDING_STATUS_PATH, HANDOFF_PATH),
        clock(),
        archive=archive,
        billing_status=_billing_status(bundle),
    )


def _billing_status(bundle: Repositories) -> Callable[[str], BillingStatus | None]:
    accounts = AccountStore(bundle.client)

    def status(business_id: str) -> BillingStatus | None:
        account = accounts.get(business_id)
        return account.status if account else None

    return status


@functools.cache
def call_lifecycle() -> CallLifecycle:
    return _lifecycle(with_archive=False)


@functools.cache
def after_response() -> ThreadPoolExecutor:
    """Writes that wait until the response is sent (the instance keeps them in memory: the
    media service upserts the lead again when the stream starts, so a lost one heals)."""
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="after-response")


_after_response_pending: set[Future[None]] = set()


def run_after_response(work: Callable[[], None]) -> None:
    future = after_response().submit(work)
    _after_response_pending.add(future)
    future.add_done_callback(_after_response_pending.discard)


def wait_after_response(timeout_s: float = 10.0) -> None:
    """Until the writes queued after earlier responses are done (tests and shutdown)."""
    wait(list(_after_response_pending), timeout=timeout_s)


@functools.cache
def recording_lifecycle() -> CallLifecycle:
    return _lifecycle(with_archive=True)


def verified_form(request: flask.Request, model: type[FormT], target: str) -> FormT:
    """The request's Twilio form, once its signature checks out against our public URL."""
    verify_twilio_webhook(request, target, settings())
    return parse_form(model, request.values.to_dict())


def twiml_response(xml: str) -> flask.Response:
    return flask.Response(xml, status=200, mimetype="text/xml")


# json_errors is applied inside (not as a decorator) so mypy keeps the targets typed even where
# it cannot follow the ``runtime`` import.
@functions_framework.http
def voice_incoming(request: flask.Request) -> Any:
    return json_errors(answer_incoming_call)(request)


@functions_framework.http
def voice_status(request: flask.Request) -> Any:
    return json_errors(apply_call_status)(request)


@functions_framework.http
def recording_status(request: flask.Request) -> Any:
    return json_errors(store_recording)(request)


def answer_incoming_call(request: flask.Request) -> flask.Response:
    form = verified_form(request, IncomingCallForm, "voice_incoming")
    try:
        answer = call_lifecycle().answer_incoming_deferred(form)
        response = twiml_response(answer.twiml)
        # The lead upsert waits until Twilio has the TwiML (one Firestore round trip before it),
        # on its own thread so the request thread is free for the next call at once.
        if answer.after:
            response.call_on_close(functools.partial(run_after_response, answer.run_after))
        return response
    except Exception:
        # The caller is on the line: a Hebrew apology beats Twilio's English error message.
        log.exception("answering call %s failed", form.call_sid)
        return twiml_response(twiml.technical_difficulty())


def apply_call_status(request: flask.Request) -> flask.Response:
    form = verified_form(request, CallStatusForm, "voice_status")
    call = call_lifecycle().apply_status(form)
    return flask.jsonify(call_sid=call.call_sid, status=call.status)


def store_recording(request: flask.Request) -> flask.Response:
    form = verified_form(request, RecordingStatusForm, "recording_status")
    call = recording_lifecycle().store_recording(form)
    recording = call.recording
    return flask.jsonify(
        call_sid=call.call_sid,
        recording_sid=recording.sid if recording else None,
        stored_at=recording.storage_uri if recording else None,
    )
