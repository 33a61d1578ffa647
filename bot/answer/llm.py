"""The optional LLM answerer: a langchain chat model writes from the passages, citing them.

Its answer is checked before anyone sees it: it must cite passages that exist, and every
number in it must appear in the passages it cites; otherwise `UngroundedAnswer` is raised and
the pipeline falls back to the extractive answer (as it does on a timeout or an error).
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from bot.answer import streaming
from bot.answer.extractive import Composed, body
from bot.sources import citation
from bot.types import Language
from knowledge.text import normalize_numbers
from knowledge.types import Passage

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

log = logging.getLogger(__name__)

PROMPT_FILE = Path(__file__).resolve().parents[1] / "prompts" / "grounded_answer.txt"
NOT_IN_SOURCES = "NOT_IN_SOURCES"
_CITE = re.compile(r"\[(\d{1,2})\]")
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


class UngroundedAnswer(Exception):
    """The model's answer cites nothing, or states a number its passages do not hold."""


@dataclass(frozen=True)
class LLMSettings:
    base_url: str
    model: str
    api_key: str
    timeout: float = 8.0


def build_chat_model(settings: LLMSettings) -> BaseChatModel:
    """An OpenAI-compatible chat model; imported here so the engine loads without it."""
    from langchain_openai import ChatOpenAI
    from pydantic import SecretStr

    return ChatOpenAI(base_url=settings.base_url, model=settings.model, api_key=SecretStr(settings.api_key),
                      timeout=settings.timeout, max_retries=0, temperature=0)


def _numbers(text: str) -> set[str]:
    return set(_NUMBER.findall(normalize_numbers(text)))


class LLMAnswerer:
    def __init__(self, chat_model: BaseChatModel, prompt_file: Path = PROMPT_FILE) -> None:
        self.chat_model = chat_model
        self.template = Template(prompt_file.read_text(encoding="utf-8"))

    def compose(self, question: str, passages: tuple[Passage, ...], lang: Language, *,
                by_year: bool = False) -> Composed:
        from langchain_core.messages import HumanMessage, SystemMessage

        listing = "\n\n".join(f"[{i}] {p.chunk.title} {citation(p, 'zh')}\n{body(p)}"
                              for i, p in enumerate(passages, start=1))
        system = self.template.substitute(
            marker=NOT_IN_SOURCES, passages=listing,
            language="English" if lang == "en" else "Traditional Chinese as used in Taiwan (zh-TW)")
        messages = [SystemMessage(system), HumanMessage(question)]
        if streaming.active():  # tokens to the user as they come; the checked reply follows
            pieces = []
            for chunk in self.chat_model.stream(messages):
                piece = chunk.content if isinstance(chunk.content, str) else str(chunk.content)
                pieces.append(piece)
                streaming.emit(piece)
            text = "".join(pieces).strip()
        else:
            result = self.chat_model.invoke(messages)
            text = (result.content if isinstance(result.content, str) else str(result.content)).strip()
        if NOT_IN_SOURCES in text:
            return Composed("", (), not_in_sources=True)
        return self._grounded(text, passages, lang)

    def _grounded(self, text: str, passages: tuple[Passage, ...], lang: Language) -> Composed:
        order: list[int] = []
        for m in _CITE.finditer(text):
            n = int(m.group(1))
            if not 1 <= n <= len(passages):
                raise UngroundedAnswer(f"cites [{n}], but there are {len(passages)} passages")
            if n not in order:
                order.append(n)
        if not order:
            raise UngroundedAnswer("cites no passage")
        used = tuple(passages[n - 1] for n in order)
        evidence = _numbers(" ".join(f"{p.chunk.title} {body(p)} {p.chunk.year}" for p in used))
        unsupported = _numbers(_CITE.sub(" ", text)) - evidence
        if unsupported:
            raise UngroundedAnswer(f"states numbers not in the cited passages: {sorted(unsupported)}")
        renumber = {old: new for new, old in enumerate(order, start=1)}
        text = _CITE.sub(lambda m: f"[{renumber[int(m.group(1))]}]", text)
        refs = "\n".join(f"[{i}] {citation(p, lang)}" for i, p in enumerate(used, start=1))
        return Composed(f"{text}\n{refs}", used)


REWRITE_PROMPT = Path(__file__).resolve().parents[1] / "prompts" / "rewrite_question.txt"


class LLMRewriter:
    """Follow-ups rewritten by the chat model; the pipeline falls back to the deterministic rewrite
    (bot/answer/followup.py) when this raises or returns nothing usable."""

    def __init__(self, chat_model: BaseChatModel, prompt_file: Path = REWRITE_PROMPT) -> None:
        self.chat_model = chat_model
        self.template = Template(prompt_file.read_text(encoding="utf-8"))

    def rewrite(self, previous: str, message: str) -> str:
        from langchain_core.messages import HumanMessage

        prompt = self.template.substitute(previous=previous, message=message)
        result = self.chat_model.invoke([HumanMessage(prompt)])
        text = (result.content if isinstance(result.content, str) else str(result.content)).strip()
        line = text.splitlines()[0].strip() if text else ""
        if not line or len(line) > 200 or NOT_IN_SOURCES in line:
            raise UngroundedAnswer("no usable rewrite")
        return line
