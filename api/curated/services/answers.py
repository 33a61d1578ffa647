"""Curated answers: write, list, retire (each one transaction, with who did it)."""

from __future__ import annotations

from sqlalchemy import update
from sqlmodel import Session, col, select

from api.curated import messages as msg
from api.curated.tables import ACTIVE, RETIRED, CuratedAnswer
from api.errors import InvalidInput, NotFound
from api.models import utcnow
from knowledge.programme import HALLS, to_roc
from knowledge.types import AUDIENCES


def create(*, session: Session, question: str, answer: str, year: int | None, hall: str, audience: str,
           source: str, staff: str) -> CuratedAnswer:
    if not question.strip() or not answer.strip():
        raise InvalidInput(*msg.BLANK, [{"field": "question/answer", "problem": "blank"}])
    if hall and hall not in HALLS:
        raise InvalidInput(*msg.BAD_HALL, [{"field": "hall", "problem": "unknown"}])
    if audience not in AUDIENCES:
        raise InvalidInput(*msg.BAD_AUDIENCE, [{"field": "audience", "problem": "unknown"}])
    item = CuratedAnswer(question=question.strip(), answer=answer.strip(), year=to_roc(year) if year else 0,
                         hall=hall, audience=audience, source=source.strip(), created_by=staff)
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def listed(*, session: Session, include_retired: bool = False) -> list[CuratedAnswer]:
    query = select(CuratedAnswer)
    if not include_retired:
        query = query.where(CuratedAnswer.status == ACTIVE)
    return list(session.exec(query.order_by(col(CuratedAnswer.id).desc())).all())


def retire(*, session: Session, curated_id: int) -> CuratedAnswer:
    item = session.get(CuratedAnswer, curated_id)
    if item is None:
        raise NotFound(*msg.NOT_FOUND)
    item.status, item.updated_at = RETIRED, utcnow()
    session.add(item)
    session.commit()
    session.refresh(item)
    return item


def count_hit(*, session: Session, curated_id: int) -> None:
    session.exec(update(CuratedAnswer).where(col(CuratedAnswer.id) == curated_id)
                 .values(hits=CuratedAnswer.hits + 1, last_hit_at=utcnow()))
    session.commit()
