"""How an answer names its evidence: human titles for seed files, year/館 labels, snippets."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.types import Language, Source
from knowledge.programme import ad_year, roc_year
from knowledge.types import Passage

SOURCES_FILE = Path(__file__).parent / "data" / "sources.yaml"
_DATED = re.compile(r"^(\d{4})-(\d{2})_(.+?)(?:\.\w+)?$")


@lru_cache(maxsize=4)
def _titles(path: Path = SOURCES_FILE) -> dict[str, dict[str, str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {str(k): {str(lang): str(v) for lang, v in (titles or {}).items()} for k, titles in data.items()}


def source_title(document: str, lang: Language = "zh") -> str:
    """'2021-06_industrial-hall-subsidy-briefing.txt' -> '雲市集工業館補助說明 110年6月'."""
    titles = _titles().get(document)
    if titles:
        return titles.get(lang) or titles.get("zh") or document
    m = _DATED.match(document)
    if not m:
        return document
    year, month, slug = int(m.group(1)), int(m.group(2)), m.group(3).replace("-", " ")
    return f"{slug} {roc_year(year)}年{month}月" if lang == "zh" else f"{slug}, {year}-{month:02d}"


def year_label(year: int, lang: Language) -> str:
    if not year:
        return ""
    return f"{year}年度" if lang == "zh" else f"ROC year {year} ({ad_year(year)})"


def citation(passage: Passage, lang: Language) -> str:
    """「（110年度・工業館｜來源：雲市集工業館補助說明 110年6月）」"""
    c = passage.chunk
    return cite(year=c.year, hall=c.hall, title=source_title(c.source, lang), lang=lang)


def cite(*, year: int, hall: str, title: str, lang: Language) -> str:
    """A citation from its parts: the year and 館 a rule applies to, and its source's title."""
    scope = "・".join(x for x in (year_label(year, lang), hall) if x)
    if lang == "en":
        return f"({scope} | Source: {title})" if scope else f"(Source: {title})"
    return f"（{scope}｜來源：{title}）" if scope else f"（來源：{title}）"


def snippet(text: str, limit: int) -> str:
    flat = re.sub(r"\s+", " ", text).strip()
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def to_source(passage: Passage, lang: Language, snippet_chars: int) -> Source:
    c = passage.chunk
    body = c.answer or c.text
    return Source(title=c.title, source=source_title(c.source, lang), year=c.year, hall=c.hall,
                  snippet=snippet(body, snippet_chars), score=round(passage.score, 3),
                  chunk_id=c.chunk_id, document=c.source)


SOURCE_PAGE = "/sources/"
"""Where the service shows a cited passage whole (api/routers/sources.py)."""


def source_url(chunk_id: str, base_url: str = "") -> str:
    """The page of one cited passage; absolute when `base_url` is given (LINE needs https links)."""
    from urllib.parse import quote

    return f"{base_url.rstrip('/')}{SOURCE_PAGE}{quote(chunk_id, safe='')}" if chunk_id else ""
