"""What the question asks that the chosen passage does not contain: "the documents do not say".

Checked before anything is quoted as the answer:
- a year the question names (or 今年/現在: today's ROC year in Taipei) that the passage does not
  cover: the knowledge base holds each year's rules separately, and another year's figure is not
  the answer (the reply gives it as the nearest fact, labelled with its own year);
- a 館 the question names when the passage is another 館's rule;
- something personal (our application, our points): only staff can know it;
- a company, person or product the question names that the passage does not mention;
- the kind of fact asked (a date, an amount, a count, a contact, a price) that no sentence of the
  passage states (bot/answer/asks.py);
- for a yes/no question, a thing it asks about that the passage never mentions (「點數可以買硬體嗎？」
  against a passage on the 折抵 share).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.answer.asks import AskKind, asks, holds, value_kinds
from knowledge.programme import QueryHints, extract_hints
from knowledge.text import normalize

GapKind = Literal["year", "hall", "personal", "entity", "fact", "term", "subject", "measure", "weak"]

_NOW = re.compile(r"今年|本年度|this year|(現在|目前|今天|還)(還)?(可以|能|有在|來得及)?"
                  r"(申請|受理|收件|開放|報名|送件|領)|(現在|目前|如今)\S{0,6}(還|仍)\S{0,10}"
                  r"(申請|受理|收件|開放|報名|送件|上架|補助|領|辦)|(still|now) (apply|open|accept)"
                  r"|currently (open|accepting)")
_PERSONAL = re.compile(r"(我們|我的|我家|本公司|敝公司|我司|我|our|my)\S{0,24}(什麼時候|何時|進度|結果|通過|核准|撥"
                       r"|入帳|到帳|審核|審查|核銷|下來|狀態|when|status|approved)", re.IGNORECASE)
_CASE_STATUS = re.compile(r"(審核|審查|申請|案子|案件|提案|進度|結果)\S{0,6}(通過了|過了|下來了|核准了|核定了|出來了"
                          r"|如何了|怎麼樣了|到哪了|好了沒)|(有沒有|是否)(通過|核准|入選)")
_COMPANY = re.compile(r"[\u4e00-\u9fff]{2,10}?(股份有限公司|有限公司|企業社|工作室|商行)")
_PERSON = re.compile(r"[\u4e00-\u9fff](小姐|先生|經理|主任|科長|處長|專員|老師)")
_LATIN_NAME = re.compile(r"(?<![a-z0-9])[a-z][a-z0-9]{2,}(?![a-z0-9])")
# A measure the question asks for by name (「續用率」「審查費」「手續費」): a passage without it
# gives some other figure. Generic words (費用, 比率) are not one.
_MEASURE = re.compile(r"([\u4e00-\u9fff]{2})(率|費)(?!用)")
_GENERIC_MEASURE = re.compile(r"^.?(比率|比例|效率|機率|頻率|經費|花費|消費|收費|付費|免費|自費|公費|繳費|學費|補費)$")
_GENERIC_COMPANY = re.compile(r"^(我們|我的|我家|貴|本|敝|該|這家|那家|資服|廠商|一般|中小|小型|新創|外國|陸資"
                              r"|上市|每家|一家|哪家|什麼|哪些|哪一|別家|其他|分)")


@dataclass(frozen=True)
class Gap:
    kind: GapKind
    missing: str
    """What is not stated: a year (「113」), a name, a kind of fact (「date」), a term."""


def asked_years(question: str, hints: QueryHints, today_roc: int) -> tuple[int, ...]:
    if hints.years:
        return hints.years
    if hints.relative_year is not None:
        return (hints.relative_year,)
    if _NOW.search(question.lower()):
        return (today_roc,)
    return ()


def passage_years(text: str, year: int, today_roc: int) -> set[int]:
    found = set(extract_hints(text, current_roc_year=today_roc).years)
    return found | ({year} if year else set())


_QUOTED = re.compile(r"[「『\"“]([^」』\"”]{2,20})[」』\"”]")


def _names(question: str) -> list[str]:
    """Names the question gives: a company by its legal suffix, a person by title, a thing in quotes."""
    names = [m.group(0) for m in _COMPANY.finditer(question) if not _GENERIC_COMPANY.match(m.group(0))]
    names += [m.group(1) for m in _QUOTED.finditer(question)]
    names += [m.group(0) for m in _PERSON.finditer(question)]
    return names


@dataclass(frozen=True)
class Evidence:
    """What the chosen passage(s) hold."""

    text: str
    """Titles and answers (what they state)."""
    year: int = 0
    hall: str = ""
    context: str = ""
    """Document names and headings (what they are about, not what they state)."""
    asks: tuple[AskKind, ...] = ()
    """What the passages' own FAQ questions ask."""


@dataclass(frozen=True)
class Vocabulary:
    """What the knowledge base knows of words. A plain searcher knows none of it: the checks that
    need it then stay off."""

    distinctive: Callable[[str, bool], bool] = lambda term, short: False
    """The term names a distinct thing: rare in the knowledge base, or a real word it never uses
    (not a typo); `short`: any real word counts in a short question."""
    head_noun: Callable[[str], str] = lambda phrase: ""
    synonyms: Callable[[str], list[str]] = lambda term: []
    unknown_nouns: Callable[[str], list[str]] = lambda question: []
    """Real nouns of the question that no passage uses."""
    known: Callable[[str], int] = lambda term: 1
    """In how many passages the term occurs."""
    subjects: Callable[[str], list[tuple[str, ...]]] = lambda question: []
    is_word: Callable[[str], bool] = lambda term: False
    is_thing: Callable[[str], bool] = lambda term: False


def find_gap(question: str, hints: QueryHints, evidence: Evidence, *, today_roc: int,
             years_on_file: frozenset[int] = frozenset(), words: Vocabulary | None = None) -> Gap | None:
    """The first thing the question asks that the passage does not hold, or None.
    `years_on_file`: the years the knowledge base has passages for (a year-less passage does not
    answer for a year the knowledge base knows nothing of)."""
    words = words or Vocabulary()
    distinctive, head_noun, synonyms, known = words.distinctive, words.head_noun, words.synonyms, words.known
    norm_q = normalize(question)
    text = normalize(evidence.text)
    years = asked_years(norm_q, hints, today_roc)
    covered = passage_years(text, evidence.year, today_roc)
    if years and covered and not set(years) & covered:
        return Gap("year", "、".join(str(y) for y in years))
    if years and not covered and years_on_file and not set(years) & years_on_file:
        return Gap("year", "、".join(str(y) for y in years))
    if hints.halls and evidence.hall and evidence.hall not in hints.halls and not any(h in text for h in hints.halls):
        return Gap("hall", "、".join(hints.halls))  # another 館's rule is not this 館's
    if _PERSONAL.search(norm_q) or _CASE_STATUS.search(norm_q):
        return Gap("personal", "")  # one company's case: only staff know it, never the documents
    for name in _names(norm_q):
        if name not in text:
            return Gap("entity", name)
    latin_in_chinese = bool(re.search(r"[\u4e00-\u9fff]", norm_q))  # 「鼎新ERP」, not an English question
    latin = _LATIN_NAME.findall(norm_q.lower()) if latin_in_chinese else []
    where = text + "\n" + normalize(evidence.context)
    for group in words.subjects(norm_q):
        if not any(w in where for w in group):  # a claim question, a passage on applying for points
            return Gap("subject", next(w for w in group if w in norm_q))
    for found in _MEASURE.finditer(norm_q):
        measure = found.group(0)
        if (not _GENERIC_MEASURE.match(measure) and measure not in text and found.group(1) + "比例" not in text
                and not any(s in text for s in synonyms(measure))):
            return Gap("measure", measure)
    for noun in words.unknown_nouns(norm_q) if latin_in_chinese else []:
        # a thing the knowledge base never mentions anywhere (「鼎新」「報稅」): the passage is about something else
        if noun not in text and not any(s in text for s in synonyms(noun)):
            return Gap("term", noun)
    kinds = asks(norm_q)
    for kind in value_kinds(kinds):
        # an FAQ entry that asks the same kind of thing answers it, even in words (「一定期間後」)
        if not holds(kind, text, norm_q) and kind not in evidence.asks:
            return Gap("fact", kind)
    for thing in _wh_objects(norm_q, words.is_word, words.is_thing):
        # 「需具備什麼證書？」: a passage that never names the 證書 answers something else
        if (thing not in text and not asks(thing) and distinctive(thing, False)
                and not any(s in text for s in synonyms(thing))):
            return Gap("term", thing)
    for word in latin:
        # a brand the knowledge base never names (「iCHEF」) is a name; in an English question with a
        # Chinese term in it, its English words are not
        if word not in text.lower() and len(word) >= 3 and (
                distinctive(word, False) or (known(word) == 0 and len(latin) <= 2)):
            written = re.search(re.escape(word), question, re.IGNORECASE)
            return Gap("entity", written.group(0) if written else word)
    if latin_in_chinese:
        for phrase, whole in _asked_objects(norm_q):
            one_word = whole and distinctive(phrase, True)
            thing = phrase if one_word else head_noun(phrase)
            if (len(thing) >= 2 and thing not in text and not _ASK_TERM.fullmatch(thing)
                    and not _QUESTION_WORD.search(thing) and (one_word or distinctive(thing, False))
                    and not any(s in text for s in synonyms(thing))):
                return Gap("term", thing)
    return None


_ASK_TERM = re.compile(r"可以|能不能|可不可以|是否|有沒有|需不需要|要不要|會不會|算不算|申請|補助|使用|用來|拿來|購買"
                       r"|買|雲市集|數位|點數|方案|企業|公司|我們|這個|那個|一定|必須|一起|同時|同一|需要|還能|還可以|都"
                       r"|只|再")


# What a yes/no question asks about: the object of 「可以拿來買X嗎」「可以繳X嗎」「是否提供X」「可以X嗎」.
_OBJECT_PATTERNS = (
    re.compile(r"(?:拿來|用來|用在|用於)?(?:買|購買|繳|支付|付|抵|折抵|轉給|轉讓|換成|借)([^?？，,。]{1,12}?)(?:嗎|呢|[?？]|$)"),
    re.compile(r"(?:是否|有沒有|有無)(?:提供|給|有|辦)?([^?？，,。]{2,12}?)(?:嗎|呢|[?？]|$)"),
    re.compile(r"(?:可以|能)([^?？，,。的]{2,6}?)嗎"),
)


_QUESTION_WORD = re.compile(r"幾|多少|什麼|甚麼|哪|誰|怎麼|如何")


def _asked_objects(question: str) -> list[tuple[str, bool]]:
    """(phrase, whole): the phrases a yes/no question asks about; `whole`: a short phrase that may be
    one word of its own (「可以停車嗎」)."""
    found = []
    for n, pattern in enumerate(_OBJECT_PATTERNS):
        found += [(m.group(1).strip(), n == 2) for m in pattern.finditer(question) if m.group(1).strip()]
    return found


# What a wh-question asks for by name: the thing after 什麼/何種/哪種 (「需具備何種證書」 -> 證書).
_WH_OBJECT = re.compile(r"(?:何種|什麼|甚麼|哪種|哪一種|哪類|哪一類|哪些|哪個|哪一個)"
                        r"(?:樣的|的)?([\u4e00-\u9fff]{2,4})")


# ... and what a how-much question measures: the word before 上限/多少 (「年營收上限多少」 -> 營收).
_MEASURED = re.compile(r"([\u4e00-\u9fff]{2,4}?)(?:的)?(?:上限|下限|門檻|規定|條件)?(?:是|為|有|要)?(?:多少|幾成|為何)")


def _wh_objects(question: str, is_word: Callable[[str], bool], is_thing: Callable[[str], bool]) -> list[str]:
    found = []
    for m in _WH_OBJECT.finditer(question):
        words = [m.group(1)[:n] for n in (4, 3, 2) if len(m.group(1)) >= n and is_word(m.group(1)[:n])]
        if words:
            found.append(words[0])
    for m in _MEASURED.finditer(question):
        words = [m.group(1)[-n:] for n in (4, 3, 2)
                 if len(m.group(1)) >= n and is_word(m.group(1)[-n:]) and is_thing(m.group(1)[-n:])]
        if words:
            found.append(words[0])
    return found


# A passage that itself says the source leaves something out (「簡報未載明撥款天數」): quoting it
# tells the user the documents do not state that.
_NOT_LISTED = re.compile(r"(沒有|未|並未|不會)(列出|載明|寫明|寫到|說明|提供|公布|記載)|以官方公告為準|不在文件")


def says_not_listed(text: str) -> bool:
    return bool(_NOT_LISTED.search(text))
