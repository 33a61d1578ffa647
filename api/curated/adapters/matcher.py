"""The engine's `CuratedAnswers` port over the database: the active curated answers, their
questions embedded once, refreshed every few seconds (so an answer written through any worker or
instance is answered by all of them), matched by cosine similarity and the year/館 they name."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, replace

import numpy as np
from langchain_core.embeddings import Embeddings
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.curated.services.answers import count_hit
from api.curated.tables import ACTIVE, CuratedAnswer
from bot.answer.curated import CuratedMatch, scope_agrees
from knowledge.programme import QueryHints
from knowledge.text import to_traditional


@dataclass(frozen=True)
class _Index:
    stamp: tuple[int, object]
    items: list[CuratedMatch]
    vectors: np.ndarray


class DbCuratedAnswers:
    def __init__(self, db: Engine, embeddings: Embeddings, *, min_similarity: float, refresh_seconds: float) -> None:
        self._db, self._embeddings = db, embeddings
        self.min_similarity, self.refresh_seconds = min_similarity, refresh_seconds
        self._index = _Index((0, None), [], np.zeros((0, 1), dtype=np.float32))
        self._vectors: dict[tuple[int, str], np.ndarray] = {}
        self._checked = 0.0
        self._lock = threading.Lock()

    def match(self, question: str, hints: QueryHints) -> CuratedMatch | None:
        index = self._current()
        if not index.items:
            return None
        query = np.asarray(self._embeddings.embed_query(to_traditional(question)), dtype=np.float32)
        sims = index.vectors @ query
        for i in np.argsort(-sims):
            item, sim = index.items[int(i)], float(sims[int(i)])
            if sim < self.min_similarity:
                return None
            if scope_agrees(hints, item.year, item.hall):
                return replace(item, similarity=round(sim, 4))
        return None

    def record_hit(self, curated_id: int) -> None:
        with Session(self._db) as session:
            count_hit(session=session, curated_id=curated_id)

    def _current(self) -> _Index:
        if time.monotonic() - self._checked < self.refresh_seconds:
            return self._index
        with self._lock:
            self._checked = time.monotonic()
            with Session(self._db) as session:
                stamp = session.exec(select(func.count(), func.max(CuratedAnswer.updated_at))
                                     .where(CuratedAnswer.status == ACTIVE)).one()
                if tuple(stamp) == self._index.stamp:
                    return self._index
                rows = session.exec(select(CuratedAnswer).where(CuratedAnswer.status == ACTIVE)).all()
            items = [CuratedMatch(r.id or 0, r.question, r.answer, r.year, r.hall, r.audience, r.source, 0.0, r.kind)
                     for r in rows]
            missing = [it for it in items if (it.id, it.question) not in self._vectors]
            if missing:
                vectors = self._embeddings.embed_documents([to_traditional(it.question) for it in missing])
                for it, vec in zip(missing, vectors, strict=True):
                    self._vectors[(it.id, it.question)] = np.asarray(vec, dtype=np.float32)
            matrix = (np.stack([self._vectors[(it.id, it.question)] for it in items]) if items
                      else np.zeros((0, 1), dtype=np.float32))
            self._index = _Index((int(stamp[0]), stamp[1]), items, matrix)
            return self._index
