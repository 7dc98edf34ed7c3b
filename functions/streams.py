"""``sweep_stale_streams``: close media streams left open by a media service that died without
Twilio's ``stop`` and whose final status callback never came. Cloud Scheduler publishes to the
``stale-streams`` topic every 10 minutes (infra/terraform/scheduler.tf)."""

from __future__ import annotations

import functions_framework
from cloudevents.http.event import CloudEvent
from runtime import repos

from agentlocator.clock import SYSTEM_CLOCK, Clock
from agentlocator.telephony.stale_streams import sweep_stale_streams as sweep

clock: Clock = SYSTEM_CLOCK  # tests set a fixed clock here


@functions_framework.cloud_event
def sweep_stale_streams(event: CloudEvent) -> None:
    sweep(repos().calls, clock.now())
