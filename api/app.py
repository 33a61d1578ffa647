"""The app factory: one settings object in, a wired FastAPI app out."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles

from api.db import make_engine
from api.errors import install_error_handlers
from api.migrate import upgrade
from api.resources import AppResources, build_knowledge, ensure_shipped_knowledge, llm_settings
from api.routers import admin, chat, feedback, health, web
from api.settings import Settings
from api.state_store import DbStateStore
from bot.build import build_engine

log = logging.getLogger(__name__)

DESCRIPTION = """
雲市集助理 API: answers about Taiwan's SME digital-transformation subsidy programme
(臺灣雲市集), grounded in the programme documents, with sources and the programme year.

- `POST /api/chat` is the stable contract other tools depend on.
- Errors always have the shape `{"error": {"code", "message", "details"}}`; messages are in
  Traditional Chinese unless the request sends `Accept-Language: en`.
"""


def build_resources(settings: Settings) -> AppResources:
    db = make_engine(settings.resolved_database_url)
    if settings.auto_migrate:
        upgrade(db)
    knowledge = build_knowledge(settings)
    if settings.ingest_on_start:
        ensure_shipped_knowledge(knowledge)
    knowledge.store.snapshot()  # load the index now, not on the first question
    engine = build_engine(knowledge.searcher, llm=llm_settings(settings), store=DbStateStore(db))
    return AppResources(settings=settings, db=db, knowledge=knowledge, engine=engine)


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = await run_in_threadpool(build_resources, settings)
        app.state.resources = resources
        try:
            yield
        finally:
            resources.db.dispose()

    app = FastAPI(title="雲市集助理 tcloud-assistant", version="0.1.0", description=DESCRIPTION,
                  lifespan=lifespan)
    install_error_handlers(app)
    for router in (health.router, chat.router, feedback.router, admin.router, web.router):
        app.include_router(router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app
