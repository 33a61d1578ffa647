"""How times, statuses and modes read to people (zh-TW, or English for English-speaking users)."""

from __future__ import annotations

from datetime import datetime

from api.experts.rules.taxonomy import MODES
from api.experts.tables import Booking
from knowledge.programme import TAIPEI

_WEEKDAYS_ZH = "一二三四五六日"
_WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")

STATUS: dict[str, tuple[str, str]] = {
    "pending": ("待專家確認", "awaiting the expert's confirmation"),
    "confirmed": ("已確認", "confirmed"),
    "declined": ("專家無法接受", "declined by the expert"),
    "cancelled": ("已取消", "cancelled"),
    "completed": ("已完成", "completed"),
    "no_show": ("未出席", "no-show"),
    "expired": ("未獲確認，已釋出", "released (not confirmed in time)"),
}


def slot_label(start: datetime, lang: str = "zh", *, year: bool = False) -> str:
    """'12/3（四）10:00' -- short enough for a LINE quick reply."""
    local = start.astimezone(TAIPEI)
    if lang == "en":
        return f"{_WEEKDAYS_EN[local.weekday()]} {local.day} {local:%b}{f' {local.year}' if year else ''} {local:%H:%M}"
    prefix = f"{local.year}/" if year else ""
    return f"{prefix}{local.month}/{local.day}（{_WEEKDAYS_ZH[local.weekday()]}）{local:%H:%M}"


def span_label(start: datetime, end: datetime, lang: str = "zh") -> str:
    return f"{slot_label(start, lang, year=True)}–{end.astimezone(TAIPEI):%H:%M}"


def status_label(status: str, lang: str = "zh") -> str:
    zh, en = STATUS.get(status, (status, status))
    return en if lang == "en" else zh


def mode_label(mode: str, lang: str = "zh") -> str:
    zh, en = MODES.get(mode, (mode, mode))
    return en if lang == "en" else zh


def language_of(booking: Booking) -> str:
    return "en" if booking.context.get("language") == "en" else "zh"


def say(booking: Booking, zh: str, en: str) -> str:
    """A message to the SME in the language they booked in."""
    return en if language_of(booking) == "en" else zh
