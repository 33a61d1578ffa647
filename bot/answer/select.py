"""The exact fact: the sentences, list items or table rows of a passage that answer the question.

A passage is split into units (sentences, list items, table rows, each kept whole: a unit is
never cut, so a 「不行」 cannot lose its 「不」). Units are scored by the question's words and
character bigrams they contain, with a bonus for holding the kind of value asked (a date, an
amount...). Short passages are quoted whole; longer ones give their best units in the passage's
own order, under the passage's heading, within the length a phone shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.answer.asks import AskKind, holds
from bot.answer.trim import plain
from knowledge.text import normalize

_UNIT_END = re.compile(r"(?<=[。！？；!?;])")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_VERDICT = re.compile(r"(不行|不可以|不能|可以|能|要|不要|不用|不需要|需要|有|沒有|是|不是|會|不會|對|不對)[。！!]?")
"""A one-word verdict an FAQ answer opens with: it answers a yes/no question, and only that."""
_FUNCTION = set("的了是在和與及或嗎呢吧我你他們這那個一也都就還要可以能會有沒什麼怎如何請問")


@dataclass(frozen=True)
class Selection:
    text: str
    units: tuple[str, ...]
    whole: bool
    """True when the passage was quoted whole."""


def units(body: str) -> list[str]:
    """Sentences, list items and table rows of a passage, in order, each whole."""
    out: list[str] = []
    for line in plain(body).splitlines():
        line = line.strip()
        if not line:
            continue
        parts = [p.strip() for p in _UNIT_END.split(line) if p.strip()]
        out.extend(parts or [line])
    return out


def _bigrams(text: str) -> set[str]:
    grams: set[str] = set()
    for run in _CJK.findall(text):
        grams.update(run[i : i + 2] for i in range(len(run) - 1) if not set(run[i : i + 2]) <= _FUNCTION)
    grams.update(w for w in re.findall(r"[a-z0-9]{2,}", text))
    return grams


def score_unit(unit: str, question_grams: set[str], kinds: tuple[AskKind, ...]) -> float:
    norm = normalize(unit)
    grams = _bigrams(norm)
    overlap = len(grams & question_grams) / max(len(question_grams), 1)
    bonus = 0.35 * sum(1 for k in kinds if k not in ("list", "yesno") and holds(k, norm))
    return overlap + bonus


def select(question: str, body: str, *, kinds: tuple[AskKind, ...], limit: int, heading: str = "") -> Selection:
    all_units = units(body)
    if len(all_units) > 1 and _VERDICT.fullmatch(all_units[0]) and "yesno" not in kinds:
        # 「不行。」 quoted for 「最多補助多少？」 would read as the answer to what was asked
        all_units = all_units[1:]
    whole = "\n".join(all_units)
    if len(whole) <= limit or len(all_units) <= 1:
        return Selection(whole, tuple(all_units), True)
    q = _bigrams(normalize(question))
    if _CJK.search(question):
        scored = sorted(range(len(all_units)), key=lambda i: (-score_unit(all_units[i], q, kinds), i))
    else:  # an English question shares no words with the Chinese passage: keep its own order
        scored = list(range(len(all_units)))
    chosen: list[int] = [0] if len(all_units[0]) <= 12 else []  # a verdict (不行。可以。) leads its reasons
    used = (len(heading) + 1 if heading else 0) + sum(len(all_units[i]) + 1 for i in chosen)
    for i in scored:
        if i in chosen:
            continue
        size = len(all_units[i]) + 1
        if chosen and used + size > limit:
            continue
        chosen.append(i)
        used += size
        if used >= limit:
            break
    keep = [all_units[i] for i in sorted(chosen)]
    lead = [heading] if heading and heading not in keep[0] else []
    return Selection("\n".join(lead + keep), tuple(keep), False)
