"""Which programme year and 館 a question names, so rules of other years rank lower."""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.text import normalize

_ROC_YEAR = re.compile(r"(?<!\d)(1[01]\d)\s*(?:年|學年)")
_AD_YEAR = re.compile(r"(?<!\d)(20[12]\d)(?!\d)")
_BARE_ROC = re.compile(r"(?<![\d.])(11[0-5])(?![\d萬%])")
_HALL_ALIASES = {
    "工業館": ("工業館", "工業舘"), "商業館": ("商業館", "商業舘"),
    "中小館": ("中小館", "中小舘"), "農業館": ("農業館", "農業舘"),
}


@dataclass(frozen=True)
class QueryScope:
    years: frozenset[int]
    halls: frozenset[str]


def query_scope(question: str) -> QueryScope:
    """Years (ROC) and halls named in a question: 「110年」「2022」「111工業館」."""
    text = normalize(question)
    years = {int(y) for y in _ROC_YEAR.findall(text)}
    years |= {int(y) - 1911 for y in _AD_YEAR.findall(text)}
    if not years:
        years = {int(y) for y in _BARE_ROC.findall(text)}
    halls = {hall for hall, names in _HALL_ALIASES.items() if any(n in text for n in names)}
    return QueryScope(frozenset(y for y in years if 100 <= y <= 200), frozenset(halls))
