"""How a multi-step form is declared: a `Flow` is a title and a tuple of `Step`s."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Literal

from bot.state import SourceRef
from bot.types import Action, Language


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
class FlowContext:
    """What a step may look at beyond the text typed: who asks, the answers so far, the chat."""

    user_id: str
    channel: str
    values: Mapping[str, str] = field(default_factory=dict)
    last_question: str = ""
    """The user's last question before the flow (e.g. the topic to prefill for a booking)."""
    language: Language = "zh"
    questions: tuple[str, ...] = ()
    """The user's recent questions, oldest first."""
    sources: tuple[SourceRef, ...] = ()
    """The passages shown with the last answer."""
    confidence: float = 0.0
    """The confidence of the last answer."""
    answered: bool = True
    """False when the last question got no knowledge-base answer."""


ContextValidator = Callable[[str, FlowContext], Valid | Invalid]


@dataclass(frozen=True)
class Closed:
    """Why a flow cannot be started now, and what the user can do instead."""

    text: str
    actions: tuple[Action, ...] = ()


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
    choices_from: Callable[[FlowContext], tuple[Choice, ...]] | None = None
    """Choices computed when the step is asked (free slots, matching experts); shown after `choices`."""
    check: ContextValidator | None = None
    """A second validation that needs the context (a record that must exist, a slot still free)."""
    prefill: Callable[[FlowContext], str | None] | None = None
    """A suggested answer offered as the first quick reply (e.g. the question the user asked)."""
    intro: Callable[[FlowContext], str] | None = None
    """Text computed when the step is asked, shown above its prompt (e.g. a verdict and its reasons)."""
    picker: Literal["datetime", "date"] | None = None
    """Offer a date/time picker; the picked value arrives as text (ISO 8601)."""
    picker_range: Callable[[FlowContext], tuple[str, str, str]] | None = None
    """The picker's (initial, min, max) values (ISO 8601, local time; empty for none)."""
    describe: Callable[[str, Language], str] | None = None
    """How a stored value reads on the confirmation screen when `choices` cannot say (computed ones)."""
    counted: bool = True
    """False for a step usually answered for the user (by `Flow.on_value`): it is counted in the
    step counter only once it is actually asked."""

    def all_choices(self, ctx: FlowContext | None) -> tuple[Choice, ...]:
        dynamic = self.choices_from(ctx) if self.choices_from is not None and ctx is not None else ()
        return self.choices + dynamic

    def prompt_text(self, lang: Language) -> str:
        return self.prompt_en if lang == "en" and self.prompt_en else self.prompt

    def label_text(self, lang: Language) -> str:
        return self.label_en if lang == "en" and self.label_en else self.label

    def display(self, value: str, lang: Language) -> str:
        """How a stored value reads on the confirmation screen."""
        if self.describe is not None and value:
            return self.describe(value, lang)
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
    on_value: Callable[[FlowContext, str], Mapping[str, str]] | None = None
    """Called after each accepted answer with the step's name: may save a draft, and may return
    values to merge (e.g. a saved draft for the same company); steps so filled are not asked."""
    closed: Callable[[Language], Closed | None] | None = None
    """Asked before the flow starts: a `Closed` answer (applications not taken now) is said instead."""
    confirm_screen: bool = True
    """False: the last answer is submitted at once, without the 「確認送出」 screen (a one-step code form)."""

    def title_text(self, lang: Language) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title

    def index_of(self, step_name: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if s.name == step_name), None)
