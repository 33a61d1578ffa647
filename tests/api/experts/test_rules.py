"""The experts' pure rules, without a database: the booking state machine and the company limit."""

from datetime import UTC, date, datetime, timedelta

import pytest

from api.experts import messages as msg
from api.experts.rules.limits import CompanyLimitReached, check_company_limit
from api.experts.rules.timeparse import parse_when
from api.experts.rules.transitions import allowed
from knowledge.programme import TAIPEI

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


@pytest.mark.parametrize("typed", ["0001-01-01T00:00", "9999-12-31T23:59-08:00", "9999年12月31日 23:59",
                                   "1900/1/1 9:00", "99999999999年1月1日下午3點", "一萬年後下午3點", "10000年后下午3点",
                                   "1" * 500 + "年後下午三點", "三千年後的明天下午三點"])
def test_a_time_in_no_year_anybody_books_is_not_a_time(typed: str) -> None:
    """Year 1 or 9999 would overflow once converted to UTC."""
    assert parse_when(typed, today=date(2026, 12, 1)) is None


def test_times_people_type_are_read() -> None:
    assert parse_when("12/8 下午2點", today=date(2026, 12, 1)) == datetime(2026, 12, 8, 14, 0, tzinfo=TAIPEI)
    assert parse_when("2027-01-05T10:00+08:00", today=date(2026, 12, 1)) == datetime(2027, 1, 5, 2, 0, tzinfo=UTC)
