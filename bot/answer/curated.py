"""Curated answers: what programme staff (or an expert) wrote for a question the bot could not
answer. A question that closely paraphrases a curated one is answered from it, before retrieval
(Dify's annotation reply), with the source and year staff gave; each such answer counts a hit.

The engine sees only this port; api/curated keeps the answers in the database (so every worker
and instance sees a new one within seconds) and matches them by embedding similarity.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from knowledge.programme import QueryHints


@dataclass(frozen=True)
class CuratedMatch:
    id: int
    question: str
    answer: str
    year: int
    hall: str
    audience: str
    source: str
    similarity: float
    kind: str = "answer"
    """'answer' (given with its source) or 'not_answerable': the documents don't cover it, and
    `answer` is the reply staff give instead (the next step), with no source."""


NOT_ANSWERABLE = "not_answerable"


class CuratedAnswers(Protocol):
    def match(self, question: str, hints: QueryHints) -> CuratedMatch | None:
        """The curated answer whose question this one paraphrases closely enough, if any."""
        ...

    def record_hit(self, curated_id: int) -> None:
        """Count one question answered from it (never fails the reply)."""
        ...


def scope_agrees(hints: QueryHints, year: int, hall: str) -> bool:
    """A question naming another year or 館 than the curated answer is not its paraphrase
    (「115年商業館…」 is not 「115年工業館…」, however alike the sentences read)."""
    if hints.years and year and year not in hints.years:
        return False
    return not (hints.halls and hall and hall not in hints.halls)
