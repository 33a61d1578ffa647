"""Follow-ups rewritten into standalone questions before retrieval.

After 「110年工業館最多補助幾點？」, the user writes 「那商業館呢？」, 「111年呢」, 「上限呢？」 or
「要準備什麼？」: on its own none of these can be searched. The dialogue state keeps the topic of the
last question; a follow-up either *refines* it (another 館 or year: the names are swapped in the
last question) or asks another *aspect* of it (the last question's subject, with the new aspect).
Anything else is a new question and passes unchanged. Deterministic; with an LLM configured the
pipeline may ask it first (bot/answer/llm.py) and falls back to this.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.programme import HALL_EN, HALLS, QueryHints, only_hints
from knowledge.text import normalize, to_traditional

_ROC_YEAR = re.compile(r"(?<!\d)1[01]\d\s*(?:年度|學年|年)|(?<!\d)20[12]\d(?!\d)\s*年?|今年|去年|明年|本年度")
_HALL_NAMES = re.compile("|".join([*HALLS, *(h.replace("館", "舘") for h in HALLS),
                                   *(re.escape(e) for e in HALL_EN.values())]), re.IGNORECASE)
_LEAD = re.compile(r"^(那麼|那|還有|另外|然後|所以|至於|如果是|如果|若是|換成|改成|and|what about|how about)\s*",
                   re.IGNORECASE)
_TAIL = re.compile(r"(的話|的時候|那時候|那時)?(呢|嗎|咧|勒|喔)?[\s?？!！。.]*$")
_PRONOUN = re.compile(r"^(它|他|這個|那個|這|該|其|這項|那項|這類)(的)?")
# Words that ask *about* something without naming it: a follow-up made only of these needs the
# last question's subject. (Programme nouns are not here: 「上限」 is an aspect, 「工業館」 a subject.)
_ASPECT_WORDS = re.compile(
    r"要|需要|準備|什麼|甚麼|哪些|哪裡|多久|多少|幾|上限|下限|資格|條件|文件|資料|怎麼|如何|辦|申請|時間|期限|截止"
    r"|何時|時候|流程|步驟|方式|費用|金額|比例|錢|誰|可以|能|是|的|有|嗎|呢|那|還|也|一樣|規定|標準|限制|對象"
    r"|自籌|自付|成|點|補助|補|給|送|交|繳|用|做|算|拿|到|跟|和|及|與|或|\s|[?？!！。,，、]"
    r"|\b(what|how|long|much|many|documents?|requirements?|deadline|when|who|the|is|are|about|and|for|it|do|i|need)\b",
    re.IGNORECASE)
_QUESTION_WORDS = re.compile(
    r"最多|最少|最高|最低|可以|能夠|能|要|需要|什麼時候|什麼|甚麼|哪些|哪一|哪|多少|多久|幾|怎麼|如何|嗎|呢|請問|是"
    r"|補助|上限|截止|期限|資格|條件|文件|準備|[?？!！。,，、]")


@dataclass(frozen=True)
class Rewrite:
    question: str
    """The standalone question to answer."""
    kind: str
    """'refine' (館 or year swapped), 'aspect' (subject + new aspect), or 'none'."""


def _rest(text: str) -> str:
    """The follow-up without its lead (那…), tail (…呢), years and 館."""
    rest = _TAIL.sub("", _LEAD.sub("", normalize(text)))
    return _HALL_NAMES.sub("", _ROC_YEAR.sub("", rest))


def _refinement(text: str, hints: QueryHints) -> bool:
    if only_hints(text, hints):
        return True
    rest = _rest(text)
    rest = re.sub(r"\b(the|a|in|for|of|year|roc)\b|[\s?？.]", "", rest, flags=re.IGNORECASE)
    return (bool(hints.years) or bool(hints.halls) or hints.relative_year is not None) and len(rest) <= 1


def swap(last: str, hints: QueryHints) -> str:
    """The last question with the follow-up's 館 and years in place of its own."""
    out = to_traditional(last)
    if hints.halls:
        first = _HALL_NAMES.search(out)
        new = "、".join(hints.halls)
        if first is not None:
            out = out[: first.start()] + new + _HALL_NAMES.sub("", out[first.end():])
        else:
            out = new + out
    years = hints.years or ((hints.relative_year,) if hints.relative_year is not None else ())
    if years:
        label = "、".join(f"{y}年度" for y in years)
        first = _ROC_YEAR.search(out)
        if first is not None:
            out = out[: first.start()] + label + _ROC_YEAR.sub("", out[first.end():])
        else:
            out = label + out
    return out


def subject(question: str) -> str:
    """What a question is about, without what it asks: 「111年工業館方案遴選什麼時候截止？」 ->
    「111年工業館方案遴選」."""
    return _QUESTION_WORDS.sub("", to_traditional(question)).strip()


def is_aspect_only(text: str) -> bool:
    """A short message that asks something without saying about what (「要準備什麼？」「上限呢」)."""
    norm = normalize(text)
    if len(norm) > 14:
        return False
    return len(_ASPECT_WORDS.sub("", _LEAD.sub("", norm))) <= 1 and bool(_ASPECT_WORDS.search(norm))


def standalone(text: str, hints: QueryHints, last_question: str) -> Rewrite:
    """`text` as a question that can be searched on its own, given the last question asked."""
    if not last_question:
        return Rewrite(text, "none")
    if _refinement(text, hints):
        return Rewrite(swap(last_question, hints), "refine")
    if (hints.years or hints.halls) and is_aspect_only(_rest(text)) and len(normalize(text)) <= 14:
        # 「2021年的上限呢」: another year (or 館) and another aspect of the same subject
        aspect = _TAIL.sub("", _rest(text)).strip("的 ")
        base = subject(swap(last_question, hints))
        if base and aspect:
            return Rewrite(f"{base}{aspect}？", "refine+aspect")
    pronoun = _PRONOUN.match(to_traditional(text).strip())
    if pronoun is not None and len(normalize(text)) <= 16:
        # 「它對資本額有要求嗎？」: the conversation's subject in place of the pronoun
        base = subject(last_question)
        if base:
            return Rewrite(f"{base}{to_traditional(text).strip()[pronoun.end():]}", "pronoun")
    if is_aspect_only(text):
        aspect = _TAIL.sub("", _LEAD.sub("", to_traditional(text).strip()))
        base = subject(last_question)
        if base and aspect:
            return Rewrite(f"{base}{aspect}？", "aspect")
    return Rewrite(text, "none")
