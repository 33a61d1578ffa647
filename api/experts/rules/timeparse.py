"""A time the user typed or picked -> an aware datetime (Taipei time unless an offset is given).

ISO times and 「12/4 14:00」 are read here; everyday Chinese (「禮拜五早上十點」「下週二下午兩點」
「明天下午3點」) by jionlp's time parser (a well-kept Chinese time-expression parser; it reads
Simplified script, so the text is converted first). A day without an hour is not a time.
"""

from __future__ import annotations

import contextlib
import io
import re
import unicodedata
from datetime import date, datetime
from typing import Any

from knowledge.programme import TAIPEI

_DATE_TIME = re.compile(
    r"^(?:(?P<y>\d{4})\s*[/\-.年]\s*)?(?P<m>\d{1,2})\s*[/\-.月]\s*(?P<d>\d{1,2})\s*[日號号]?"
    r"(?:\s*[（(]?[週周星期]*[一二三四五六日天]?[)）]?)?\s*"
    r"(?P<half>上午|早上|中午|下午|晚上|am|pm)?\s*(?P<h>\d{1,2})\s*(?:[:：點点时時]\s*(?P<min>\d{1,2}|半)?\s*分?)?"
    r"\s*(?P<half2>am|pm)?$", re.IGNORECASE)


YEARS = range(2000, 2101)
"""A time outside these years is not one anybody books (and year 1 or 9999 would overflow in
time-zone arithmetic)."""


def parse_when(text: str, *, today: date) -> datetime | None:
    raw = unicodedata.normalize("NFKC", text).strip()
    try:
        parsed = datetime.fromisoformat(raw)
    except ValueError:
        parsed = None
    if parsed is not None:
        if parsed.year not in YEARS:
            return None
        return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=TAIPEI)
    match = _DATE_TIME.match(raw)
    if match is None:
        return _colloquial(raw, today)
    hour = int(match["h"])
    minute = 30 if match["min"] == "半" else int(match["min"] or 0)
    half = (match["half"] or match["half2"] or "").lower()
    if half in ("下午", "晚上", "pm") and hour < 12:
        hour += 12
    if hour > 23 or minute > 59:
        return None
    year = int(match["y"]) if match["y"] else today.year
    if year not in YEARS:
        return None
    try:
        day = date(year, int(match["m"]), int(match["d"]))
        if not match["y"] and day < today:
            day = date(year + 1, day.month, day.day)
    except ValueError:
        return None
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=TAIPEI)


_COLLOQUIAL_MAX_CHARS = 40
"""「下個禮拜二下午兩點半」 is 11: longer text is not a time, and is not worth the parser's time."""


def _jionlp() -> Any:
    """jionlp, imported on first use (0.5 s) without the banner it prints on import."""
    with contextlib.redirect_stdout(io.StringIO()):
        import jionlp
    return jionlp


def _colloquial(text: str, today: date) -> datetime | None:
    import time as clock

    import opencc

    if len(text) > _COLLOQUIAL_MAX_CHARS:
        return None
    jionlp = _jionlp()
    base = clock.mktime(datetime(today.year, today.month, today.day, 0, 0, tzinfo=TAIPEI).timetuple())
    try:
        parsed = jionlp.parse_time(opencc.OpenCC("tw2s").convert(text), time_base=base)
        if not isinstance(parsed, dict) or parsed.get("type") != "time_point":
            return None
        start, end = (datetime.fromisoformat(s) for s in parsed["time"][:2])
    # jionlp raises ValueError on text it cannot read, and OverflowError (「一萬年後」, a 500-digit
    # year) or a time string fromisoformat cannot read on text it half reads
    except (ValueError, TypeError, LookupError, ArithmeticError):
        return None
    if (end - start).total_seconds() > 3600 or start.year not in YEARS:  # 「禮拜五」 alone: a day, not a time
        return None
    return start.replace(tzinfo=TAIPEI)
