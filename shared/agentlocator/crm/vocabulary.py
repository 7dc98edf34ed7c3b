"""The CRM's domain words, defined once: deal types, property types and the built-in lead
statuses. The models, the API schema, Leah's understanding and dialogue, and the LLM tool
schemas all take them from here. Pure (no I/O, no project imports), so ``hebrew/`` may use it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args

DealType = Literal["buy", "rent", "sell", "let"]
PropertyType = Literal["apartment", "garden_apartment", "penthouse", "house", "commercial", "land"]
DEAL_TYPES: tuple[DealType, ...] = get_args(DealType)
PROPERTY_TYPES: tuple[PropertyType, ...] = get_args(PropertyType)


class StatusId(StrEnum):
    """The lead statuses every business starts with (labels in ``texts_he``). Staff may add
    their own; Leah moves a lead only between these."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    MEETING_SET = "meeting_set"
    NOT_RELEVANT = "not_relevant"
    CLOSED = "closed"
