"""businesses/{bid}/prompts/{id}: versioned prompts per channel; the business document names
the active version per channel, so activating one takes effect on the next turn."""

from __future__ import annotations

from typing import Any, Literal

from google.cloud import firestore
from google.cloud.firestore_v1.base_query import FieldFilter

from agentlocator.clock import Clock
from agentlocator.crm.businesses import BusinessRepository
from agentlocator.crm.models import PromptVersion
from agentlocator.errors import NotFound

PromptChannel = Literal["voice", "whatsapp"]


class PromptRepository:
    def __init__(
        self, client: firestore.Client, businesses: BusinessRepository, clock: Clock
    ) -> None:
        self._clock = clock
        self._client = client
        self._businesses = businesses

    def _prompts(self, business_id: str) -> firestore.CollectionReference:
        return self._client.collection("businesses").document(business_id).collection("prompts")

    def create_version(
        self, business_id: str, channel: PromptChannel, text: str, created_by: str | None = None
    ) -> PromptVersion:
        """A new version numbered one past the channel's latest; the id is channel-vN, created
        with a precondition so two editors can never get the same number."""
        counter = (
            self._client.collection("businesses")
            .document(business_id)
            .collection("prompt_counters")
            .document(channel)
        )

        @firestore.transactional
        def allocate(tx: firestore.Transaction) -> PromptVersion:
            snap = counter.get(transaction=tx)
            version = (snap.get("latest") if snap.exists else 0) + 1
            prompt = PromptVersion(
                id=f"{channel}-v{version}",
                business_id=business_id,
                channel=channel,
                version=version,
                text=text,
                created_by=created_by,
                created_at=self._clock.now(),
            )
            tx.set(counter, {"latest": version})
            tx.create(self._prompts(business_id).document(prompt.id), prompt.to_firestore())
            return prompt

        result: PromptVersion = allocate(self._client.transaction())
        return result

    def get(self, business_id: str, prompt_id: str) -> PromptVersion:
        snap = self._prompts(business_id).document(prompt_id).get()
        if not snap.exists:
            raise NotFound(f"prompt {prompt_id}")
        return PromptVersion.model_validate(snap.to_dict())

    def list_versions(
        self,
        business_id: str,
        channel: PromptChannel,
        *,
        limit: int | None = None,
        before_version: int | None = None,
    ) -> list[PromptVersion]:
        """Versions of a channel, newest first; a page of ``limit`` below ``before_version``."""
        query: Any = self._prompts(business_id).where(filter=FieldFilter("channel", "==", channel))
        if before_version is not None:
            query = query.where(filter=FieldFilter("version", "<", before_version))
        query = query.order_by("version", direction=firestore.Query.DESCENDING)
        if limit is not None:
            query = query.limit(limit)
        return [PromptVersion.model_validate(s.to_dict()) for s in query.stream()]

    def activate(self, business_id: str, prompt_id: str) -> PromptVersion:
        prompt = self.get(business_id, prompt_id)
        self._businesses.set_active_prompt(business_id, prompt.channel, prompt.id)
        return prompt

    def get_active(self, business_id: str, channel: PromptChannel) -> PromptVersion | None:
        active_id = self._businesses.get(business_id).active_prompts.get(channel)
        return self.get(business_id, active_id) if active_id else None
