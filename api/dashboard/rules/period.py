"""The period and channel a dashboard or an export covers (pure: no session, no web framework).

Days are Taipei calendar days: a period from 3/1 to 3/31 runs from 3/1 00:00 to 4/1 00:00
Asia/Taipei, given to queries as UTC instants (the database stores UTC)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from api.dashboard import messages as msg
from api.errors import InvalidInput
from knowledge.programme import TAIPEI

PRESETS = (7, 30, 90)
DEFAULT_DAYS = 30
MAX_DAYS = 366
CHANNELS = ("all", "web", "line")


@dataclass(frozen=True)
class Period:
    first: date
    last: date
    """Both Taipei days are included."""
    channel: str = "all"

    @property
    def start(self) -> datetime:
        """The first instant in the period (UTC)."""
        return datetime.combine(self.first, time(), TAIPEI).astimezone(UTC)

    @property
    def end(self) -> datetime:
        """The first instant after the period (UTC)."""
        return datetime.combine(self.last + timedelta(days=1), time(), TAIPEI).astimezone(UTC)

    @property
    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def channels(self) -> tuple[str, ...] | None:
        """The channels to count, or None for every channel."""
        return None if self.channel == "all" else (self.channel,)

    def query(self) -> dict[str, str]:
        """The period as the query string of the page, the figures and the exports."""
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "channel": self.channel}


def taipei_day(instant: datetime) -> date:
    """The Taipei calendar day of a stored instant (a naive one is UTC, as the database gives it back)."""
    if instant.tzinfo is None:
        instant = instant.replace(tzinfo=UTC)
    return instant.astimezone(TAIPEI).date()


def _day(text: str, pair: tuple[str, str], field: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(*pair, [{"field": field, "problem": "not a date (YYYY-MM-DD)"}]) from None


def parse_period(*, first: str = "", last: str = "", days: str = "", channel: str = "", today: date) -> Period:
    """The period asked for: `days` (a preset, ending today) or from/to dates; by default the last
    30 days. Raises InvalidInput with what to fix."""
    channel = channel.strip().lower() or "all"
    if channel not in CHANNELS:
        raise InvalidInput(*msg.BAD_CHANNEL, [{"field": "channel", "problem": "not all, web or line"}])
    if days.strip():
        if not days.strip().isdigit() or not 1 <= int(days) <= MAX_DAYS:
            raise InvalidInput(*msg.bad_days(MAX_DAYS), [{"field": "days", "problem": "not 1-366"}])
        return Period(today - timedelta(days=int(days) - 1), today, channel)
    end = _day(last, msg.BAD_TO, "to") if last.strip() else today
    start = _day(first, msg.BAD_FROM, "from") if first.strip() else end - timedelta(days=DEFAULT_DAYS - 1)
    if start > end:
        raise InvalidInput(*msg.FROM_AFTER_TO, [{"field": "from", "problem": "after to"}])
    if (end - start).days + 1 > MAX_DAYS:
        raise InvalidInput(*msg.too_long(MAX_DAYS), [{"field": "from", "problem": "period too long"}])
    return Period(start, end, channel)


def preset_of(period: Period, today: date) -> int | None:
    """The preset (7/30/90 days to today) the period is, if any (the page marks it)."""
    if period.last != today:
        return None
    length = (period.last - period.first).days + 1
    return length if length in PRESETS else None
