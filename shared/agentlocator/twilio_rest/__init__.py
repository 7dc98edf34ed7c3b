"""A thin adapter over ``twilio.rest.Client`` (the only place that builds one)."""

from agentlocator.twilio_rest.client import TwilioRest, make_twilio_client

__all__ = ["TwilioRest", "make_twilio_client"]
