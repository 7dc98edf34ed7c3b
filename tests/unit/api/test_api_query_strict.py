"""Query parameters are strict too (issue 13, item 9): ``include_cancelled=yes`` is no boolean and
``start=1767225600`` is no date. Query strings are text, so numbers still parse from digits."""

from __future__ import annotations

import pytest

from agentlocator.api.schemas.appointments import AppointmentRange
from agentlocator.api.schemas.dashboard import DashboardParams
from agentlocator.errors import ValidationFailed

RANGE = {"start": "2026-11-30T00:00:00+02:00", "end": "2026-12-01T00:00:00+02:00"}


def parse_range(**extra: str) -> AppointmentRange:
    from agentlocator.api.app import _parse

    parsed = _parse(AppointmentRange, {**RANGE, **extra}, "query")
    assert isinstance(parsed, AppointmentRange)
    return parsed


@pytest.mark.parametrize("value", ["yes", "on", "1", "True ", "y", ""])
def test_a_query_boolean_is_true_or_false_only(value: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        parse_range(include_cancelled=value)
    assert failed.value.field == "include_cancelled"


@pytest.mark.parametrize(("value", "expected"), [("true", True), ("false", False)])
def test_true_and_false_still_read(value: str, expected: bool) -> None:
    assert parse_range(include_cancelled=value).include_cancelled is expected


@pytest.mark.parametrize("field", ["start", "end"])
def test_a_query_time_must_be_iso_text_not_an_epoch(field: str) -> None:
    with pytest.raises(ValidationFailed) as failed:
        parse_range(**{field: "1767225600"})
    assert failed.value.field == field


def test_a_query_date_must_be_iso_text() -> None:
    from agentlocator.api.app import _parse

    with pytest.raises(ValidationFailed) as failed:
        _parse(DashboardParams, {"day": "20261130"}, "query")
    assert failed.value.field == "day"


def test_numbers_in_the_query_still_parse_from_digits() -> None:
    assert parse_range(limit="50").limit == 50


def test_every_boolean_query_parameter_is_a_query_flag() -> None:
    """A new ``bool`` in a query model would read "yes" as true again."""
    import importlib
    import inspect
    import pkgutil

    import agentlocator.api.schemas as schemas
    from agentlocator.api.schemas.common import QueryParams

    plain = [
        f"{model.__name__}.{name}"
        for info in pkgutil.iter_modules(schemas.__path__)
        for model in vars(importlib.import_module(f"{schemas.__name__}.{info.name}")).values()
        if inspect.isclass(model) and issubclass(model, QueryParams)
        for name, field in model.model_fields.items()
        if field.annotation is bool and not field.metadata
    ]
    assert plain == []
