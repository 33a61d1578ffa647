"""Exchange logging, feedback and the analytics staff read."""

from __future__ import annotations

import hashlib
import hmac
import json
import statistics
from collections import Counter
from typing import Any

from sqlmodel import Session, col, select

from api.errors import NotFound
from api.models import Exchange, Feedback, utcnow
from api.schemas import ExchangePublic, FeedbackVote, Stats
from bot.redact import redact
from bot.types import NO_ANSWER, NOT_STATED, Action, Reply


def hash_user(*, salt: str, channel: str, user_id: str) -> str:
    """A stable pseudonym: staff can group a user's questions without seeing who they are."""
    return hashlib.sha256(f"{salt}\x00{channel}\x00{user_id}".encode()).hexdigest()[:24]


FORM_ANSWER = "（表單填答，內容不記錄）"
"""Logged in place of what the user typed into a form: it lives only in the form's own table."""


def log_exchange(*, session: Session, question: str, reply: Reply, channel: str, user_hash: str,
                 latency_ms: float, commit: bool = True) -> Exchange:
    """Log one turn with its personal data taken out: a form answer is not kept at all, and phone
    numbers, e-mail addresses, 統一編號 and the form's answers are masked in the rest. With
    `commit=False` the row is only flushed (it has its id) and the caller's transaction keeps it."""
    known = reply.typed_values
    logged_question = FORM_ANSWER if reply.form_answer else redact(question, known)
    rewritten = redact(reply.question, known) if reply.question and reply.question != question else ""
    exchange = Exchange(
        channel=channel, user_hash=user_hash, question=logged_question, intent=reply.intent,
        answer=redact(reply.text, known),
        sources=[{"title": s.title, "source": s.source, "chunk_id": s.chunk_id, "year": s.year,
                  "hall": s.hall, "score": s.score} for s in reply.sources],
        confidence=reply.confidence, latency_ms=round(latency_ms, 2), language=reply.language,
        answered=reply.intent not in (NO_ANSWER, NOT_STATED),
        rewritten=rewritten, trace=_redacted(_json_safe(reply.trace), known),
        actions=[_redacted(a.to_dict(), known) for a in reply.actions if not _names_user(a)],
        form=_redacted(_form_step(reply), known),
    )
    session.add(exchange)
    if not commit:
        session.flush()
        return exchange
    session.commit()
    session.refresh(exchange)
    return exchange


def _form_step(reply: Reply) -> dict[str, Any] | None:
    """Where the form is, without the answers given so far."""
    form = reply.form
    if form is None:
        return None
    return {"flow": form.flow, "step": form.step, "index": form.index, "total": form.total, "prompt": form.prompt,
            "confirming": form.confirming}


def _names_user(action: Action) -> bool:
    """A link carrying the user's own id (their data's download): not kept beside their pseudonym."""
    return action.type == "uri" and "session_id=" in action.value


def _redacted(value: Any, known: tuple[str, ...]) -> Any:
    if isinstance(value, str):
        return redact(value, known)
    if isinstance(value, dict):
        return {k: _redacted(v, known) for k, v in value.items()}
    if isinstance(value, list):
        return [_redacted(v, known) for v in value]
    return value


def _json_safe(value: Any) -> Any:
    """The trace as plain JSON (it is built from plain values; anything else becomes its text)."""
    return json.loads(json.dumps(value, ensure_ascii=False, default=str))


def record_feedback(*, session: Session, feedback_in: FeedbackVote, user_hash: str) -> Feedback:
    """A vote on an answer by the user who got it (`user_hash`): for anyone else the answer does not exist."""
    exchange = session.get(Exchange, feedback_in.exchange_id)
    if exchange is None or not hmac.compare_digest(exchange.user_hash, user_hash):
        raise NotFound("找不到這則回答，無法送出評分。", "That answer was not found; feedback not saved.")
    existing = session.exec(select(Feedback).where(Feedback.exchange_id == feedback_in.exchange_id)).first()
    feedback = existing or Feedback(exchange_id=feedback_in.exchange_id, helpful=feedback_in.helpful)
    feedback.helpful = feedback_in.helpful
    if feedback_in.comment.strip() or existing is None:
        feedback.comment = feedback_in.comment.strip()
    feedback.created_at = utcnow()
    session.add(feedback)
    session.commit()
    session.refresh(feedback)
    return feedback


def list_exchanges(*, session: Session, unanswered_only: bool, limit: int, offset: int) -> list[ExchangePublic]:
    query = select(Exchange, Feedback).join(Feedback, col(Feedback.exchange_id) == col(Exchange.id), isouter=True)
    if unanswered_only:
        query = query.where(col(Exchange.answered).is_(False))
    rows = session.exec(query.order_by(col(Exchange.id).desc()).offset(offset).limit(limit)).all()
    return [
        ExchangePublic(
            id=ex.id or 0, created_at=ex.created_at, channel=ex.channel, user_hash=ex.user_hash,
            question=ex.question, intent=ex.intent, answer=ex.answer, confidence=ex.confidence,
            latency_ms=ex.latency_ms, answered=ex.answered, rewritten=ex.rewritten or None, trace=ex.trace,
            helpful=fb.helpful if fb else None, feedback_comment=fb.comment if fb else None,
        )
        for ex, fb in rows
    ]


def exchange_stats(*, session: Session) -> Stats:
    exchanges = session.exec(select(Exchange.intent, Exchange.channel, Exchange.answered, Exchange.latency_ms)).all()
    votes = session.exec(select(Feedback.helpful)).all()
    latencies = [row[3] for row in exchanges]
    return Stats(
        exchanges=len(exchanges),
        unanswered=sum(1 for row in exchanges if not row[2]),
        by_intent=dict(Counter(row[0] for row in exchanges)),
        by_channel=dict(Counter(row[1] for row in exchanges)),
        feedback_up=sum(1 for v in votes if v),
        feedback_down=sum(1 for v in votes if not v),
        median_latency_ms=round(statistics.median(latencies), 2) if latencies else None,
    )


def history(*, session: Session, user_hash: str, limit: int = 50) -> list[Exchange]:
    """One user's exchanges on one channel, oldest first (the last `limit`)."""
    rows = session.exec(select(Exchange).where(Exchange.user_hash == user_hash)
                        .order_by(col(Exchange.id).desc()).limit(limit)).all()
    return list(reversed(rows))
