"""How a multi-step form is declared: a `Flow` is a title and a tuple of `Step`s."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.types import Language


@dataclass(frozen=True)
class Valid:
    value: str


@dataclass(frozen=True)
class Invalid:
    """Why the input was refused, said so the user can fix it."""

    zh: str
    en: str = ""

    def text(self, lang: Language) -> str:
        return self.en if lang == "en" and self.en else self.zh


Validator = Callable[[str], Valid | Invalid]


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    label_en: str = ""
    aliases: tuple[str, ...] = ()

    def text(self, lang: Language) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label


@dataclass(frozen=True)
class Step:
    name: str
    label: str
    """The field's name on the confirmation screen (姓名, 電話...)."""
    prompt: str
    prompt_en: str = ""
    label_en: str = ""
    validator: Validator | None = None
    choices: tuple[Choice, ...] = ()
    optional: bool = False
    """The user may answer 略過 / skip."""

    def prompt_text(self, lang: Language) -> str:
        return self.prompt_en if lang == "en" and self.prompt_en else self.prompt

    def label_text(self, lang: Language) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label

    def display(self, value: str, lang: Language) -> str:
        """How a stored value reads on the confirmation screen."""
        for choice in self.choices:
            if choice.value == value:
                return choice.text(lang)
        return value or ("（略過）" if lang == "zh" else "(skipped)")


@dataclass(frozen=True)
class Flow:
    name: str
    title: str
    steps: tuple[Step, ...]
    title_en: str = ""

    def title_text(self, lang: Language) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def index_of(self, step_name: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.name == step_name), None)
