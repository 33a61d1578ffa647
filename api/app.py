"""The app factory: one settings object in, a wired FastAPI app out."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import Depends, FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.staticfiles import StaticFiles
from uvicorn.middleware.proxy_headers import ProxyHeadersMiddleware

from api.abuse.storage import close_storage
from api.body_limit import BodyLimitMiddleware
from api.contract import Feature, start_background
from api.http_errors import install_error_handlers
from api.inputs import refuse_unstorable_text
from api.observability.metrics import Metrics
from api.observability.middleware import RequestContextMiddleware
from api.routers import admin, chat, chat_feed, feedback, health, metrics, sources, web
from api.security_headers import SecurityHeadersMiddleware
from api.settings import Settings
from api.wiring import FEATURES, build_resources, feature_context

log = logging.getLogger(__name__)

DESCRIPTION = """
雲市集助理 API: answers about Taiwan's SME digital-transformation subsidy programme
(臺灣雲市集), grounded in the programme documents, with sources and the programme year.

- `POST /api/chat` is the stable contract other tools depend on.
- Errors always have the shape `{"error": {"code", "message", "details"}}`; messages are in
  Traditional Chinese unless the request sends `Accept-Language: en`.
- Chat, feedback and applications are rate-limited per session and per client address; a refusal
  is HTTP 429 with a `Retry-After` header (seconds). Wrong passwords or phone numbers lock the
  account (and the address) for a growing period.
- Request bodies are limited to MAX_BODY_BYTES (1 MB by default; 413 above it), text may not
  contain NUL (U+0000), and ids are at most 2147483647.
"""


def create_app(settings: Settings | None = None, features: list[Feature] | None = None) -> FastAPI:
    settings = settings or Settings()
    features = FEATURES if features is None else features
    app_metrics = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = await run_in_threadpool(build_resources, settings, features, app_metrics)
        app.state.resources = resources
        tasks = start_background(features, feature_context(resources))
        try:
            yield
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            resources.db.dispose()
            resources.readiness.close()
            close_storage(resources.rates.storage)

    # Every route: no text that the database cannot store (a NUL) gets past the edge.
    app = FastAPI(title="雲市集助理 tcloud-assistant", version="0.1.0", description=DESCRIPTION,
                  lifespan=lifespan, dependencies=[Depends(refuse_unstorable_text)])
    app.add_middleware(BodyLimitMiddleware, default=settings.max_body_bytes)
    app.add_middleware(SecurityHeadersMiddleware, hsts=settings.public_base_url.startswith("https"))
    if settings.trusted_proxy_list:  # the client is the one these proxies name (X-Forwarded-For), none other
        app.add_middleware(ProxyHeadersMiddleware, trusted_hosts=settings.trusted_proxy_list)
    app_metrics.instrument(app)
    app.add_middleware(RequestContextMiddleware)  # outermost: every response, even a refusal, has its X-Request-ID
    install_error_handlers(app, {name: label for f in features for name, label in f.field_labels.items()})
    for router in (health.router, metrics.router, chat.router, chat_feed.router, feedback.router, admin.router):
        app.include_router(router)
    for feature in features:
        for router in feature.routers:
            app.include_router(router)
        for kind, handler in feature.exception_handlers.items():
            app.add_exception_handler(kind, handler)
    app.include_router(sources.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC_DIR), name="static")
    return app
