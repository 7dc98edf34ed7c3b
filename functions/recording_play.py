"""``call_recording``: stream a call's archived recording to the staff app's ``<audio>`` player,
behind the signed, expiring link the CRM API hands out (``RecordingLinks``)."""

from __future__ import annotations

import functools
from typing import Any

import flask
import functions_framework
from runtime import json_errors, repos, settings

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.cloud_storage import make_storage_client
from agentlocator.errors import Forbidden, NotFound
from agentlocator.telephony.recording_links import RecordingLinks

clock: Clock = SYSTEM_CLOCK


@functools.cache
def links() -> RecordingLinks:
    return RecordingLinks.from_settings(settings())


@functions_framework.http
def call_recording(request: flask.Request) -> Any:
    return json_errors(_play)(request)


def _play(request: flask.Request) -> flask.Response:
    call_sid = request.args.get("c", "")
    if not links().valid(
        call_sid, request.args.get("e", ""), request.args.get("t", ""), clock.now()
    ):
        raise Forbidden("bad or expired recording link")
    call = repos().calls.get(call_sid)
    recording = call.recording
    if recording is None or recording.purged_at is not None or not recording.storage_uri:
        raise NotFound("recording")
    bucket_name, _, object_name = recording.storage_uri.removeprefix("gs://").partition("/")
    blob = make_storage_client(settings()).bucket(bucket_name).get_blob(object_name)
    if blob is None:
        raise NotFound("recording")
    response = flask.Response(
        blob.download_as_bytes(), status=200, mimetype=blob.content_type or "audio/mpeg"
    )
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
