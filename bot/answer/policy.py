"""The confidence policy: answer, give two years' rules, ask which 館, or decline.

Inputs are the ranked passages and what the question named; thresholds come from
`EngineConfig`, derived by measurement (see bot/config.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from bot.answer.asks import AskKind, asks, value_kinds
from bot.config import EngineConfig
from knowledge.programme import QueryHints
from knowledge.text import normalize
from knowledge.types import Passage

DecisionKind = Literal["answer", "years", "clarify_hall", "decline"]
_CJK = re.compile(r"[\u4e00-\u9fff]")
_YEARS = re.compile(r"\d{3,4}\s*年度?|去年|今年|\s")


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    passages: tuple[Passage, ...]
    """answer: the one to quote; years: one per year, best first; clarify_hall: the candidates;
    decline: related passages worth suggesting (may be empty)."""
    confidence: float
    halls: tuple[str, ...] = ()


def confident(p: Passage, config: EngineConfig) -> bool:
    if p.extra.get("crosslingual"):  # an English question to a Chinese passage: cosines run lower
        return (p.score >= config.crosslingual_min_score and p.dense_similarity >= config.crosslingual_min_dense
                and p.term_coverage >= config.crosslingual_min_coverage)
    return p.score >= config.answer_min_score and p.dense_similarity >= config.answer_min_dense


def _bigrams(title: str) -> set[str]:
    s = _YEARS.sub("", title)
    return {s[i : i + 2] for i in range(len(s) - 1)}


def same_rule(a: Passage, b: Passage, config: EngineConfig) -> bool:
    """Two FAQ entries that ask the same thing for different years."""
    ca, cb = a.chunk, b.chunk
    if ca.kind != "faq" or cb.kind != "faq" or not ca.year or not cb.year or ca.year == cb.year:
        return False
    if ca.hall != cb.hall:
        return False
    x, y = _bigrams(ca.title), _bigrams(cb.title)
    return bool(x and y) and len(x & y) / len(x | y) >= config.conflict_title_overlap


def on_the_question(p: Passage, config: EngineConfig, question: str) -> bool:
    """The passage shares enough of the question's own terms, or means nearly the same: a passage
    that is only loosely alike (a neighbouring rule) is not quoted as the answer as if it were.
    (An English question shares no terms with the Chinese passages: meaning alone decides.)"""
    if not _CJK.search(question):
        return True
    return p.term_coverage >= config.answer_min_coverage or p.dense_similarity >= config.answer_sure_dense


def decide(passages: list[Passage], hints: QueryHints, config: EngineConfig) -> Decision:
    if not passages or not confident(passages[0], config):
        related = tuple(p for p in passages if p.chunk.kind == "faq"
                        and p.dense_similarity >= config.suggest_min_dense)[: config.related_questions]
        return Decision("decline", related, passages[0].score if passages else 0.0)
    best = passages[0]
    if hints.implied_halls and not hints.halls and best.chunk.hall not in (*hints.implied_halls, ""):
        # 餐廳 points to 商業館: prefer that 館's passage when it is about as good as the best
        best = next((p for p in passages[:3] if p.chunk.hall in hints.implied_halls and confident(p, config)
                     and p.score >= best.score - config.tie_margin), best)
    # Fused rank orders passages; scores say how close the runners-up are to the top.
    top = max(p.score for p in passages[:3])
    pool = [p for p in passages if confident(p, config) and p.score >= top - config.tie_margin]

    if hints.hall is None and best.chunk.hall and not hints.asks_hall and not hints.implied_halls:
        halls = tuple(dict.fromkeys(p.chunk.hall for p in pool if p.chunk.hall))
        general = any(not p.chunk.hall and p.chunk.kind == "faq" for p in pool)
        if len(halls) >= 2 and not general:
            return Decision("clarify_hall", tuple(pool), best.score, halls)

    if not hints.years:
        for other in pool:
            if other is not best and same_rule(best, other, config):
                pair = (best, other)
                chosen = [p for p in pair if p.chunk.year == hints.relative_year]
                if chosen:
                    return Decision("answer", (chosen[0],), chosen[0].score)
                return Decision("years", tuple(pair), best.score)
    return Decision("answer", (best,), best.score)


def _title_asks(p: Passage) -> tuple[AskKind, ...]:
    return value_kinds(asks(normalize(p.chunk.title))) if p.chunk.kind == "faq" else ()


def fits_the_ask(p: Passage, question_asks: tuple[AskKind, ...]) -> bool:
    """An FAQ entry answers the kind of thing the question asks: an entry that asks for a date
    (「…什麼時候前用完？」) does not answer a question on who may apply, however many words they share."""
    own = _title_asks(p)
    return not own or bool(_families(own) & _families(question_asks))


_MONEY = frozenset({"amount", "price", "points"})


def _families(kinds: tuple[AskKind, ...]) -> set[str]:
    """Kinds as what they answer: an amount, a price and a number of points are all sums of money."""
    return {"money" if k in _MONEY else k for k in kinds}


def prefer_fitting(decision: Decision, passages: list[Passage], question: str, config: EngineConfig) -> Decision:
    """When the chosen FAQ entry asks another kind of thing than the question, a close runner-up
    that fits the ask is the answer instead."""
    if decision.kind != "answer":
        return decision
    best = decision.passages[0]
    kinds = asks(normalize(question))
    wanted = value_kinds(kinds)
    if fits_the_ask(best, wanted):
        return decision
    for other in passages[1:config.ask_fit_candidates]:
        # an entry that asks exactly what the question asks may be a little further behind
        same = other.chunk.kind == "faq" and bool(set(asks(normalize(other.chunk.title))) & (set(kinds) - {"yesno"}))
        margin = config.ask_fit_margin * (2 if same else 1)
        if (other is not best and confident(other, config) and other.score >= best.score - margin
                and fits_the_ask(other, wanted) and (other.chunk.kind == "faq" or not wanted)):
            return Decision("answer", (other,), other.score)
    return decision
