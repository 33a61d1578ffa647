"""The features this service runs, and how they are wired: each the same way (see api.contract).

Start-up order: every feature's `provide` (the notifier, per-process runtimes), then the
shared resources (database, knowledge, rule book), then flows and records, then the engine.
"""

from __future__ import annotations

from sqlalchemy.engine import Engine as DbEngine

from api.abuse.lockout import Lockout
from api.abuse.rates import RateLimits
from api.abuse.storage import build_storage
from api.applications.feature import FEATURE as APPLICATIONS
from api.contact.feature import FEATURE as CONTACT
from api.contract import CombinedRecords, Feature, FeatureContext
from api.curated.feature import FEATURE as CURATED
from api.dashboard.feature import FEATURE as DASHBOARD
from api.db import engine_for
from api.experts.feature import FEATURE as EXPERTS
from api.handoff.feature import FEATURE as HANDOFF
from api.identity.feature import FEATURE as IDENTITY
from api.knowledge_admin.feature import FEATURE as KNOWLEDGE_ADMIN
from api.line.feature import FEATURE as LINE
from api.migrate import upgrade
from api.notify import LogNotifier, Notifier
from api.observability.gauges import DatabaseGauges
from api.observability.metrics import Metrics
from api.observability.readiness import Readiness
from api.operations.feature import FEATURE as OPERATIONS
from api.outbox.feature import FEATURE as OUTBOX
from api.privacy.feature import FEATURE as PRIVACY
from api.resources import AppResources, build_knowledge, ensure_shipped_knowledge, llm_settings
from api.settings import Settings
from api.staff.feature import FEATURE as STAFF
from api.state_store import DbStateStore
from bot.build import build_engine
from bot.flows.ports import FlowRegistry
from bot.points.loader import load_rules

FEATURES: list[Feature] = [OUTBOX, CONTACT, LINE, APPLICATIONS, EXPERTS, CURATED, STAFF, KNOWLEDGE_ADMIN, HANDOFF,
                           DASHBOARD, OPERATIONS, PRIVACY, IDENTITY]


def provide(features: list[Feature], settings: Settings, db: DbEngine) -> tuple[Notifier, dict[str, object]]:
    """The push channel (the one feature that provides it, else a log) and every feature's runtime."""
    notifier: Notifier = LogNotifier()
    runtimes: dict[str, object] = {}
    for feature in features:
        if feature.provide is None:
            continue
        provided = feature.provide(settings, db)
        if provided.notifier is not None:
            notifier = provided.notifier
        if provided.runtime is not None:
            runtimes[feature.name] = provided.runtime
    return notifier, runtimes


def build_resources(settings: Settings, features: list[Feature], metrics: Metrics | None = None) -> AppResources:
    metrics = metrics or Metrics()
    db = engine_for(settings)
    if settings.auto_migrate:
        upgrade(db)
    knowledge = build_knowledge(settings)
    if settings.ingest_on_start:
        ensure_shipped_knowledge(knowledge)
    knowledge.store.snapshot()  # load the index now, not on the first question
    # A broken rules file stops start-up here, not on the first question.
    rules = load_rules(settings.points_rules_file) if settings.points_rules_file else load_rules()
    notifier, runtimes = provide(features, settings, db)
    metrics.scrape_with(DatabaseGauges(db, [f.gauges for f in features if f.gauges is not None]))
    limits_storage = build_storage(settings)
    lockout = Lockout.from_settings(settings, limits_storage, on_refused=metrics.count_refusal)
    ctx = FeatureContext(settings=settings, db=db, rules=rules, notifier=notifier, runtimes=runtimes,
                         knowledge=knowledge, lockout=lockout, metrics=metrics)
    flows = FlowRegistry()
    ports = []
    curated = None
    handoffs = None
    for feature in features:
        if feature.register_flows is not None:
            feature.register_flows(flows, ctx)
        if feature.records is not None:
            ports.append(feature.records(ctx))
        if feature.curated is not None:
            curated = feature.curated(ctx)
        if feature.handoffs is not None:
            handoffs = feature.handoffs(ctx)
    records = CombinedRecords(ports) if ports else None
    engine = build_engine(knowledge.searcher, llm=llm_settings(settings), store=DbStateStore(db), flows=flows,
                          records=records, rules=rules, curated=curated, handoffs=handoffs)
    return AppResources(settings=settings, db=db, knowledge=knowledge, engine=engine, rules=rules,
                        notifier=notifier, runtimes=runtimes, records=records,
                        rates=RateLimits.from_settings(settings, limits_storage, on_refused=metrics.count_refusal),
                        lockout=lockout, metrics=metrics, readiness=Readiness(db, knowledge.store))


def feature_context(resources: AppResources) -> FeatureContext:
    """The context background loops run with (the engine included)."""
    return FeatureContext(settings=resources.settings, db=resources.db, rules=resources.rules,
                          notifier=resources.notifier, runtimes=resources.runtimes, knowledge=resources.knowledge,
                          engine=resources.engine, rates=resources.rates,
                          lockout=resources.lockout, metrics=resources.metrics)
