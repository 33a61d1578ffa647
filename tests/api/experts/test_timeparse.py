"""Times as people type them (Taipei time), without a database: ISO, 「12/4 14:00」 and everyday
Chinese read by jionlp's time parser; a day without an hour is not a time."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from api.experts.rules.timeparse import parse_when
from knowledge.programme import TAIPEI

TODAY = date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize(("typed", "expected"), [
    ("禮拜五早上十點", datetime(2026, 12, 4, 10, 0, tzinfo=TAIPEI)),
    ("下週二下午兩點", datetime(2026, 12, 8, 14, 0, tzinfo=TAIPEI)),
    ("明天下午3點", datetime(2026, 12, 2, 15, 0, tzinfo=TAIPEI)),
    ("星期五上午10點", datetime(2026, 12, 4, 10, 0, tzinfo=TAIPEI)),
    ("下禮拜三早上九點半", datetime(2026, 12, 9, 9, 30, tzinfo=TAIPEI)),
    ("12/4 14:00", datetime(2026, 12, 4, 14, 0, tzinfo=TAIPEI)),
    ("2026-12-04T10:00+08:00", datetime(2026, 12, 4, 10, 0, tzinfo=TAIPEI)),
])
def test_everyday_times_are_understood(typed: str, expected: datetime) -> None:
    assert parse_when(typed, today=TODAY) == expected


@pytest.mark.parametrize("typed", ["禮拜五", "隨便都可以", "", "99/99 99:99"])
def test_a_day_without_an_hour_or_nonsense_is_not_a_time(typed: str) -> None:
    assert parse_when(typed, today=TODAY) is None
