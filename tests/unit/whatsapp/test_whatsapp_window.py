from datetime import UTC, datetime, timedelta

import pytest

from agentlocator.whatsapp.window import (
    FreeformSend,
    TemplateSend,
    WindowClosed,
    plan_send,
    window_open,
)

LAST = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("elapsed", "is_open"),
    [
        (timedelta(0), True),
        (timedelta(hours=23, minutes=59, seconds=59), True),
        (timedelta(hours=24), False),
        (timedelta(days=3), False),
        (timedelta(seconds=-1), False),  # a clock before the message: not trusted as open
    ],
)
def test_the_window_is_24_hours_from_the_customers_last_message(
    elapsed: timedelta, is_open: bool
) -> None:
    assert window_open(LAST, LAST + elapsed) is is_open


def test_no_inbound_message_means_no_window() -> None:
    assert window_open(None, LAST) is False


def test_inside_the_window_text_goes_out_as_is() -> None:
    plan = plan_send(
        "שלום",
        last_inbound_at=LAST,
        now=LAST + timedelta(hours=1),
        enforces_window=True,
        template_content_sid="HX123",
    )
    assert plan == FreeformSend("שלום")


def test_outside_the_window_only_the_approved_template_goes_out() -> None:
    plan = plan_send(
        "שלום",
        last_inbound_at=LAST,
        now=LAST + timedelta(hours=25),
        enforces_window=True,
        template_content_sid="HX123",
        template_variables={"1": "נדל״ן"},
    )
    assert plan == TemplateSend(content_sid="HX123", variables={"1": "נדל״ן"})


def test_outside_the_window_without_a_template_refuses_to_send() -> None:
    with pytest.raises(WindowClosed):
        plan_send(
            "שלום",
            last_inbound_at=LAST,
            now=LAST + timedelta(days=2),
            enforces_window=True,
            template_content_sid=None,
        )


def test_a_transport_without_the_window_always_sends_text() -> None:
    plan = plan_send(
        "שלום",
        last_inbound_at=LAST,
        now=LAST + timedelta(days=30),
        enforces_window=False,
        template_content_sid=None,
    )
    assert plan == FreeformSend("שלום")
