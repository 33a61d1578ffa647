"""The application lifecycle: submit (checked against the rules), status changes by staff,
withdrawal and resubmission by the applicant; every change is written to the audit trail.

draft → submitted → under_review → approved (points granted) / rejected (reason) / withdrawn.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.abuse.lockout import Lockout
from api.applications import messages as msg
from api.applications.rules.transitions import STATUS_LABELS, TRANSITIONS, label
from api.applications.rules.validation import validate_values
from api.applications.services.notices import announce
from api.applications.services.registry import funded_for
from api.applications.tables import (
    ACTIVE,
    APPROVED,
    REJECTED,
    SUBMITTED,
    WITHDRAWN,
    ApplicationAudit,
    FundedCompany,
    PointsApplication,
    PointsDraft,
    active_key,
)
from api.errors import Conflict, InvalidInput, NotFound, Unauthorized
from api.models import utcnow
from bot.flows import validators
from bot.flows.spec import Valid
from bot.points.application_flow import profile_from_values
from bot.points.evaluate import HallVerdict, evaluate_hall
from bot.points.model import RuleBook

_REF_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


@dataclass(frozen=True)
class Applicant:
    channel: str
    """web or line (a chat user), api (the public API)."""
    user_id: str
    actor: str
    """How the audit trail names them, e.g. 'applicant:line:U123'."""


def get_application(*, session: Session, reference: str) -> PointsApplication:
    wanted = reference.strip().upper()
    app = session.exec(select(PointsApplication).where(PointsApplication.reference == wanted)).first()
    if app is None:
        raise NotFound(*msg.application_not_found(reference))
    return app


def active_application(*, session: Session, ubn: str, year: int) -> PointsApplication | None:
    return session.exec(select(PointsApplication).where(PointsApplication.active_key == active_key(ubn, year))).first()


def check_eligible(*, session: Session, rules: RuleBook, values: Mapping[str, str], year: int,
                   today: date) -> HallVerdict:
    """The verdict for the chosen 館; refuses (with every failed clause) when it is not met."""
    hall = rules.hall(year, values["hall"])
    if hall is None:
        raise InvalidInput(*msg.no_hall_rule(year, values["hall"], [h.hall for h in rules.halls_of(year)]))
    profile = profile_from_values(values, funded_for(session=session, ubn=values["ubn"]))
    verdict = evaluate_hall(rules, hall, profile, on=today)
    if not verdict.eligible:
        failed = verdict.failed
        raise InvalidInput(*msg.not_eligible((verdict.name(), verdict.name("en")),
                                             [(r.line(), r.line("en")) for r in failed]),
                           [{"rule": r.rule_id, "problem": r.line(), "source": r.source.cite()} for r in failed])
    return verdict


def _labels(status: str) -> msg.Pair:
    return label(status), label(status, "en")


def _conflict(existing: PointsApplication | None, applicant: Applicant, ubn: str, year: int) -> Conflict:
    mine = (existing is not None and bool(applicant.user_id)  # API callers are anonymous: never "yours"
            and (existing.channel, existing.user_id) == (applicant.channel, applicant.user_id))
    if mine and existing is not None:
        return Conflict(*msg.already_applied_yours(ubn, year, existing.reference, _labels(existing.status)))
    return Conflict(*msg.ALREADY_APPLIED_NEUTRAL)  # the same to anyone: says nothing of the company


def submit_application(*, session: Session, rules: RuleBook, values: Mapping[str, Any], year: int, today: date,
                       applicant: Applicant,
                       before_commit: Callable[[PointsApplication], None] | None = None) -> PointsApplication:
    """Validate, check eligibility and store; the database keeps one active application per company and year.
    `before_commit` adds to the transaction (the e-mailed code confirmed)."""
    clean = validate_values(rules, values)
    ubn = clean["ubn"]
    existing = active_application(session=session, ubn=ubn, year=year)
    if existing is not None:  # said first: clearer than the registry clause it would also fail
        raise _conflict(existing, applicant, ubn, year)
    verdict = check_eligible(session=session, rules=rules, values=clean, year=year, today=today)
    previous = session.exec(select(PointsApplication)
                            .where(PointsApplication.ubn == ubn, PointsApplication.year == year,
                                   PointsApplication.status == WITHDRAWN)
                            .order_by(col(PointsApplication.id).desc())).first()
    for _ in range(3):
        app = PointsApplication(
            reference=f"P{year}-" + "".join(secrets.choice(_REF_ALPHABET) for _ in range(8)), ubn=ubn, year=year,
            hall=clean["hall"], status=SUBMITTED, active_key=active_key(ubn, year), company_name=clean["company_name"],
            industry=clean["industry"], employees=int(clean["employees"]), paid_in_capital=int(clean["capital"]),
            annual_revenue=int(clean["revenue"]), factory_registration=clean["factory"], region=clean["region"],
            contact_name=clean["contact"], phone=clean["phone"], email=clean["email"], consent_at=utcnow(),
            channel=applicant.channel, user_id=applicant.user_id, cap_points=verdict.hall.points.cap,
            ratio=verdict.hall.points.ratio, flags=[f.text() for f in verdict.flags],
            verdict=[{"rule": r.rule_id, "ok": r.ok, "text": r.line(), "source": r.source.cite()}
                     for r in verdict.results],
            resubmission_of=previous.id if previous is not None else None)
        try:
            session.add(app)
            session.flush()
            assert app.id is not None
            session.add(ApplicationAudit(application_id=app.id, actor=applicant.actor, action="submitted",
                                         to_status=SUBMITTED, changes={"hall": clean["hall"], "year": year}))
            if previous is not None and previous.id is not None:
                session.add(ApplicationAudit(application_id=previous.id, actor=applicant.actor, action="resubmitted",
                                             from_status=WITHDRAWN, to_status=WITHDRAWN, note=app.reference))
            session.execute(delete(PointsDraft).where(col(PointsDraft.ubn) == ubn, col(PointsDraft.year) == year))
            if previous is not None:
                announce(session, app, resubmission_of=previous.reference)
            if before_commit is not None:
                before_commit(app)
            session.commit()
        except IntegrityError:
            session.rollback()
            existing = active_application(session=session, ubn=ubn, year=year)
            if existing is not None:
                raise _conflict(existing, applicant, ubn, year) from None
            continue  # the random reference collided: draw another
        session.refresh(app)
        return app
    raise Conflict(*msg.BUSY)


def change_status(*, session: Session, reference: str, to_status: str, actor: str, reason: str = "",
                  points: int | None = None, note: str = "") -> PointsApplication:
    """Move an application along its lifecycle (staff review, or the applicant withdrawing)."""
    app = get_application(session=session, reference=reference)
    frm = app.status
    if to_status not in STATUS_LABELS:
        raise InvalidInput(*msg.unknown_status(to_status))
    if to_status == frm:
        raise Conflict(*msg.already_in_status(_labels(frm)))
    if to_status not in TRANSITIONS[frm]:
        hint = msg.RESUBMIT_HINT if frm == WITHDRAWN else ""
        raise Conflict(*msg.cannot_become(_labels(frm), _labels(to_status), hint))
    changes: dict[str, Any] = {"status": [frm, to_status]}
    values: dict[str, Any] = {"status": to_status, "updated_at": utcnow(),
                              "active_key": app.active_key if to_status in ACTIVE else None}
    if to_status == REJECTED:
        if not reason.strip():
            raise InvalidInput(*msg.REASON_REQUIRED)
        values["reason"] = changes["reason"] = reason.strip()[:500]
    if to_status == APPROVED:
        if reason.strip():  # optional on approval: what the applicant should know (conditions, next steps)
            values["reason"] = changes["reason"] = reason.strip()[:500]
        granted = app.cap_points if points is None else points
        if not 0 < granted <= app.cap_points:
            raise InvalidInput(*msg.points_out_of_range(app.cap_points))
        values["points_granted"] = changes["points_granted"] = granted
    if to_status in (APPROVED, REJECTED, WITHDRAWN):
        values["decided_at"] = utcnow()
    done = session.execute(update(PointsApplication).where(col(PointsApplication.id) == app.id,
                                                           col(PointsApplication.status) == frm).values(**values))
    if getattr(done, "rowcount", 0) != 1:
        session.rollback()
        raise Conflict(*msg.CHANGED_MEANWHILE)
    assert app.id is not None
    session.add(ApplicationAudit(application_id=app.id, actor=actor, action="status", from_status=frm,
                                 to_status=to_status, changes=changes, note=note))
    if to_status == APPROVED:
        _register_funding(session, app)
    session.flush()
    session.refresh(app)
    announce(session, app)
    session.commit()
    session.refresh(app)
    return app


def _register_funding(session: Session, app: PointsApplication) -> None:
    """Points granted here count as funding in the registry (the duplicate-subsidy check)."""
    programme = "雲市集工業館" if app.hall == "工業館" else "臺灣雲市集"
    exists = session.exec(select(FundedCompany).where(FundedCompany.ubn == app.ubn, FundedCompany.year == app.year,
                                                      FundedCompany.programme == programme)).first()
    if exists is None:
        session.add(FundedCompany(ubn=app.ubn, programme=programme, year=app.year, note=app.hall,
                                  source=f"application:{app.reference}", imported_by="system"))


def check_owner(app: PointsApplication, phone: str, *, lockout: Lockout | None = None, address: str = "") -> None:
    """The applicant proves it is theirs with the contact phone on the application. With a lockout,
    too many wrong numbers for the application (or from the address) refuse even the right one for
    a while (TooManyRequests)."""
    key = f"application:{app.reference}"
    if lockout is not None:
        lockout.check(account=key, address=address)
    given = validators.phone_tw(phone)
    if not (isinstance(given, Valid) and secrets.compare_digest(given.value, app.phone)):
        if lockout is not None:
            lockout.failed(account=key, address=address)
        raise Unauthorized(*msg.PHONE_MISMATCH)
    if lockout is not None:
        lockout.succeeded(account=key)


def resubmit(*, session: Session, rules: RuleBook, reference: str, phone: str, today: date,
             lockout: Lockout | None = None, address: str = "") -> PointsApplication:
    """A withdrawn application sent again: a new submission (new reference), checked against today's rules."""
    old = get_application(session=session, reference=reference)
    check_owner(old, phone, lockout=lockout, address=address)
    if old.status != WITHDRAWN:
        raise Conflict(*msg.only_withdrawn_resubmitted(_labels(old.status)))
    values = {"ubn": old.ubn, "company_name": old.company_name, "industry": old.industry,
              "employees": str(old.employees), "capital": str(old.paid_in_capital),
              "revenue": str(old.annual_revenue), "factory": old.factory_registration, "region": old.region,
              "contact": old.contact_name, "phone": old.phone, "email": old.email, "consent": "agree",
              "hall": old.hall}
    applicant = Applicant(old.channel, old.user_id, f"applicant:{old.channel}:{old.user_id}".rstrip(":"))
    return submit_application(session=session, rules=rules, values=values, year=old.year, today=today,
                              applicant=applicant)


def audit_of(*, session: Session, app: PointsApplication) -> list[ApplicationAudit]:
    return list(session.exec(select(ApplicationAudit).where(ApplicationAudit.application_id == app.id)
                             .order_by(col(ApplicationAudit.id))).all())
