"""The curation queue: questions the bot could not answer, and answers users marked 👎, grouped by
similar question (so staff answer one and close many), counted, most-asked and newest first, each
with the curated answer that now covers it (and its hits), so staff see the loop close."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlmodel import Session, col, select

from api.curated.tables import ACTIVE, CuratedAnswer
from api.models import Exchange, Feedback

Embed = Callable[[list[str]], Sequence[Sequence[float]]]


@dataclass
class QueueGroup:
    question: str
    """The most recent wording."""
    asked: int
    last_asked: datetime
    unanswered: int
    disliked: int
    wordings: list[str] = field(default_factory=list)
    exchange_ids: list[int] = field(default_factory=list)
    curated_id: int | None = None
    curated_hits: int = 0


def curation_queue(*, session: Session, embed: Embed, similar: float = 0.85, limit: int = 500) -> list[QueueGroup]:
    rows = session.exec(
        select(Exchange, Feedback).join(Feedback, col(Feedback.exchange_id) == col(Exchange.id), isouter=True)
        .where((col(Exchange.answered).is_(False)) | (col(Feedback.helpful).is_(False)))
        .order_by(col(Exchange.id).desc()).limit(limit)).all()
    items = [(ex, fb) for ex, fb in rows if (ex.rewritten or ex.question).strip()]
    curated = list(session.exec(select(CuratedAnswer).where(CuratedAnswer.status == ACTIVE)).all())
    if not items:
        return []
    texts = [(ex.rewritten or ex.question).strip() for ex, _ in items]
    vectors = _unit(embed(texts))
    curated_vectors = _unit(embed([c.question for c in curated])) if curated else np.zeros((0, vectors.shape[1]))
    groups: list[QueueGroup] = []
    centres: list[np.ndarray] = []
    for (ex, fb), text, vec in zip(items, texts, vectors, strict=True):
        sims = [float(c @ vec) for c in centres]
        best = int(np.argmax(sims)) if sims else -1
        if best >= 0 and sims[best] >= similar:
            group = groups[best]
        else:
            group = QueueGroup(question=text, asked=0, last_asked=ex.created_at, unanswered=0, disliked=0)
            groups.append(group)
            centres.append(vec)
            if len(curated):
                csims = curated_vectors @ vec
                top = int(np.argmax(csims))
                if float(csims[top]) >= similar:
                    group.curated_id, group.curated_hits = curated[top].id, curated[top].hits
        group.asked += 1
        group.unanswered += int(not ex.answered)
        group.disliked += int(fb is not None and not fb.helpful)
        if text not in group.wordings:
            group.wordings.append(text)
        group.exchange_ids.append(ex.id or 0)
    return sorted(groups, key=lambda g: (g.curated_id is not None, -g.asked, -g.last_asked.timestamp()))


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
