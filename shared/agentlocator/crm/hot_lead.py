"""When a lead reads as hot: worth the agent's call today. Pure: no I/O.

Hot = an explicit urgency phrase in the timing, or a complete search (deal type, city and
budget) with a near timing (this week, right away, within 30 days)."""

from __future__ import annotations

import re

from agentlocator.crm.models import LeadDetails

NEAR_DAYS = 30
_URGENT = re.compile(r"דחוף|בדחיפות|מיידי|מייד|מיד|עכשיו|כמה שיותר מהר|בהקדם האפשרי")
_NEAR = re.compile(r"השבוע|שבוע הבא|החודש|בימים הקרובים|בהקדם|מחר|היום|תוך (?:שבוע|שבועיים|חודש)\b")
_WITHIN = re.compile(r"(?:תוך|בעוד|עד)\s*(\d+)\s*(יום|ימים|שבוע|שבועות|חודש|חודשים)")
_DAYS_PER = {"יום": 1, "ימים": 1, "שבוע": 7, "שבועות": 7, "חודש": 30, "חודשים": 30}


def urgent(timing: str) -> bool:
    return _URGENT.search(timing) is not None


def near(timing: str) -> bool:
    if urgent(timing) or _NEAR.search(timing):
        return True
    within = _WITHIN.search(timing)
    return within is not None and int(within.group(1)) * _DAYS_PER[within.group(2)] <= NEAR_DAYS


def is_hot(lead: LeadDetails) -> bool:
    timing = lead.timing or ""
    if urgent(timing):
        return True
    complete = bool(lead.deal_type and lead.city and lead.budget)
    return complete and near(timing)
