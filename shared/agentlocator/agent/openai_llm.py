"""Leah on OpenAI chat completions (gpt-4o-mini): streamed text, tool calls, and memory.

An adapter: the only module of the agent that imports ``openai``. Each model request streams;
text is yielded clause by clause as it arrives; tool calls are executed (in a worker thread,
they touch Firestore) and their results sent back, for at most ``max_tool_rounds`` rounds.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

from openai import AsyncOpenAI, AsyncStream
from openai.types.chat import ChatCompletionChunk

from agentlocator.agent.clauses import ClauseSplitter
from agentlocator.agent.memory import HistoryTurn, describe_lead, fit_history
from agentlocator.agent.port import TurnContext
from agentlocator.agent.tools import TOOLS, known_meeting, run_tool
from agentlocator.config import Settings


@dataclass
class _ToolCall:
    id: str = ""
    name: str = ""
    arguments: str = ""


@dataclass
class _Round:
    text: str = ""
    calls: dict[int, _ToolCall] = field(default_factory=dict)


class OpenAIResponder:
    def __init__(
        self,
        client: AsyncOpenAI,
        model: str,
        history_budget_tokens: int = 1500,
        max_tool_rounds: int = 4,
    ) -> None:
        self._client = client
        self._model = model
        self._budget = history_budget_tokens
        self._max_rounds = max_tool_rounds

    @classmethod
    def from_settings(cls, settings: Settings) -> OpenAIResponder:
        client = AsyncOpenAI(
            api_key=settings.openai_api_key,
            base_url=settings.openai_base_url,
            # The brain falls back to the offline engine: never retry, never wait long.
            max_retries=0,
            timeout=settings.llm_timeout_seconds,
        )
        return cls(client, settings.openai_model)

    async def messages_for(self, context: TurnContext, caller_text: str) -> list[dict[str, Any]]:
        recent = await asyncio.to_thread(
            context.writer.repos.messages.list_recent, context.business.id, context.lead.id, 40
        )
        turns = [HistoryTurn(m.role, m.text) for m in recent if m.role in ("caller", "leah")]
        if turns and turns[-1].role == "caller" and turns[-1].text == caller_text:
            turns = turns[:-1]  # the channel stored this message before calling us
        summary, kept = fit_history(turns, context.state.lead, self._budget)
        known = describe_lead(context.state.lead) or "עדיין לא ידוע."
        system = (
            f"{context.system_prompt}\n\nמה שידוע על הפונה: {known}\n"
            f"{known_meeting(context.state.meeting, context)}"
        )
        if summary:
            system += f"\n{summary}"
        messages: list[dict[str, Any]] = [{"role": "system", "content": system}]
        for turn in kept:
            role = "user" if turn.role == "caller" else "assistant"
            messages.append({"role": role, "content": turn.text})
        messages.append({"role": "user", "content": caller_text})
        return messages

    async def stream_reply(
        self, context: TurnContext, caller_text: str, commit: asyncio.Event | None = None
    ) -> AsyncIterator[str]:
        """Leah's reply as clauses, executing tool calls along the way (once ``commit`` is set,
        when given: a speculative turn changes nothing before it is confirmed)."""
        messages = await self.messages_for(context, caller_text)
        for _ in range(self._max_rounds):
            current = _Round()
            clauses = ClauseSplitter()  # the first clause ends early: the voice starts sooner
            stream: AsyncStream[ChatCompletionChunk] = await self._client.chat.completions.create(
                model=self._model,
                messages=messages,  # type: ignore[arg-type]
                tools=TOOLS,  # type: ignore[arg-type]
                stream=True,
                temperature=0.3,
            )  # type: ignore[assignment]
            async for chunk in stream:
                if not chunk.choices:
                    continue
                delta = chunk.choices[0].delta
                if delta.content:
                    current.text += delta.content
                    for clause in clauses.push(delta.content):
                        yield clause
                for call in delta.tool_calls or []:
                    slot = current.calls.setdefault(call.index, _ToolCall())
                    if call.id:
                        slot.id = call.id
                    if call.function is not None:
                        slot.name += call.function.name or ""
                        slot.arguments += call.function.arguments or ""
            for clause in clauses.flush():
                yield clause
            if not current.calls:
                return
            messages.append(
                {
                    "role": "assistant",
                    "content": current.text or None,
                    "tool_calls": [
                        {
                            "id": c.id,
                            "type": "function",
                            "function": {"name": c.name, "arguments": c.arguments},
                        }
                        for c in current.calls.values()
                    ],
                }
            )
            if commit is not None:
                await commit.wait()
            for pending in current.calls.values():
                result = await asyncio.to_thread(run_tool, context, pending.name, pending.arguments)
                messages.append({"role": "tool", "tool_call_id": pending.id, "content": result})
        raise RuntimeError("too many tool rounds")
