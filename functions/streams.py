"""``sweep_stale_streams``: close media streams left open by a media service that died without
Twilio's ``stop`` and whose final status callback never came. Cloud Scheduler calls it every 10
minutes with the tasks-invoker account's OIDC token (infra: modules/platform/scheduler.tf); IAM
admits no one else."""

from __future__ import annotations

from typing import Any

import flask
import functions_framework
from runtime import json_errors, repos

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.telephony.stale_streams import sweep_stale_streams as sweep

clock: Clock = SYSTEM_CLOCK  # tests set a fixed clock here


@functions_framework.http
def sweep_stale_streams(request: flask.Request) -> Any:
    return json_errors(_sweep)(request)


def _sweep(request: flask.Request) -> flask.Response:
    closed = sweep(repos().calls, clock.now())
    return flask.jsonify(closed=len(closed))
