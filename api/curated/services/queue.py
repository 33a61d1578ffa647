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
from bot.answer.curated import scope_agrees
from knowledge.programme import current_roc_year, extract_hints

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
    reply: str = ""
    """What the bot said to the most recent wording."""
    reason: str = ""
    """Why it declined, from the trace: the decision ('decline') or the gap it found ('fact', 'year' ...)."""
    missing: str = ""
    """What the gap says was missing (a year, a term), when the trace has it."""
    comments: list[str] = field(default_factory=list)
    """What users who marked an answer 👎 wrote."""
    channels: list[str] = field(default_factory=list)


def curation_queue(*, session: Session, embed: Embed, similar: float = 0.85, covers: float | None = None,
                   limit: int = 500) -> list[QueueGroup]:
    """`similar`: how alike two questions are to share a group; `covers`: how alike a curated answer's
    question must be to answer the group (the matcher's threshold; `similar` when not given)."""
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
            group.reply, group.reason, group.missing = ex.answer, *_why(ex.trace)
            covering = _covering(text, vec, curated, curated_vectors, similar if covers is None else covers)
            if covering is not None:
                group.curated_id, group.curated_hits = covering.id, covering.hits
        group.asked += 1
        group.unanswered += int(not ex.answered)
        group.disliked += int(fb is not None and not fb.helpful)
        if text not in group.wordings:
            group.wordings.append(text)
        group.exchange_ids.append(ex.id or 0)
        if fb is not None and not fb.helpful and fb.comment.strip() and fb.comment.strip() not in group.comments:
            group.comments.append(fb.comment.strip())
        if ex.channel not in group.channels:
            group.channels.append(ex.channel)
    return sorted(groups, key=lambda g: (g.curated_id is not None, -g.asked, -g.last_asked.timestamp()))


def _covering(text: str, vec: np.ndarray, curated: list[CuratedAnswer], vectors: np.ndarray,
              threshold: float) -> CuratedAnswer | None:
    """The curated answer the engine would now answer this question from (as the matcher decides:
    close enough, and naming no other year or 館)."""
    if not curated:
        return None
    hints = extract_hints(text, current_roc_year=current_roc_year())
    sims = vectors @ vec
    for i in np.argsort(-sims):
        item = curated[int(i)]
        if float(sims[int(i)]) < threshold:
            return None
        if scope_agrees(hints, item.year, item.hall):
            return item
    return None


def _why(trace: dict[str, object]) -> tuple[str, str]:
    gap = trace.get("gap")
    if isinstance(gap, dict) and gap.get("kind"):
        return str(gap["kind"]), str(gap.get("missing") or "")
    decision = trace.get("decision")
    if decision in ("decline", "curated"):
        return str(decision), ""
    return "", ""


def _unit(vectors: Sequence[Sequence[float]]) -> np.ndarray:
    matrix = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)
