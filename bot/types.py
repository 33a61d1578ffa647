"""Channel-neutral messages in and replies out. Renderers in `bot.channels` translate them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Channel = Literal["web", "line", "cli"]
Language = Literal["zh", "en"]
ActionType = Literal["message", "postback", "uri", "datetime"]
"""message: a quick reply that sends `value` as the user's text; postback: sends `value` as
postback data (not shown as a chat bubble); uri: opens `value`; datetime: a date/time picker
whose picked value (ISO 8601) is sent as the user's text, `value` being postback data to tag it."""

# Intent names that appear on replies (and in logs); one name per intent unit.
QUESTION = "question"
CLARIFY = "clarify"
NO_ANSWER = "no_answer"
OUT_OF_SCOPE = "out_of_scope"
REFUSAL = "refusal"
GREETING = "greeting"
THANKS = "thanks"
HANDOFF = "handoff"
BOOK_EXPERT = "book_expert"
APPLY_POINTS = "apply_points"
CHECK_STATUS = "check_status"
FLOW = "flow"
NOT_STATED = "not_stated"
PRIVACY = "privacy"
PRIVACY_ERASED = "privacy_erased"
"""The user's data was just erased: the engine keeps no state of the turn and it is not logged."""
"""The documents do not state what was asked (the reply may give the nearest fact, labelled)."""
POINTS_CALCULATOR = "points_calculator"
ANSWER_INTENTS = frozenset({QUESTION, CLARIFY, NO_ANSWER, NOT_STATED, OUT_OF_SCOPE, POINTS_CALCULATOR})
"""Replies that answer (or fail to answer) a question: the ones a user may rate 👍/👎; a booking
made, a form step or 「已取消」 is not rated."""
DECLINED_INTENTS = frozenset({NO_ANSWER, OUT_OF_SCOPE, REFUSAL})
"""Replies with one of these intents carry no answer from the knowledge base."""


@dataclass(frozen=True)
class IncomingMessage:
    """What a user sent: typed text, or the data of a button (postback) they pressed."""

    user_id: str
    channel: Channel
    text: str = ""
    postback: str | None = None
    locale: str | None = None
    """A hint such as 'zh-TW' or 'en-US' from the channel; the text itself decides when it is clear."""

    @property
    def state_key(self) -> str:
        return f"{self.channel}:{self.user_id}"


@dataclass(frozen=True)
class Action:
    """A suggested action: a button or quick reply."""

    type: ActionType
    label: str
    value: str
    extra: tuple[tuple[str, str], ...] = ()
    """More fields for the channel, e.g. a picker's ("mode", "datetime"), ("min", ...), ("max", ...)."""

    def to_dict(self) -> dict[str, str]:
        key = {"message": "text", "postback": "data", "uri": "uri", "datetime": "data"}[self.type]
        return {"type": self.type, "label": self.label, key: self.value, **dict(self.extra)}


@dataclass(frozen=True)
class Source:
    """A passage the reply used, as the user may see it cited."""

    title: str
    source: str
    """Human-readable title of the source document (not its file name)."""
    year: int
    hall: str
    snippet: str
    score: float
    chunk_id: str = ""
    document: str = ""
    """The seed file name the passage came from."""


@dataclass(frozen=True)
class FormField:
    """One answer on a form's confirmation screen, as the user reads it."""

    name: str
    label: str
    value: str
    editable: bool = True


@dataclass(frozen=True)
class FormStep:
    """Where the user is in a multi-step form."""

    flow: str
    step: str
    index: int
    total: int
    prompt: str
    error: str = ""
    confirming: bool = False
    values: dict[str, str] = field(default_factory=dict)
    fields: tuple[FormField, ...] = ()
    """On the confirmation screen: every answer, labelled, and whether it can be changed (its
    `flow:edit:<name>` action is among the reply's actions)."""


@dataclass(frozen=True)
class Handoff:
    """A request for a person to take over the conversation."""

    reason: str
    topic: str = ""
    note: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {"reason": self.reason, "topic": self.topic, "note": self.note}


@dataclass(frozen=True)
class Reply:
    text: str
    intent: str
    language: Language = "zh"
    sources: tuple[Source, ...] = ()
    confidence: float = 0.0
    actions: tuple[Action, ...] = ()
    form: FormStep | None = None
    handoff: Handoff | None = None
    question: str = ""
    """The standalone question the reply answers (a follow-up rewritten), when it differs from the text."""
    trace: dict[str, Any] = field(default_factory=dict)
    """Why the engine answered, clarified or declined (for `tcloud ask --explain` and staff)."""
    typed_values: tuple[str, ...] = ()
    """What the user typed into an open form (this turn's answer and the ones before): personal data
    the exchange log must not keep (set by the engine)."""
    form_answer: bool = False
    """The message answered a form step (its text is one of `typed_values`, not a question)."""
    states_unknown: bool = False
    """The reply says the documents do not state what was asked (it may still give the nearest
    fact it does know, with its source and year)."""

    @property
    def rateable(self) -> bool:
        """True when the reply answers a question (the user may rate it); see `rateable`."""
        return rateable(self.intent, bool(self.sources), self.form is not None)

    @property
    def declined(self) -> bool:
        """True when the reply gives no knowledge-base answer (refusal, out of scope, not covered)."""
        return self.intent in DECLINED_INTENTS and not self.sources


def rateable(intent: str, has_sources: bool = False, in_form: bool = False) -> bool:
    """Whether 👍/👎 belongs under a reply: answers to questions, never transactional messages."""
    return not in_form and (has_sources or intent in ANSWER_INTENTS)
