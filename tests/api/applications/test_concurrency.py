"""A double submit from many threads at once against the real database (SQLite by default,
PostgreSQL with TEST_DATABASE_URL): exactly one active application survives."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.applications import messages as msg
from api.applications.services import lifecycle
from api.applications.tables import PointsApplication
from api.db import make_engine
from api.errors import Conflict
from api.migrate import upgrade
from bot.points.loader import load_rules
from tests.api.applications.conftest import application, new_ubn

THREADS = 8


def values(ubn: str) -> dict[str, object]:
    body = application(ubn)
    return {"ubn": ubn, "company_name": body["company_name"], "industry": "manufacturing", "employees": 50,
            "capital": "2000萬", "revenue": "3億", "factory": "registered", "region": "臺中市", "contact": "王小明",
            "phone": "0912345678", "email": "a@example.com", "consent": True, "hall": "工業館"}


def test_concurrent_double_submit_leaves_exactly_one_active_application(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    ubn, barrier = new_ubn(), threading.Barrier(THREADS)
    outcomes: list[str] = []
    lock = threading.Lock()

    def submit(i: int) -> None:
        applicant = lifecycle.Applicant("web", f"user-{i}", f"applicant:web:user-{i}")
        barrier.wait()
        try:
            with Session(engine) as session:
                app = lifecycle.submit_application(session=session, rules=load_rules(), values=values(ubn),
                                                  year=110, today=date(2021, 7, 15), applicant=applicant)
            result = app.reference
        except Conflict as exc:
            result = f"conflict: {exc.zh}"
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(THREADS)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    try:
        accepted = [o for o in outcomes if not o.startswith("conflict")]
        assert len(outcomes) == THREADS and len(accepted) == 1, outcomes
        assert all(o == f"conflict: {msg.ALREADY_APPLIED_NEUTRAL[0]}" for o in outcomes if o.startswith("conflict"))
        with Session(engine) as session:
            rows = session.exec(select(PointsApplication).where(PointsApplication.ubn == ubn)).all()
            assert [(r.reference, r.status) for r in rows] == [(accepted[0], "submitted")]
    finally:
        engine.dispose()


def test_the_database_itself_refuses_a_second_active_application(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    ubn = new_ubn()
    try:
        with Session(engine) as session:
            first = lifecycle.submit_application(session=session, rules=load_rules(), values=values(ubn), year=110,
                                                today=date(2021, 7, 15),
                                                applicant=lifecycle.Applicant("api", "", "applicant:api"))
            copy = PointsApplication.model_validate(first.model_dump(exclude={"id"}) | {"reference": "P110-COPY"})
            session.add(copy)
            with pytest.raises(IntegrityError):
                session.commit()  # bypassing the service: the unique active key still holds
            session.rollback()
            lifecycle.change_status(session=session, reference=first.reference, to_status="withdrawn", actor="test")
            session.add(PointsApplication.model_validate(copy.model_dump(exclude={"id"}) | {"reference": "P110-NEW"}))
            session.commit()  # withdrawn ones free the key
            count = session.exec(select(func.count()).select_from(PointsApplication)
                                 .where(PointsApplication.ubn == ubn)).one()
            assert count == 2
    finally:
        engine.dispose()


def test_two_staff_deciding_at_once_one_wins_and_one_is_told(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    upgrade(engine)
    try:
        with Session(engine) as session:
            app = lifecycle.submit_application(session=session, rules=load_rules(), values=values(new_ubn()),
                                              year=110, today=date(2021, 7, 15),
                                              applicant=lifecycle.Applicant("api", "", "applicant:api"))
            lifecycle.change_status(session=session, reference=app.reference, to_status="under_review", actor="s0")
            reference = app.reference
        barrier, outcomes = threading.Barrier(2), list[str]()

        def decide(status: str, reason: str) -> None:
            barrier.wait()
            try:
                with Session(engine) as session:
                    lifecycle.change_status(session=session, reference=reference, to_status=status, actor=status,
                                           reason=reason)
                outcomes.append(status)
            except Conflict as exc:
                outcomes.append(exc.code)

        threads = [threading.Thread(target=decide, args=a) for a in (("approved", ""), ("rejected", "資料不全"))]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=60)
        winners = [o for o in outcomes if o in ("approved", "rejected")]
        assert len(outcomes) == 2 and len(winners) == 1, outcomes
        assert [o for o in outcomes if o not in winners] == ["conflict"]  # the other decision is refused
        with Session(engine) as session:
            final = lifecycle.get_application(session=session, reference=reference)
            audit = lifecycle.audit_of(session=session, app=final)
            assert final.status == winners[0] and [a.to_status for a in audit][-1] == winners[0] and len(audit) == 3
    finally:
        engine.dispose()
