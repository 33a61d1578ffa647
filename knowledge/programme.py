"""The programme's calendar and its 館: ROC years, Taiwan's clock, and how a question names them.

The programme runs by the ROC (民國) calendar in Taiwan's time zone. Everything that converts a
year, reads "today" or recognises a year or 館 in a message lives here, so that retrieval
(`knowledge.search`), the engine (`bot`) and the services (`api`) read one question the same way.
`knowledge` is the lowest layer: this module imports nothing from `bot`, `ingest` or `api`.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from knowledge.text import normalize, to_traditional
from knowledge.types import SearchFilters

if TYPE_CHECKING:
    from knowledge.lexicon import Lexicon

TAIPEI = ZoneInfo("Asia/Taipei")
ROC_OFFSET = 1911
"""ROC year = Gregorian year - 1911 (民國110年 = 2021)."""
FIRST_YEAR = 110
"""The programme's first year (2021)."""

HALLS: tuple[str, ...] = ("工業館", "商業館", "中小館", "農業館")
HALL_EN: dict[str, str] = {"工業館": "Industrial Hall", "商業館": "Commercial Hall", "中小館": "SME Hall",
                           "農業館": "Agricultural Hall"}


def roc_year(ad_year: int) -> int:
    """2021 -> 110."""
    return ad_year - ROC_OFFSET


def ad_year(roc: int) -> int:
    """110 -> 2021."""
    return roc + ROC_OFFSET


def to_roc(year: int) -> int:
    """A year written either way (110 or 2021) as the ROC year the programme uses."""
    return roc_year(year) if year > ROC_OFFSET else year


def taipei_now(timestamp: float | None = None) -> datetime:
    """The moment `timestamp` (now when None) on Taiwan's clock, whatever the server's zone."""
    return datetime.fromtimestamp(time.time() if timestamp is None else timestamp, TAIPEI)


def taipei_today(timestamp: float | None = None) -> date:
    return taipei_now(timestamp).date()


def current_roc_year(timestamp: float | None = None) -> int:
    """The ROC year in Taiwan at `timestamp`: 2026-12-31T17:00Z is already 116."""
    return roc_year(taipei_today(timestamp).year)


def roc_date(day: date) -> str:
    """2021-09-30 -> 「110年9月30日」, as dates read to users."""
    return f"{roc_year(day.year)}年{day.month}月{day.day}日"


# --- Years and 館 a question names --------------------------------------------------------

_ROC_YEAR = re.compile(r"(?<!\d)(1[01]\d)\s*(?:年|學年)")  # also 年度, which begins with 年
_AD_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_BARE_YEAR = re.compile(r"(?<![\d.])(1[01]\d)(?![\d.萬億元點人家個%％])")
_ASKS_HALL = re.compile(r"(哪|什麼|甚麼)(一|個)?館|which hall")
_RELATIVE = {"今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1, "this year": 0, "last year": -1,
             "next year": 1}
_HALL_ALIASES: dict[str, str] = {
    **{hall: hall for hall in HALLS},
    **{hall.replace("館", "舘"): hall for hall in HALLS},  # the variant character some write
    **{HALL_EN[hall].lower(): hall for hall in HALLS},
}


@dataclass(frozen=True)
class QueryHints:
    years: tuple[int, ...] = ()
    """ROC years named explicitly, in order of appearance."""
    relative_year: int | None = None
    """The ROC year a relative expression (今年, 去年) points to."""
    halls: tuple[str, ...] = ()
    asks_hall: bool = False
    """The question asks which 館 (so asking back which 館 would not help)."""
    implied_halls: tuple[str, ...] = ()
    """館 the question's words point to through the programme lexicon (餐廳 -> 商業館)."""

    @property
    def year(self) -> int | None:
        return self.years[0] if len(self.years) == 1 else None

    @property
    def hall(self) -> str | None:
        return self.halls[0] if len(self.halls) == 1 else None

    def filters(self) -> SearchFilters | None:
        if self.year is None and self.hall is None:
            return None
        return SearchFilters(year=self.year, hall=self.hall)


def extract_hints(text: str, *, current_roc_year: int, lexicon: Lexicon | None = None) -> QueryHints:
    """Years and 館 named in `text` (Simplified or Traditional, full- or half-width, Chinese or English).

    Years count in three forms, all kept in order of appearance:
    - an ROC year with 年 / 年度 / 學年 (「110年」「111年度」), 100 to 119;
    - a Gregorian year 2011 to 2029 (「2022」 -> 111);
    - a bare number (「111工業館」「商業館 115 的規定」) only from the programme's first year (110) to
      `current_roc_year`: the years a user can mean without writing 年. Outside that window, or
      followed by a unit or measure word (115萬, 112家, 110%), a bare number is an amount or a count.
    Relative years (今年, 去年, last year) are counted from `current_roc_year`, which the caller
    takes from Taiwan's clock (`current_roc_year()` of this module).
    館 count by their name, the 舘 variant or their English name (Industrial Hall); with a
    `lexicon`, the 館 its synonyms point to are `implied_halls` too.
    """
    norm = normalize(text)
    found = [(m.start(), int(m.group(1))) for m in _ROC_YEAR.finditer(norm)]
    found += [(m.start(), roc_year(int(m.group(1)))) for m in _AD_YEAR.finditer(norm)]
    found += [(m.start(), int(m.group(1))) for m in _BARE_YEAR.finditer(norm)
              if FIRST_YEAR <= int(m.group(1)) <= current_roc_year]
    years = tuple(dict.fromkeys(y for _, y in sorted(found) if 100 <= y <= 130))
    relative = next((current_roc_year + delta for word, delta in _RELATIVE.items() if word in norm), None)
    halls = tuple(dict.fromkeys(hall for alias, hall in _HALL_ALIASES.items() if alias in norm))
    implied: tuple[str, ...] = ()
    if lexicon is not None:
        expanded = lexicon.expand(norm)
        implied = tuple(h for h in HALLS if h in expanded and h not in halls)
    return QueryHints(years=years, relative_year=relative, halls=halls, asks_hall=bool(_ASKS_HALL.search(norm)),
                      implied_halls=implied)


def only_hints(text: str, hints: QueryHints) -> bool:
    """True when the text is little more than a year or hall ("111年呢？", "工業館"): a follow-up
    that refines the previous question rather than a new one."""
    rest = normalize(text)
    for pattern in (_ROC_YEAR, _BARE_YEAR, _AD_YEAR):
        rest = pattern.sub("", rest)
    for alias in (*_HALL_ALIASES, *_RELATIVE):
        rest = rest.replace(alias, "")
    rest = re.sub(r"[\s?？!！。,，、]|的|呢|那|那麼|如果是|是|度|要|看|只|話|改成|換成", "", rest)
    return (bool(hints.years) or bool(hints.halls)) and len(rest) <= 1


def strip_hints(text: str) -> str:
    """The question without the years it names (before searching with a different year)."""
    out = to_traditional(text)
    for pattern in (_ROC_YEAR, _AD_YEAR):
        out = pattern.sub("", out)
    return out.strip()
