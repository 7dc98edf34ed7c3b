"""Round-robin assignment of new leads to the business's active agents.

businesses/{bid}/counters/assignment holds how many leads were handed out so far; the next
agent is ``active[count % len(active)]``, read and advanced in one transaction together with
the lead's ``assigned_agent_id`` (written only if the lead has none yet), so concurrent new
leads each get the next agent and an assignment never overwrites one made by hand.
"""

from __future__ import annotations

from datetime import datetime

from google.cloud import firestore

from agentlocator.crm.models import Business


def next_agent(business: Business, handed_out: int) -> str | None:
    active = [agent.id for agent in business.agents if agent.active]
    if not active:
        return None
    return active[handed_out % len(active)]


class RoundRobin:
    def __init__(self, client: firestore.Client) -> None:
        self._client = client

    def assign(self, business_id: str, lead_id: str, now: datetime) -> str | None:
        """Give the lead the next agent in turn; returns the agent (None: no active agent, or
        the lead already had one)."""
        business_ref = self._client.collection("businesses").document(business_id)
        counter_ref = business_ref.collection("counters").document("assignment")
        lead_ref = business_ref.collection("leads").document(lead_id)

        @firestore.transactional
        def take_turn(tx: firestore.Transaction) -> str | None:
            business_snap = business_ref.get(transaction=tx)
            counter_snap = counter_ref.get(transaction=tx)
            lead_snap = lead_ref.get(transaction=tx)
            if not business_snap.exists or not lead_snap.exists:
                return None
            if (lead_snap.to_dict() or {}).get("assigned_agent_id"):
                return None
            handed_out = int((counter_snap.to_dict() or {}).get("handed_out", 0))
            agent_id = next_agent(Business.model_validate(business_snap.to_dict()), handed_out)
            if agent_id is None:
                return None
            tx.set(counter_ref, {"handed_out": handed_out + 1, "updated_at": now})
            tx.update(lead_ref, {"assigned_agent_id": agent_id})
            return agent_id

        result: str | None = take_turn(self._client.transaction())
        return result
