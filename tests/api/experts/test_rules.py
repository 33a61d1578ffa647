"""The experts' pure rules, without a database: the booking state machine and the company limit."""

from datetime import UTC, datetime, timedelta

import pytest

from api.experts import messages as msg
from api.experts.rules.limits import CompanyLimitReached, check_company_limit
from api.experts.rules.transitions import allowed

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)
LATER, EARLIER = NOW + timedelta(hours=3), NOW - timedelta(hours=1)


@pytest.mark.parametrize(("action", "status", "start", "expected"), [
    ("confirm", "pending", LATER, True),
    ("confirm", "confirmed", LATER, False),
    ("confirm", "pending", EARLIER, False),
    ("decline", "confirmed", LATER, True),
    ("decline", "cancelled", LATER, False),
    ("cancel", "pending", EARLIER, False),
    ("propose", "pending", LATER, True),
    ("completed", "confirmed", EARLIER, True),
    ("completed", "confirmed", LATER, False),
    ("no_show", "declined", EARLIER, False),
    ("note", "completed", EARLIER, True),
    ("note", "pending", LATER, False),
])
def test_booking_transitions(action: str, status: str, start: datetime, expected: bool) -> None:
    assert allowed(action, status=status, slot_start=start, now=NOW) is expected


def test_unknown_action_is_a_programming_error() -> None:
    with pytest.raises(ValueError):
        allowed("teleport", status="pending", slot_start=LATER, now=NOW)


def test_company_limit() -> None:
    check_company_limit(tax_id="12345675", open_count=2, limit=3)
    with pytest.raises(CompanyLimitReached) as caught:
        check_company_limit(tax_id="12345675", open_count=3, limit=3)
    assert caught.value.status == 409
    assert caught.value.details == [{"field": "tax_id", "problem": "company_limit", "open": 3}]
    assert (caught.value.zh, caught.value.en) == msg.company_limit("12345675", 3)
