"""The feature contract: what a feature package may plug into the app.

A feature (experts, applications, LINE, contact...) is a `Feature` value built in its own
`feature.py`; `api.wiring` lists them and wires every one the same way. This module imports no
feature (tests/test_imports.py checks it), so features import it without a cycle.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine, Mapping
from dataclasses import dataclass, field
from typing import Any

from fastapi import APIRouter, Request, Response
from sqlalchemy.engine import Engine as DbEngine

from api.abuse.lockout import Lockout
from api.abuse.rates import RateLimits
from api.notify import Notifier
from api.observability.gauges import GaugeReader
from api.observability.metrics import Metrics
from api.settings import Settings
from bot.answer.curated import CuratedAnswers
from bot.engine import Engine
from bot.flows.ports import FlowRegistry, RecordsPort, RecordSummary
from bot.handoff import HandoffDesk
from bot.points.model import RuleBook
from knowledge.assembly import KnowledgeResources


@dataclass(frozen=True)
class Provided:
    """What a feature builds at start-up for the others: a push channel, and its own per-process
    runtime (kept in `AppResources.runtimes` under the feature's name)."""

    notifier: Notifier | None = None
    runtime: object | None = None


@dataclass(frozen=True)
class FeatureContext:
    settings: Settings
    db: DbEngine
    rules: RuleBook
    notifier: Notifier
    runtimes: Mapping[str, object] = field(default_factory=dict)
    knowledge: KnowledgeResources | None = None
    engine: Engine | None = None
    """The conversation engine; set for background loops (built after flows and records)."""
    rates: RateLimits | None = None
    """The shared rate limits; set for background loops (the LINE channel limits each user)."""
    lockout: Lockout | None = None
    """The shared lockout (wrong e-mailed codes in the chat count towards it)."""
    metrics: Metrics | None = None
    """The app's metrics; set for background loops (the LINE channel counts its turns)."""


@dataclass(frozen=True)
class Feature:
    name: str
    routers: tuple[APIRouter, ...] = ()
    provide: Callable[[Settings, DbEngine], Provided] | None = None
    """Called first, once per process; at most one feature provides the notifier."""
    register_flows: Callable[[FlowRegistry, FeatureContext], None] | None = None
    records: Callable[[FeatureContext], RecordsPort] | None = None
    curated: Callable[[FeatureContext], CuratedAnswers] | None = None
    """Answers staff curated, consulted before retrieval (at most one feature provides them)."""
    handoffs: Callable[[FeatureContext], HandoffDesk] | None = None
    """Where conversations handed to a person live (at most one feature provides it)."""
    background: Callable[[FeatureContext], Coroutine[Any, Any, None]] | None = None
    """A loop run for the app's lifetime (cancelled at shutdown); must survive its own errors."""
    field_labels: Mapping[str, str] = field(default_factory=dict)
    """How zh-TW validation messages name the fields of this feature's requests (「年營業額」)."""
    gauges: GaugeReader | None = None
    """The feature's gauges, read from the database when Prometheus scrapes /metrics (a few indexed
    counts: the LINE queue, the outbox backlog)."""
    exception_handlers: Mapping[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = field(
        default_factory=dict)
    """Handlers for the feature's own non-domain exceptions (a staff page's redirect to sign in)."""


class CombinedRecords:
    """Every feature's records for one user, as the engine's single `RecordsPort`."""

    def __init__(self, ports: list[RecordsPort]) -> None:
        self._ports = ports

    def for_user(self, *, user_id: str, channel: str) -> list[RecordSummary]:
        return [record for port in self._ports for record in port.for_user(user_id=user_id, channel=channel)]


def start_background(features: list[Feature], ctx: FeatureContext) -> list[asyncio.Task[None]]:
    return [asyncio.create_task(f.background(ctx), name=f"feature:{f.name}")
            for f in features if f.background is not None]
