"""Curated answers: write, edit, list, retire; invite an expert, take their draft, publish it.
Each is one transaction, recorded in the staff audit trail with who did it."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from api.curated import messages as msg
from api.curated.rules.fields import ANSWER, NOT_ANSWERABLE, CuratedFields, checked
from api.curated.tables import ACTIVE, DRAFT, INVITED, RETIRED, CuratedAnswer
from api.errors import Conflict, InvalidInput, NotFound
from api.experts.console_tables import ConsoleAccount
from api.models import utcnow
from api.staff.services import audit

EXPERT_ROLE = "expert"


def create(*, session: Session, question: str, answer: str, year: int | None, hall: str, audience: str,
           source: str, staff: str, role: str = "", kind: str = ANSWER, need_source: bool = False,
           queue_ref: str = "") -> CuratedAnswer:
    """Write an answer (or a 'not answerable' reply); it answers at once. The same one sent twice is
    stored once."""
    fields = checked(question=question, answer=answer, year=year, hall=hall, audience=audience, source=source,
                     kind=kind, need_source=need_source)
    same = session.exec(select(CuratedAnswer).where(
        CuratedAnswer.status == ACTIVE, CuratedAnswer.question == fields.question,
        CuratedAnswer.answer == fields.answer, CuratedAnswer.kind == fields.kind)).first()
    if same is not None:
        return same
    item = CuratedAnswer(**_values(fields), created_by=staff, updated_by=staff)
    session.add(item)
    session.flush()
    audit.record(session, actor=staff, role=role, target=f"curated:{item.id}",
                 action="curated.not_answerable" if kind == NOT_ANSWERABLE else "curated.write",
                 detail={"question": fields.question, "queue": queue_ref})
    return _committed(session, item)


def edit(*, session: Session, curated_id: int, question: str, answer: str, year: int | None, hall: str,
         audience: str, source: str, kind: str, staff: str, role: str) -> CuratedAnswer:
    """Change an answer or a draft; every worker answers from the new text within seconds."""
    item = _get(session, curated_id)
    if item.status == RETIRED:
        raise Conflict(*msg.RETIRED_ALREADY)
    fields = checked(question=question, answer=answer, year=year, hall=hall, audience=audience, source=source,
                     kind=kind, need_source=True)
    for name, value in _values(fields).items():
        setattr(item, name, value)
    if item.status == INVITED:
        item.status = DRAFT  # staff wrote it themselves: it still waits to be published
    item.updated_by, item.updated_at = staff, utcnow()
    session.add(item)
    audit.record(session, actor=staff, role=role, action="curated.edit", target=f"curated:{item.id}",
                 detail={"question": fields.question})
    return _committed(session, item)


def listed(*, session: Session, include_retired: bool = False,
           statuses: tuple[str, ...] = (ACTIVE,)) -> list[CuratedAnswer]:
    query = select(CuratedAnswer)
    if not include_retired:
        query = query.where(col(CuratedAnswer.status).in_(statuses))
    return list(session.exec(query.order_by(col(CuratedAnswer.id).desc())).all())


def retire(*, session: Session, curated_id: int, staff: str = "", role: str = "") -> CuratedAnswer:
    """Retire it: it answers nothing more and is kept for the record (retiring it again does nothing)."""
    item = _get(session, curated_id)
    if item.status == RETIRED:
        return item
    item.status, item.updated_at, item.updated_by = RETIRED, utcnow(), staff or item.updated_by
    session.add(item)
    audit.record(session, actor=staff or "admin-token", role=role, action="curated.retire",
                 target=f"curated:{item.id}", detail={"question": item.question})
    return _committed(session, item)


def invite(*, session: Session, question: str, expert: str, staff: str, role: str,
           queue_ref: str = "") -> CuratedAnswer:
    """Ask an expert console account to answer a queued question (they see it in /console)."""
    account = session.exec(select(ConsoleAccount).where(ConsoleAccount.username == expert.strip())).first()
    if account is None or account.role != EXPERT_ROLE or not account.active:
        raise InvalidInput(*msg.NO_SUCH_EXPERT, [{"field": "expert", "problem": "unknown"}])
    question = question.strip()
    if not question:
        raise InvalidInput(*msg.BLANK, [{"field": "question", "problem": "blank"}])
    same = session.exec(select(CuratedAnswer).where(CuratedAnswer.status == INVITED, CuratedAnswer.question == question,
                                                    CuratedAnswer.invited_expert == account.username)).first()
    if same is not None:
        return same
    item = CuratedAnswer(question=question[:500], answer="", status=INVITED, invited_expert=account.username,
                         created_by=staff, updated_by=staff)
    session.add(item)
    session.flush()
    audit.record(session, actor=staff, role=role, action="curated.invite", target=f"curated:{item.id}",
                 detail={"question": item.question, "expert": account.username, "queue": queue_ref})
    return _committed(session, item)


def invitations(*, session: Session, expert: str) -> list[CuratedAnswer]:
    """The questions an expert was asked to answer, and their drafts not yet published."""
    return list(session.exec(select(CuratedAnswer).where(
        CuratedAnswer.invited_expert == expert, col(CuratedAnswer.status).in_((INVITED, DRAFT)))
        .order_by(col(CuratedAnswer.id).desc())).all())


def submit_draft(*, session: Session, curated_id: int, expert: str, answer: str, year: int | None, hall: str,
                 audience: str, source: str) -> CuratedAnswer:
    """The invited expert's answer: a draft an editor publishes (sent again, it replaces the draft)."""
    item = session.get(CuratedAnswer, curated_id)
    if item is None or item.invited_expert != expert or item.status not in (INVITED, DRAFT):
        raise NotFound(*msg.NOT_YOURS)
    fields = checked(question=item.question, answer=answer, year=year, hall=hall, audience=audience,
                     source=source, need_source=True)
    for name, value in _values(fields).items():
        setattr(item, name, value)
    item.status, item.updated_by, item.updated_at = DRAFT, expert, utcnow()
    session.add(item)
    audit.record(session, actor=expert, role=EXPERT_ROLE, action="curated.draft", target=f"curated:{item.id}",
                 detail={"question": item.question})
    return _committed(session, item)


def publish(*, session: Session, curated_id: int, staff: str, role: str) -> CuratedAnswer:
    """An editor publishes an expert's draft: it answers at once (publishing it again does nothing)."""
    item = _get(session, curated_id)
    if item.status == ACTIVE:
        return item
    if item.status != DRAFT:
        raise Conflict(*msg.NOT_A_DRAFT)
    item.status, item.updated_by, item.updated_at = ACTIVE, staff, utcnow()
    session.add(item)
    audit.record(session, actor=staff, role=role, action="curated.publish", target=f"curated:{item.id}",
                 detail={"question": item.question, "expert": item.invited_expert})
    return _committed(session, item)


def count_hit(*, session: Session, curated_id: int) -> None:
    session.exec(update(CuratedAnswer).where(col(CuratedAnswer.id) == curated_id)
                 .values(hits=CuratedAnswer.hits + 1, last_hit_at=utcnow()))
    session.commit()


def expert_accounts(*, session: Session) -> list[ConsoleAccount]:
    """The active expert console accounts staff may invite."""
    return list(session.exec(select(ConsoleAccount).where(ConsoleAccount.role == EXPERT_ROLE,
                                                          col(ConsoleAccount.active).is_(True))
                             .order_by(col(ConsoleAccount.username))).all())


def _get(session: Session, curated_id: int) -> CuratedAnswer:
    item = session.get(CuratedAnswer, curated_id)
    if item is None:
        raise NotFound(*msg.NOT_FOUND)
    return item


def _values(fields: CuratedFields) -> dict[str, Any]:
    return {"question": fields.question, "answer": fields.answer, "year": fields.year, "hall": fields.hall,
            "audience": fields.audience, "source": fields.source, "kind": fields.kind}


def _committed(session: Session, item: CuratedAnswer) -> CuratedAnswer:
    session.commit()
    session.refresh(item)
    return item
