"""Round-robin assignment of new leads to the business's active agents.

businesses/{bid}/counters/assignment counts the leads handed out so far. Taking a turn is one
atomic server-side increment whose result comes back with the write (a field transform), so
concurrent new leads each get their own number without a read-modify-write transaction: those
contend on the one counter document and fail under load, and a lead must never be lost to that.
"""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from agentlocator.crm.models import Business


def next_agent(business: Business, turn: int) -> str | None:
    """The agent whose turn ``turn`` (0-based) is, among the active ones in their list order."""
    active = [agent.id for agent in business.agents if agent.active]
    if not active:
        return None
    return active[turn % len(active)]


class RoundRobin:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def take_turn(self, business_id: str, now: datetime) -> int:
        """Advance the business's counter by one; returns this caller's 0-based turn."""
        counter = (
            self._client.collection("businesses")
            .document(business_id)
            .collection("counters")
            .document("assignment")
        )
        batch = self._client.batch()
        batch.set(counter, {"handed_out": firestore.Increment(1), "updated_at": now}, merge=True)
        result = batch.commit()[0]
        return int(result.transform_results[0].integer_value) - 1

    def assign(self, business: Business, lead_id: str, now: datetime) -> str | None:
        """Give a just-created lead the next active agent; None when there is none."""
        if not any(agent.active for agent in business.agents):
            return None
        agent_id = next_agent(business, self.take_turn(business.id, now))
        if agent_id is not None:
            lead = (
                self._client.collection("businesses")
                .document(business.id)
                .collection("leads")
                .document(lead_id)
            )
            lead.update({"assigned_agent_id": agent_id})
        return agent_id
