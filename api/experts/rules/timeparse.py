"""A time the user typed or picked -> an aware datetime (Taipei time unless an offset is given)."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from knowledge.programme import TAIPEI

_DATE_TIME = re.compile(
    r"^(?:(?P<y>\d{4})\s*[/\-.年]\s*)?(?P<m>\d{1,2})\s*[/\-.月]\s*(?P<d>\d{1,2})\s*[日號号]?"
    r"(?:\s*[（(]?[週周星期]*[一二三四五六日天]?[)）]?)?\s*"
    r"(?P<half>上午|早上|中午|下午|晚上|am|pm)?\s*(?P<h>\d{1,2})\s*(?:[:：點点时時]\s*(?P<min>\d{1,2}|半)?\s*分?)?"
    r"\s*(?P<half2>am|pm)?$", re.IGNORECASE)


def parse_when(text: str, *, today: date) -> datetime | None:
    raw = unicodedata.normalize("NFKC", text).strip()
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=TAIPEI)
    match = _DATE_TIME.match(raw)
    if match is None:
        return None
    hour = int(match["h"])
    minute = 30 if match["min"] == "半" else int(match["min"] or 0)
    half = (match["half"] or match["half2"] or "").lower()
    if half in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    year = int(match["y"]) if match["y"] else today.year
    try:
        day = date(year, int(match["m"]), int(match["d"]))
        if not match["y"] and day < today:
            day = date(year + 1, day.month, day.day)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TAIPEI)
