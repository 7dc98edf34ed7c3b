"""The hot-lead rule: urgency, or a complete search with a near timing."""

from __future__ import annotations

import pytest

from agentlocator.crm.hot_lead import is_hot
from agentlocator.crm.models import LeadDetails

COMPLETE = {"deal_type": "buy", "city": "תל אביב", "budget": 3_000_000}


@pytest.mark.parametrize(
    "timing", ["השבוע", "מיידי", "תוך 10 ימים", "תוך 3 שבועות", "תוך חודש", "בעוד 30 יום"]
)
def test_a_complete_search_with_a_near_timing_is_hot(timing: str) -> None:
    assert is_hot(LeadDetails.model_validate({**COMPLETE, "timing": timing}))


@pytest.mark.parametrize("timing", [None, "בעוד שנה", "תוך 2 חודשים", "בעוד 45 ימים", "בקיץ"])
def test_a_far_or_unknown_timing_is_not_hot(timing: str | None) -> None:
    assert not is_hot(LeadDetails.model_validate({**COMPLETE, "timing": timing}))


@pytest.mark.parametrize("missing", ["deal_type", "city", "budget"])
def test_an_incomplete_search_with_a_near_timing_is_not_hot(missing: str) -> None:
    details = {k: v for k, v in COMPLETE.items() if k != missing}
    assert not is_hot(LeadDetails.model_validate({**details, "timing": "השבוע"}))


def test_an_explicit_urgency_is_hot_on_its_own() -> None:
    assert is_hot(LeadDetails(timing="דחוף, צריך דירה עכשיו"))
