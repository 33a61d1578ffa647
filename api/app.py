"""The app factory: one settings object in, a wired FastAPI app out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine as DbEngine

from api.contact import ContactRequests
from api.db import make_engine
from api.features import FEATURES, CombinedRecords, Feature, FeatureContext, start_background
from api.http_errors import install_error_handlers
from api.line.adapters.notifier import LineNotifier
from api.line.runtime import LineRuntime
from api.migrate import upgrade
from api.notify import LogNotifier, Notifier
from api.resources import AppResources, build_knowledge, ensure_shipped_knowledge, llm_settings
from api.routers import admin, chat, feedback, health, web
from api.settings import Settings
from api.state_store import DbStateStore
from bot.build import build_engine
from bot.flows.contact import CONTACT_FLOW
from bot.flows.ports import FlowRegistry

log = logging.getLogger(__name__)

DESCRIPTION = """
雲市集助理 API: answers about Taiwan's SME digital-transformation subsidy programme
(臺灣雲市集), grounded in the programme documents, with sources and the programme year.

- `POST /api/chat` is the stable contract other tools depend on.
- Errors always have the shape `{"error": {"code", "message", "details"}}`; messages are in
  Traditional Chinese unless the request sends `Accept-Language: en`.
"""


def build_notifier(settings: Settings, db: DbEngine) -> Notifier:
    """The channel that can push messages to users (LINE when configured)."""
    if settings.line_enabled:
        return LineNotifier(LineRuntime(settings, db), db)
    return LogNotifier()


def build_resources(settings: Settings, features: list[Feature]) -> AppResources:
    db = make_engine(settings.resolved_database_url)
    if settings.auto_migrate:
        upgrade(db)
    knowledge = build_knowledge(settings)
    if settings.ingest_on_start:
        ensure_shipped_knowledge(knowledge)
    knowledge.store.snapshot()  # load the index now, not on the first question
    notifier = build_notifier(settings, db)
    ctx = FeatureContext(settings=settings, db=db, notifier=notifier)
    flows = FlowRegistry()
    flows.register(CONTACT_FLOW, ContactRequests(db))
    ports = []
    for feature in features:
        if feature.register_flows is not None:
            feature.register_flows(flows, ctx)
        if feature.records is not None:
            ports.append(feature.records(ctx))
    engine = build_engine(knowledge.searcher, llm=llm_settings(settings), store=DbStateStore(db), flows=flows,
                          records=CombinedRecords(ports) if ports else None)
    return AppResources(settings=settings, db=db, knowledge=knowledge, engine=engine, notifier=notifier)


def create_app(settings: Settings | None = None, features: list[Feature] | None = None) -> FastAPI:
    settings = settings or Settings()
    features = FEATURES if features is None else features

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = await run_in_threadpool(build_resources, settings, features)
        app.state.resources = resources
        tasks = start_background(features, FeatureContext(settings, resources.db, resources.notifier,
                                                          resources.engine))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            resources.db.dispose()

    app = FastAPI(title="雲市集助理 tcloud-assistant", version="0.1.0", description=DESCRIPTION,
                  lifespan=lifespan)
    install_error_handlers(app)
    for router in (health.router, chat.router, feedback.router, admin.router):
        app.include_router(router)
    for feature in features:
        for router in feature.routers:
            app.include_router(router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app
