"""Ports the engine reaches records through; `api/` implements them over the database."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from bot.flows.spec import Flow, FlowContext
from bot.types import Action, Language


@dataclass(frozen=True)
class Submission:
    flow: str
    user_id: str
    channel: str
    values: dict[str, str]
    context: FlowContext | None = None
    """The conversation around the flow (questions asked, passages shown, confidence)."""


@dataclass(frozen=True)
class CommitResult:
    reference: str
    message: str = ""
    message_en: str = ""
    actions: tuple[Action, ...] = ()
    """Offered with the confirmation (e.g. reschedule / cancel the booking just made)."""
    whole: bool = False
    """`message` is the whole reply (a status looked up), not added to 「已送出，編號 …」."""
    then_flow: str | None = None
    """A flow to start at once with `then_values` (e.g. asking for the code e-mailed to confirm it)."""
    then_values: Mapping[str, str] = field(default_factory=dict)


class CommitError(Exception):
    """The submission was refused or could not be stored; `str(exc)` is shown to the user.

    With `step`, the user is taken back to that step to answer it again (e.g. the slot they
    picked was just taken: its choices are computed afresh)."""

    def __init__(self, message: str, *, step: str | None = None, message_en: str = "", end: bool = False) -> None:
        super().__init__(message)
        self.step = step
        self.message_en = message_en
        self.end = end
        """The form cannot go on (e.g. its e-mailed code expired): it is closed after the message."""


class FlowCommitter(Protocol):
    def commit(self, submission: Submission) -> CommitResult: ...


@dataclass(frozen=True)
class RecordSummary:
    kind: str
    """'booking' or 'application'."""
    reference: str
    status: str
    summary: str = ""
    actions: tuple[Action, ...] = ()
    """What the user may do with it (postback actions, e.g. reschedule / cancel)."""


class RecordsPort(Protocol):
    """A user's own bookings and applications (never anyone else's)."""

    def for_user(self, *, user_id: str, channel: str) -> list[RecordSummary]: ...


@dataclass(frozen=True)
class PostbackOutcome:
    """What a record action (a postback such as `bk:cancel:B-000012`) did, said to the user;
    with `start_flow`, the engine starts that flow with `values` already filled."""

    text: str
    text_en: str = ""
    actions: tuple[Action, ...] = ()
    start_flow: str | None = None
    values: Mapping[str, str] = field(default_factory=dict)
    forgotten: bool = False
    """The handler erased everything kept about the user: the turn leaves no state and no log."""


class PostbackHandler(Protocol):
    def handle(self, *, user_id: str, channel: str, arg: str, lang: Language) -> PostbackOutcome: ...


@dataclass
class FlowRegistry:
    """The flows the engine can run, each with the port its confirmed answers go to, and the
    handlers of record postbacks (`<prefix>:<arg>`)."""

    flows: dict[str, Flow] = field(default_factory=dict)
    committers: dict[str, FlowCommitter] = field(default_factory=dict)
    postbacks: dict[str, PostbackHandler] = field(default_factory=dict)

    def register(self, flow: Flow, committer: FlowCommitter) -> None:
        self.flows[flow.name] = flow
        self.committers[flow.name] = committer

    def register_postback(self, prefix: str, handler: PostbackHandler) -> None:
        self.postbacks[prefix] = handler

    def get(self, name: str) -> Flow | None:
        return self.flows.get(name)
