"""Optional features plug in here: their routers, their chat flows, the records users can check,
and background loops. `api.app` wires every feature in `FEATURES` the same way."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter
from sqlalchemy.engine import Engine as DbEngine

from api.applications import feature as applications
from api.experts.feature import experts_feature
from api.line.http.routes import staff as line_staff
from api.line.http.routes import webhook as line_webhook
from api.line.jobs import run_line_worker
from api.notify import Notifier
from api.settings import Settings
from bot.engine import Engine
from bot.flows.ports import FlowRegistry, RecordsPort, RecordSummary


@dataclass(frozen=True)
class FeatureContext:
    settings: Settings
    db: DbEngine
    notifier: Notifier
    engine: Engine | None = None
    """The conversation engine; set for background loops (built after flows and records)."""


@dataclass(frozen=True)
class Feature:
    name: str
    routers: tuple[APIRouter, ...] = ()
    register_flows: Callable[[FlowRegistry, FeatureContext], None] | None = None
    records: Callable[[FeatureContext], RecordsPort] | None = None
    background: Callable[[FeatureContext], Coroutine[Any, Any, None]] | None = None
    """A loop run for the app's lifetime (cancelled at shutdown); must survive its own errors."""


class CombinedRecords:
    """Every feature's records for one user, as the engine's single `RecordsPort`."""

    def __init__(self, ports: list[RecordsPort]) -> None:
        self._ports = ports

    def for_user(self, *, user_id: str, channel: str) -> list[RecordSummary]:
        return [record for port in self._ports for record in port.for_user(user_id=user_id, channel=channel)]


def start_background(features: list[Feature], ctx: FeatureContext) -> list[asyncio.Task[None]]:
    return [asyncio.create_task(f.background(ctx), name=f"feature:{f.name}")
            for f in features if f.background is not None]


# The features this service runs. Each feature package appends itself here (one line each).
FEATURES: list[Feature] = [
    Feature("line", routers=(line_webhook, line_staff), background=run_line_worker),
    Feature("applications", routers=applications.ROUTERS, register_flows=applications.register_flows,
            records=applications.records),
    experts_feature(),
]
