"""An engine with the apply_points flow over an in-memory `ApplicationDesk` (our own port), and
a committer that runs the same eligibility check as the API would."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

import pytest

from bot.engine import Engine
from bot.flows.ports import CommitError, CommitResult, FlowRegistry, Submission
from bot.points.application_flow import Draft, build_apply_points_flow, profile_from_values
from bot.points.evaluate import evaluate_hall
from bot.points.loader import load_rules
from bot.points.model import Funding
from bot.state import InMemoryStateStore
from knowledge.assembly import KnowledgeResources
from tests.bot.conftest import Chat, Clock


@dataclass
class MemoryDesk:
    year_: int = 110
    today_: date = date(2021, 7, 15)
    drafts: dict[tuple[str, str, str], dict[str, str]] = field(default_factory=dict)
    order: list[tuple[str, str, str]] = field(default_factory=list)
    failures: dict[str, int] = field(default_factory=dict)
    registry: dict[str, tuple[Funding, ...]] = field(default_factory=dict)
    active: set[str] = field(default_factory=set)
    submitted: list[Submission] = field(default_factory=list)
    accepting: bool = True
    """False: no year's application window is open (as in 115 with rules for 110-111)."""

    def year(self) -> int:
        return self.year_

    def open_year(self) -> int | None:
        return self.year_ if self.accepting else None

    def today(self) -> date:
        return self.today_

    def load_draft(self, *, ubn: str, year: int, user_id: str, channel: str) -> Draft | None:
        if (ubn, channel, user_id) in self.drafts:
            return Draft(dict(self.drafts[(ubn, channel, user_id)]), True)
        others = [k for k in self.order if k[0] == ubn]
        return Draft(dict(self.drafts[others[-1]]), False, self.failures.get(ubn, 0)) if others else None

    def save_draft(self, *, ubn: str, year: int, user_id: str, channel: str, values: Mapping[str, str]) -> None:
        key = (ubn, channel, user_id)
        self.drafts[key] = dict(values)
        self.order = [k for k in self.order if k != key] + [key]

    def resume_failed(self, *, ubn: str, year: int) -> int:
        self.failures[ubn] = self.failures.get(ubn, 0) + 1
        return self.failures[ubn]

    def funded(self, *, ubn: str) -> tuple[Funding, ...]:
        return self.registry.get(ubn, ())

    def has_active_application(self, *, ubn: str, year: int, user_id: str = "", channel: str = "") -> bool:
        return ubn in self.active

    def commit(self, submission: Submission) -> CommitResult:
        values = submission.values
        hall = load_rules().hall(self.year_, values["hall"])
        assert hall is not None
        verdict = evaluate_hall(load_rules(), hall, profile_from_values(values, self.funded(ubn=values["ubn"])),
                                on=self.today_)
        if not verdict.eligible:
            raise CommitError("；".join(r.line() for r in verdict.failed), step="hall")
        self.submitted.append(submission)
        self.active.add(values["ubn"])
        for key in [k for k in self.drafts if k[0] == values["ubn"]]:
            del self.drafts[key]
        return CommitResult(f"P{self.year_}-TEST{len(self.submitted)}")


@dataclass
class PointsWorld:
    desk: MemoryDesk
    engine: Engine

    def chat(self, user: str = "u-points", channel: str = "web") -> Chat:
        return Chat(self.engine, user=user, channel=channel)


@pytest.fixture
def points(shipped_knowledge: KnowledgeResources) -> PointsWorld:
    desk = MemoryDesk()
    flows = FlowRegistry()
    flows.register(build_apply_points_flow(load_rules(), desk), desk)
    engine = Engine(shipped_knowledge.searcher, store=InMemoryStateStore(), flows=flows, clock=Clock(),
                    rules=load_rules())
    return PointsWorld(desk, engine)
