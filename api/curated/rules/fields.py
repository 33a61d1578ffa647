"""What a curated answer may hold (pure: no session, no web framework)."""

from __future__ import annotations

from dataclasses import dataclass

from api.curated import messages as msg
from api.errors import InvalidInput
from knowledge.programme import HALLS, to_roc
from knowledge.types import AUDIENCES

ANSWER, NOT_ANSWERABLE = "answer", "not_answerable"
KINDS = (ANSWER, NOT_ANSWERABLE)
MAX_QUESTION, MAX_ANSWER, MAX_SOURCE = 500, 4000, 200


@dataclass(frozen=True)
class CuratedFields:
    question: str
    answer: str
    year: int
    hall: str
    audience: str
    source: str
    kind: str


def parse_year(text: str) -> int | None:
    """A form's year: blank, a ROC year (111) or a Gregorian one (2022)."""
    text = text.strip()
    if not text:
        return None
    if not text.isdecimal() or not 100 <= int(text) <= 2100:
        raise InvalidInput(*msg.BAD_YEAR, [{"field": "year", "problem": "not a year"}])
    return int(text)


def checked(*, question: str, answer: str, year: int | None, hall: str, audience: str, source: str,
            kind: str = ANSWER, need_source: bool = False) -> CuratedFields:
    """The fields, trimmed and checked; a 'not answerable' reply carries no source (it has none)."""
    question, answer, source, hall = question.strip(), answer.strip(), source.strip(), hall.strip()
    if kind not in KINDS:
        raise InvalidInput(*msg.BAD_KIND, [{"field": "kind", "problem": "unknown"}])
    if not question or not answer:
        raise InvalidInput(*msg.BLANK, [{"field": "question/answer", "problem": "blank"}])
    if len(question) > MAX_QUESTION or len(answer) > MAX_ANSWER or len(source) > MAX_SOURCE:
        raise InvalidInput(*msg.TOO_LONG, [{"field": "question/answer/source", "problem": "too long"}])
    if hall and hall not in HALLS:
        raise InvalidInput(*msg.BAD_HALL, [{"field": "hall", "problem": "unknown"}])
    if audience not in AUDIENCES:
        raise InvalidInput(*msg.BAD_AUDIENCE, [{"field": "audience", "problem": "unknown"}])
    if year is not None and not 100 <= year <= 2100:
        raise InvalidInput(*msg.BAD_YEAR, [{"field": "year", "problem": "out of range"}])
    if kind == NOT_ANSWERABLE:
        source = ""
    elif need_source and not source:
        raise InvalidInput(*msg.NO_SOURCE, [{"field": "source", "problem": "blank"}])
    return CuratedFields(question, answer, to_roc(year) if year else 0, hall, audience, source, kind)
