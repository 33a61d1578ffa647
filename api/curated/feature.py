"""Curated answers as one `Feature`: the staff API, and the engine's curated-answers port."""

from __future__ import annotations

from api.contract import Feature, FeatureContext
from api.curated import messages, tables  # noqa: F401  (registers the table)
from api.curated.adapters.matcher import DbCuratedAnswers
from api.curated.http import expert_pages, pages
from api.curated.http.staff_api import queue, router
from bot.answer.curated import CuratedAnswers


def curated(ctx: FeatureContext) -> CuratedAnswers:
    assert ctx.knowledge is not None, "curated answers are matched with the knowledge store's embeddings"
    return DbCuratedAnswers(ctx.db, ctx.knowledge.store.model.embeddings,
                            min_similarity=ctx.settings.curated_min_similarity,
                            refresh_seconds=ctx.settings.curated_refresh_seconds)


FEATURE = Feature(name="curated", routers=(router, queue, pages.router, expert_pages.router), curated=curated,
                  field_labels=messages.FIELD_LABELS)
