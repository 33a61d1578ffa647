"""The default answerer: quotes the sentences of the best passages that answer the question
(bot/answer/select.py), never writes new facts, always with the citation and year."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.answer.asks import asks
from bot.answer.select import select
from bot.messages import t
from bot.sources import citation, year_label
from bot.types import Language
from knowledge.text import normalize
from knowledge.types import Passage


@dataclass(frozen=True)
class Composed:
    text: str
    used: tuple[Passage, ...]
    """The passages the text rests on, in citation order."""
    not_in_sources: bool = False
    """The answerer found that the passages do not hold the answer."""


class Answerer(Protocol):
    def compose(self, question: str, passages: tuple[Passage, ...], lang: Language, *,
                by_year: bool = False) -> Composed:
        """An answer from `passages` only. `by_year`: the passages are one rule for different
        years; the answer must keep them apart."""
        ...


def body(passage: Passage) -> str:
    c = passage.chunk
    return c.answer or c.text


def heading(passage: Passage) -> str:
    """The section a guide passage sits in (its context when only some sentences are quoted)."""
    c = passage.chunk
    return c.heading_path.split(" > ")[-1] if c.kind != "faq" and c.heading_path else ""


class ExtractiveAnswerer:
    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def quote(self, question: str, passage: Passage, limit: int) -> str:
        return select(question, body(passage), kinds=asks(normalize(question)), limit=limit,
                      heading=heading(passage)).text

    def compose(self, question: str, passages: tuple[Passage, ...], lang: Language, *,
                by_year: bool = False, intro: bool = True) -> Composed:
        lead = t("answer_en_intro", lang) if intro else ""
        if by_year and len(passages) > 1:
            share = max(self.max_chars // len(passages), 80)
            parts = [t("years_both", lang)]
            for p in passages:
                quoted = self.quote(question, p, share)
                parts.append(f"【{year_label(p.chunk.year, lang)}】{quoted}\n{citation(p, lang)}")
            text = "\n\n".join(parts)
        else:
            best = passages[0]
            text = f"{self.quote(question, best, self.max_chars)}\n{citation(best, lang)}"
            passages = (best,)
        return Composed(f"{lead}\n{text}" if lead else text, passages)
