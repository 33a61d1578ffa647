"""Free slots from weekly hours and date exceptions, in Taipei time, stored as UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from api.experts.rules.availability import DayException, Policy, Schedule, Weekly, conflicting_rule
from knowledge.programme import TAIPEI

MONDAY = date(2026, 12, 7)
BEFORE = datetime(2026, 12, 1, 0, 0, tzinfo=UTC)  # a week earlier: no notice limit in the way


def _taipei(day: date, hhmm: str) -> datetime:
    h, m = map(int, hhmm.split(":"))
    return datetime(day.year, day.month, day.day, h, m, tzinfo=TAIPEI).astimezone(UTC)


def _labels(slots: list[datetime]) -> list[str]:
    return [s.astimezone(TAIPEI).strftime("%m-%d %H:%M") for s in slots]


def _schedule(*exceptions: DayException, policy: Policy | None = None) -> Schedule:
    rules = [Weekly(0, 9 * 60, 12 * 60), Weekly(0, 14 * 60, 16 * 60)]  # Mondays 09-12, 14-16
    return Schedule(rules, exceptions, policy or Policy(slot_minutes=60, buffer_minutes=15, min_notice_hours=24,
                                                        horizon_days=60))


def test_weekly_hours_become_slots_a_slot_and_a_buffer_apart_stored_in_utc() -> None:
    slots = _schedule().free_slots(now=BEFORE, busy=[], first_day=MONDAY, last_day=MONDAY)
    assert _labels(slots) == ["12-07 09:00", "12-07 10:15", "12-07 14:00"]
    assert slots[0] == datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 09:00 in Taipei is 01:00 UTC


def test_time_off_removes_hours_and_extra_hours_add_them() -> None:
    whole_day = _schedule(DayException(MONDAY, "off"))
    assert whole_day.free_slots(now=BEFORE, busy=[], first_day=MONDAY, last_day=MONDAY) == []
    morning_off = _schedule(DayException(MONDAY, "off", 9 * 60, 12 * 60))
    assert _labels(morning_off.free_slots(now=BEFORE, busy=[], first_day=MONDAY, last_day=MONDAY)) == ["12-07 14:00"]
    tuesday = MONDAY + timedelta(days=1)
    extra = _schedule(DayException(tuesday, "extra", 19 * 60, 21 * 60))
    assert _labels(extra.free_slots(now=BEFORE, busy=[], first_day=tuesday, last_day=tuesday)) == [
        "12-08 19:00"]


def test_a_booking_blocks_its_slot_and_keeps_the_buffer_from_its_neighbours() -> None:
    schedule = _schedule(policy=Policy(slot_minutes=60, buffer_minutes=30, min_notice_hours=0, horizon_days=60))
    busy = [(_taipei(MONDAY, "09:30"), _taipei(MONDAY, "10:30"))]  # off the grid (e.g. made under old rules)
    slots = schedule.free_slots(now=BEFORE, busy=busy, first_day=MONDAY, last_day=MONDAY)
    assert _labels(slots) == ["12-07 14:00"]  # 09:00 ends 10:00 (< 10:30 + 30), 10:30 starts inside the buffer


def test_notice_and_horizon_bound_the_slots() -> None:
    schedule = _schedule()
    now = _taipei(MONDAY, "08:00") - timedelta(days=1)  # Sunday 08:00: Monday 09:00 is only 25 h away
    first = schedule.free_slots(now=now, busy=[], limit=1)
    assert _labels(first) == ["12-07 09:00"]
    late = _taipei(MONDAY, "09:30") - timedelta(days=1)  # 24 h notice rules out Monday 09:00
    assert _labels(schedule.free_slots(now=late, busy=[], limit=1)) == ["12-07 10:15"]
    horizon = schedule.free_slots(now=BEFORE, busy=[])
    assert max(horizon) <= BEFORE + timedelta(days=60) and len(horizon) == 3 * 8  # eight Mondays


def test_rules_apply_only_within_their_dates() -> None:
    rules = [Weekly(0, 9 * 60, 10 * 60, valid_until=MONDAY - timedelta(days=1)),
             Weekly(0, 13 * 60, 14 * 60, valid_from=MONDAY)]
    slots = Schedule(rules, [], Policy(60, 0, 0, 60)).free_slots(now=BEFORE, busy=[], last_day=MONDAY)
    assert _labels(slots) == ["12-07 13:00"]


def test_overlapping_weekly_rules_are_found_and_adjacent_ones_are_not() -> None:
    existing = [(1, Weekly(2, 9 * 60, 12 * 60)), (2, Weekly(2, 14 * 60, 17 * 60, valid_until=date(2026, 12, 31)))]
    assert conflicting_rule(Weekly(2, 11 * 60, 13 * 60), existing) == 1
    assert conflicting_rule(Weekly(2, 12 * 60, 14 * 60), existing) is None  # touching is fine
    assert conflicting_rule(Weekly(3, 9 * 60, 12 * 60), existing) is None  # another weekday
    assert conflicting_rule(Weekly(2, 15 * 60, 16 * 60, valid_from=date(2027, 1, 1)), existing) is None
    assert conflicting_rule(Weekly(2, 15 * 60, 16 * 60, valid_from=date(2026, 12, 1)), existing) == 2
