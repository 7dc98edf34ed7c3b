"""Pick the system prompt for a turn: the business's active version for the channel, else the
Hebrew default. Read on every turn, so activating a version applies to the next turn."""

from __future__ import annotations

from datetime import datetime

from agentlocator.agent.prompts_he import DEFAULT_PROMPTS
from agentlocator.agent.replies_he import WEEKDAY_NAMES


def choose_prompt_text(active_text: str | None, channel: str) -> str:
    if active_text and active_text.strip():
        return active_text
    return DEFAULT_PROMPTS.get(channel, DEFAULT_PROMPTS["voice"])


def render_prompt(text: str, business_name: str, now_local: datetime) -> str:
    """Fill the known placeholders; anything else in braces (a business's own text) stays."""
    today = f"יום {WEEKDAY_NAMES[now_local.weekday()]} {now_local:%d.%m.%Y}"
    values = {"{business_name}": business_name, "{today}": today, "{now}": f"{now_local:%H:%M}"}
    for key, value in values.items():
        text = text.replace(key, value)
    return text
