"""Free slots from an expert's rules: pure computation, no database.

Weekly hours and date exceptions are Taipei wall-clock times (minutes after midnight here);
slots come out as aware UTC datetimes. Slots start at the beginning of each open window and
follow each other every `slot + buffer` minutes; a slot is free when it keeps `buffer` minutes
away from every booking that holds the expert's time.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from knowledge.programme import TAIPEI

Window = tuple[int, int]
"""[start, end) in minutes after local midnight."""


@dataclass(frozen=True)
class Weekly:
    weekday: int
    start: int
    end: int
    valid_from: date | None = None
    valid_until: date | None = None

    def applies(self, day: date) -> bool:
        return ((self.valid_from is None or day >= self.valid_from)
                and (self.valid_until is None or day <= self.valid_until))


@dataclass(frozen=True)
class DayException:
    day: date
    kind: str
    """'off' or 'extra'."""
    start: int | None = None
    end: int | None = None
    """No times on an 'off' exception: the whole day."""


@dataclass(frozen=True)
class Policy:
    slot_minutes: int = 60
    buffer_minutes: int = 15
    min_notice_hours: int = 24
    horizon_days: int = 60


def minutes(t: time) -> int:
    return t.hour * 60 + t.minute


def overlaps(a: Window, b: Window) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def dates_overlap(a: Weekly, b: Weekly) -> bool:
    return ((a.valid_until is None or b.valid_from is None or b.valid_from <= a.valid_until)
            and (b.valid_until is None or a.valid_from is None or a.valid_from <= b.valid_until))


def conflicting_rule(new: Weekly, existing: Iterable[tuple[int, Weekly]]) -> int | None:
    """The id of an existing weekly rule the new one overlaps (same weekday, hours and dates)."""
    for rule_id, rule in existing:
        if rule.weekday == new.weekday and overlaps((new.start, new.end), (rule.start, rule.end)) \
                and dates_overlap(new, rule):
            return rule_id
    return None


def _merge(windows: list[Window]) -> list[Window]:
    merged: list[Window] = []
    for start, end in sorted(windows):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _subtract(windows: list[Window], cut: Window) -> list[Window]:
    out: list[Window] = []
    for start, end in windows:
        if not overlaps((start, end), cut):
            out.append((start, end))
            continue
        if start < cut[0]:
            out.append((start, cut[0]))
        if cut[1] < end:
            out.append((cut[1], end))
    return out


class Schedule:
    """One expert's rules, indexed by weekday and date for fast day-by-day evaluation."""

    def __init__(self, rules: Iterable[Weekly], exceptions: Iterable[DayException], policy: Policy) -> None:
        self.policy = policy
        self._weekly: dict[int, list[Weekly]] = defaultdict(list)
        for rule in rules:
            self._weekly[rule.weekday].append(rule)
        self._extra: dict[date, list[Window]] = defaultdict(list)
        self._off: dict[date, list[Window]] = defaultdict(list)
        for exc in exceptions:
            if exc.kind == "extra" and exc.start is not None and exc.end is not None:
                self._extra[exc.day].append((exc.start, exc.end))
            elif exc.kind == "off":
                whole = exc.start is None or exc.end is None
                self._off[exc.day].append((0, 24 * 60) if whole else (exc.start or 0, exc.end or 0))

    def weekly_windows(self, day: date) -> list[Window]:
        """The weekly hours that apply on one local date (before exceptions)."""
        return _merge([(r.start, r.end) for r in self._weekly.get(day.weekday(), ()) if r.applies(day)])

    def windows(self, day: date) -> list[Window]:
        """The open hours of one local date."""
        windows = _merge(self.weekly_windows(day) + self._extra.get(day, []))
        for cut in self._off.get(day, ()):
            windows = _subtract(windows, cut)
        return windows

    def free_slots(self, *, now: datetime, busy: Iterable[tuple[datetime, datetime]],
                   first_day: date | None = None, last_day: date | None = None,
                   limit: int | None = None) -> list[datetime]:
        """Bookable slot starts (UTC), earliest first, between `first_day` and `last_day` (local
        dates, both included) and within the notice and horizon the policy allows."""
        policy = self.policy
        earliest = now + timedelta(hours=policy.min_notice_hours)
        latest = now + timedelta(days=policy.horizon_days)
        pad = timedelta(minutes=policy.buffer_minutes)
        intervals = sorted((s - pad, e + pad) for s, e in busy)
        starts = [s for s, _ in intervals]
        reach: list[datetime] = []
        for _, until in intervals:  # the latest end among the intervals sorted so far
            reach.append(until if not reach or until > reach[-1] else reach[-1])
        length = timedelta(minutes=policy.slot_minutes)
        step = policy.slot_minutes + policy.buffer_minutes
        day = max(first_day or earliest.astimezone(TAIPEI).date(), earliest.astimezone(TAIPEI).date())
        stop = min(last_day or latest.astimezone(TAIPEI).date(), latest.astimezone(TAIPEI).date())
        out: list[datetime] = []
        while day <= stop:
            midnight = datetime(day.year, day.month, day.day, tzinfo=TAIPEI)
            for start, end in self.windows(day):
                offset = start
                while offset + policy.slot_minutes <= end:
                    local = midnight + timedelta(minutes=offset)  # wall-clock arithmetic in Taipei time
                    slot = local.astimezone(UTC)
                    offset += step
                    if slot < earliest or slot > latest:
                        continue
                    i = bisect.bisect_left(starts, slot + length)
                    if i and reach[i - 1] > slot:
                        continue
                    out.append(slot)
                    if limit is not None and len(out) >= limit:
                        return out
            day += timedelta(days=1)
        return out
