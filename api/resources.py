"""Builds the expensive shared objects once: embedding model, Chroma client, store, searcher,
database engine, conversation engine."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import Engine as DbEngine

from api.abuse.lockout import Lockout
from api.abuse.rates import RateLimits
from api.line.runtime import LineRuntime
from api.notify import Notifier
from api.observability.metrics import Metrics
from api.observability.readiness import Readiness
from api.settings import Settings
from bot.answer.llm import LLMSettings
from bot.engine import Engine
from bot.flows.ports import RecordsPort
from bot.points.model import RuleBook
from knowledge import assembly
from knowledge.assembly import KnowledgeResources

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AppResources:
    """Everything a request handler may need, built once in the app's lifespan."""

    settings: Settings
    db: DbEngine
    knowledge: KnowledgeResources
    engine: Engine
    rules: RuleBook
    """The digital-points rule book (bot/points/rules.yaml), read once at start-up."""
    notifier: Notifier
    """The push channel (LINE when configured); features send through their outbox, not directly."""
    rates: RateLimits
    """Per-client rate limits, counted in Redis or the database (shared by workers and instances)."""
    lockout: Lockout
    """Lockout with back-off for passwords and other proofs (same storage)."""
    metrics: Metrics
    """This app's Prometheus metrics (GET /metrics)."""
    readiness: Readiness
    """The checks behind GET /readyz."""
    runtimes: Mapping[str, object] = field(default_factory=dict)
    """Per-process objects features built for themselves, by feature name."""
    records: RecordsPort | None = None
    """Every feature's records of a user (bookings, applications), as the engine sees them."""

    @property
    def line(self) -> LineRuntime | None:
        """The LINE channel's runtime (API client, signature check, wake-up), when LINE is configured."""
        runtime = self.runtimes.get("line")
        return runtime if isinstance(runtime, LineRuntime) else None


def build_knowledge(settings: Settings) -> KnowledgeResources:
    """The knowledge store and searcher the settings describe."""
    return assembly.build_knowledge(
        embedding_model=settings.embedding_model, models_dir=settings.resolved_models_dir,
        cache_dir=settings.data_dir, chroma_url=settings.chroma_url, chroma_path=settings.chroma_path,
        refresh_seconds=settings.knowledge_refresh_seconds)


def llm_settings(settings: Settings) -> LLMSettings | None:
    """The LLM endpoint when one is configured; None means the default (extractive) answerer."""
    if not settings.llm_base_url:
        return None
    return LLMSettings(settings.llm_base_url, settings.llm_model, settings.llm_api_key.get_secret_value(),
                       settings.llm_timeout_seconds)


def ensure_shipped_knowledge(knowledge: KnowledgeResources) -> None:
    """Bring the shipped knowledge base into the index, or up to date in it (idempotent: unchanged
    entries embed nothing; staff-ingested documents elsewhere are left alone)."""
    from ingest.pipeline import ingest_paths
    from knowledge import CONTENT_DIR

    report = ingest_paths([CONTENT_DIR], store=knowledge.store)
    if report.changed:
        log.info("shipped knowledge base: +%d ~%d -%d chunks", report.added, report.updated, report.removed)


def has_shipped_knowledge(knowledge: KnowledgeResources) -> bool:
    """True when the index holds the shipped knowledge base (some chunk from knowledge/content)."""
    from knowledge import CONTENT_DIR

    root = CONTENT_DIR.resolve()
    paths = {entry.source_path for entry in knowledge.store.vectors.stored().values()}
    return any(Path(path).resolve().is_relative_to(root) for path in paths)
