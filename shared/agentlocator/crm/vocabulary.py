"""The CRM's domain words, defined once: deal types, property types and the built-in lead
statuses. The models, the API schema, Leah's understanding and dialogue, and the LLM tool
schemas all take them from here, and so do their Hebrew labels (what Leah's summaries, the CSV
export and import say). Pure (no I/O, no project imports), so ``hebrew/`` may use it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal, get_args

DealType = Literal["buy", "rent", "sell", "let"]
PropertyType = Literal["apartment", "garden_apartment", "penthouse", "house", "commercial", "land"]
DEAL_TYPES: tuple[DealType, ...] = get_args(DealType)
PROPERTY_TYPES: tuple[PropertyType, ...] = get_args(PropertyType)

# One Hebrew label per value, the same words the web app shows (web/src/i18n/he.ts keeps its own
# copy: the API does not serve these). Every value needs one, and no two values share one: the CSV
# import reads a label back into its value.
DEAL_TYPE_HE: dict[str, str] = {
    "buy": "קנייה",
    "rent": "שכירות",
    "sell": "מכירה",
    "let": "השכרה",
}
PROPERTY_TYPE_HE: dict[str, str] = {
    "apartment": "דירה",
    "garden_apartment": "דירת גן",
    "penthouse": "פנטהאוז",
    "house": "בית פרטי",
    "commercial": "מסחרי",
    "land": "מגרש",
}


class StatusId(StrEnum):
    """The lead statuses every business starts with (labels in ``texts_he``). Staff may add
    their own; Leah moves a lead only between these."""

    NEW = "new"
    IN_PROGRESS = "in_progress"
    MEETING_SET = "meeting_set"
    NOT_RELEVANT = "not_relevant"
    CLOSED = "closed"
