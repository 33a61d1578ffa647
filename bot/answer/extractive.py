"""The default answerer: quotes the best FAQ answer or passage, never writes new facts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from bot.answer.trim import trim
from bot.messages import t
from bot.sources import citation, year_label
from bot.types import Language
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


class ExtractiveAnswerer:
    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def compose(self, question: str, passages: tuple[Passage, ...], lang: Language, *,
                by_year: bool = False) -> Composed:
        intro = t("answer_en_intro", lang)
        if by_year and len(passages) > 1:
            share = max(self.max_chars // len(passages), 80)
            parts = [t("years_both", lang)]
            for p in passages:
                parts.append(f"【{year_label(p.chunk.year, lang)}】{trim(body(p), share)}\n{citation(p, lang)}")
            text = "\n\n".join(parts)
        else:
            best = passages[0]
            text = f"{trim(body(best), self.max_chars)}\n{citation(best, lang)}"
            passages = (best,)
        return Composed(f"{intro}\n{text}" if intro else text, passages)
