"""Amounts of money and counts as people type them (60萬, 六十萬, 1億2000萬, NT$600,000), and
amounts written back the way the programme documents write them (20萬點, 40萬元)."""

from __future__ import annotations

import math
import re
import unicodedata
import warnings
from dataclasses import dataclass
from typing import Literal

import cn2an

_NOISE = re.compile(r"(?i)nt\$|nt|twd|新[臺台]幣|\$|[,，\s]|元整|元|塊錢|塊|左右|上下|大約|大概|約|差不多|將近|快"
                    r"|(?<=[0-9零〇一二兩三四五六七八九十百千萬])(個人|個|人|位|名)$")
_NUMBER = re.compile(r"^[0-9.零〇一二兩三四五六七八九十百千萬億]+$")
_UNIT_ONLY = re.compile(r"^[十百千萬億]+$")
MAX_CHARS = 32
"""Longer than any amount a person types (一億二千三百四十五萬六千七百八十九 is 17): not parsed at all."""
MAX_VALUE = 10**18
"""Above this an amount is absurd for every use here (and would not fit a database integer)."""

Problem = Literal["", "empty", "not_number", "negative", "too_large"]


@dataclass(frozen=True)
class Parsed:
    value: int | None
    problem: Problem = ""


def parse_amount(text: str) -> Parsed:
    """One non-negative amount (rounded to a whole number) in `text`, or why there is none."""
    raw = unicodedata.normalize("NFKC", text).strip()
    cleaned = _NOISE.sub("", raw)
    if not cleaned:
        return Parsed(None, "empty")
    negative = cleaned[0] in "-−負"
    cleaned = cleaned.lstrip("-−負")
    if len(cleaned) > MAX_CHARS:  # a number this long is absurd, and converting it costs time
        return Parsed(None, "too_large" if _NUMBER.match(cleaned.replace("兆", "")) else "not_number")
    if cleaned.count("兆") == 1 and not cleaned.startswith("兆"):  # cn2an stops at 億
        trillions, _, rest = cleaned.partition("兆")
        high, low = parse_amount(trillions), parse_amount(rest) if rest else Parsed(0)
        if "too_large" in (high.problem, low.problem):
            return Parsed(None, "too_large")
        if high.value is None or low.value is None or high.problem or low.problem:
            return Parsed(None, "not_number")
        total = high.value * 1_000_000_000_000 + low.value
        if total > MAX_VALUE:
            return Parsed(None, "too_large")
        return Parsed(None, "negative") if negative else Parsed(total)
    if not cleaned or not _NUMBER.match(cleaned) or _UNIT_ONLY.match(cleaned) or cleaned.count(".") > 1:
        return Parsed(None, "not_number")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = float(cn2an.cn2an(cleaned.replace("兩", "二").replace("〇", "零"), "smart"))
        except (ValueError, KeyError, IndexError):
            return Parsed(None, "not_number")
    if not math.isfinite(value) or value > MAX_VALUE:
        return Parsed(None, "too_large")
    if negative and value > 0:
        return Parsed(None, "negative")
    return Parsed(int(round(value)))


def format_amount(value: int) -> str:
    """200000 -> 20萬; 2000000000 -> 20億; 123456 -> 123,456 (no unit: callers add 點 or 元)."""
    if value and value % 10_000 == 0:
        yi, wan = divmod(value // 10_000, 10_000)
        if yi:
            return f"{yi:,}億" + (f"{wan}萬" if wan else "")
        return f"{wan}萬"
    return f"{value:,}"
