"""Years and 館 a question names, turned into search filters or ranking preferences.

Explicit years (110年, 111年度, 2022) become a filter when there is exactly one; relative ones
(今年, 去年) only a preference, since the knowledge base's own FAQ text says 去年 too and a
hard filter on the wrong year would hide the rule the user means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from knowledge.lexicon import Lexicon
from knowledge.text import normalize, to_traditional
from knowledge.types import HALLS, SearchFilters

_ROC_YEAR = re.compile(r"(?<!\d)(1[01]\d)\s*(?:年|年度|學年)")
_ROC_BARE = re.compile(r"(?<![\d.])(11[0-4])(?![\d.萬億元點人家個%％])")
_AD_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_ASKS_HALL = re.compile(r"(哪|什麼|甚麼)(一|個)?館|which hall")
_RELATIVE = {"今年": 0, "本年度": 0, "去年": -1, "前年": -2, "明年": 1, "this year": 0, "last year": -1,
             "next year": 1}
_HALL_ALIASES = {"工業館": "工業館", "商業館": "商業館", "中小館": "中小館", "農業館": "農業館",
                 "industrial hall": "工業館", "commercial hall": "商業館", "agricultural hall": "農業館"}


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

    @property
    def names_year(self) -> bool:
        return bool(self.years) or self.relative_year is not None

    def filters(self) -> SearchFilters | None:
        if self.year is None and self.hall is None:
            return None
        return SearchFilters(year=self.year, hall=self.hall)


def roc_year(ad_year: int) -> int:
    return ad_year - 1911


def extract_hints(text: str, *, current_roc_year: int) -> QueryHints:
    """Years and halls mentioned in `text` (Simplified or Traditional, Chinese or English)."""
    norm = to_traditional(text).lower()
    found: list[tuple[int, int]] = []
    for pattern in (_ROC_YEAR, _ROC_BARE):
        found.extend((m.start(), int(m.group(1))) for m in pattern.finditer(norm))
    found.extend((m.start(), roc_year(int(m.group(1)))) for m in _AD_YEAR.finditer(norm))
    years = tuple(dict.fromkeys(y for _, y in sorted(found) if 100 <= y <= 130))
    relative = next((current_roc_year + delta for word, delta in _RELATIVE.items() if word in norm), None)
    halls = tuple(dict.fromkeys(hall for alias, hall in _HALL_ALIASES.items() if alias in norm))
    asks_hall = bool(_ASKS_HALL.search(norm))
    expanded = _lexicon().expand(normalize(text))
    implied = tuple(h for h in HALLS if h in expanded and h not in halls)
    return QueryHints(years=years, relative_year=relative, halls=halls, asks_hall=asks_hall,
                      implied_halls=implied)


@lru_cache(maxsize=1)
def _lexicon() -> Lexicon:
    return Lexicon.load()


def only_hints(text: str, hints: QueryHints) -> bool:
    """True when the text is little more than a year or hall ("111年呢？", "工業館"): a follow-up
    that refines the previous question rather than a new one."""
    rest = to_traditional(text)
    for pattern in (_ROC_YEAR, _ROC_BARE, _AD_YEAR):
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
