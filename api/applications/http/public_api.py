"""Public API: eligibility, the calculator, submitting an application and following it."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from api.applications import messages as msg
from api.applications.adapters.desk import open_year, programme_today, programme_year
from api.applications.http.schemas import (
    ApplicationIn,
    ApplicationStatusOut,
    ConfirmationIn,
    EligibilityOut,
    OwnerProof,
    PendingConfirmationOut,
    ProfileIn,
    QuoteOut,
)
from api.applications.rules import transitions
from api.applications.services import advice, confirmation, lifecycle
from api.applications.tables import PointsApplication
from api.deps import ClientAddress, LockoutDep, RatesDep, RulesDep, SessionDep, SettingsDep
from api.errors import Conflict
from api.identity.services import confirmation as identity
from api.schemas import ErrorResponse

router = APIRouter(tags=["applications"])
_ERRORS: dict[int | str, dict[str, Any]] = {code: {"model": ErrorResponse} for code in (400, 401, 404, 409, 422, 429)}


def status_out(session: Session, app: PointsApplication) -> ApplicationStatusOut:
    previous = session.get(PointsApplication, app.resubmission_of) if app.resubmission_of else None
    return ApplicationStatusOut(reference=app.reference, year=app.year, hall=app.hall, status=app.status,
                                status_label=transitions.label(app.status), points_granted=app.points_granted,
                                reason=app.reason, submitted_at=app.created_at, decided_at=app.decided_at,
                                resubmission_of=previous.reference if previous else None)


@router.post("/api/points/eligibility", response_model=EligibilityOut, responses=_ERRORS)
def eligibility(body: ProfileIn, session: SessionDep, settings: SettingsDep, rules: RulesDep) -> EligibilityOut:
    """Which 館 a company profile qualifies for, clause by clause, each rule with its source."""
    year = body.year or programme_year(rules, settings)
    return advice.check_profile(session=session, rules=rules, body=body, year=year, today=programme_today(settings))


@router.get("/api/points/quote", response_model=QuoteOut, responses=_ERRORS)
def calculate(rules: RulesDep,
              price: Annotated[str, Query(max_length=30, description="Plan price, e.g. 600000 or 60萬")],
              year: Annotated[int | None, Query(ge=100, le=150)] = None,
              hall: Annotated[str | None, Query(max_length=20)] = None) -> QuoteOut:
    """Points and self-paid amount for a plan price under one year's rule for one 館."""
    return advice.quote_price(rules=rules, price=price, year=year, hall=hall)


@router.post("/api/applications", status_code=201, response_model=ApplicationStatusOut | PendingConfirmationOut,
             responses=_ERRORS | {202: {"model": PendingConfirmationOut}})
def submit(body: ApplicationIn, session: SessionDep, settings: SettingsDep, rules: RulesDep, rates: RatesDep,
           address: ClientAddress, response: Response) -> ApplicationStatusOut | PendingConfirmationOut:
    """Submit an application (checked against the rules; one active application per company and year).
    With identity confirmation on (the default), 202: it counts once the code e-mailed to the
    company's contact on file (or, with none, to the application's address) is sent to
    POST /api/applications/confirm. Refused with 409 when no year is taking applications."""
    rates.enforce(("applications_ip", address))
    year = body.year or open_year(rules, settings)
    if year is None:
        raise Conflict(*msg.NOT_ACCEPTING)
    applicant = lifecycle.Applicant("api", "", "applicant:api")
    policy = identity.policy_of(settings)
    if policy is not None:
        pending = confirmation.request_application(session=session, rules=rules, values=body.values(), year=year,
                                                   today=programme_today(settings), applicant=applicant,
                                                   policy=policy)
        response.status_code = 202
        zh, en = identity.told(pending, policy.minutes)
        return PendingConfirmationOut(confirmation=pending.token, expires_at=pending.expires_at, message=zh,
                                      message_en=en)
    app = lifecycle.submit_application(session=session, rules=rules, values=body.values(), year=year,
                                      today=programme_today(settings), applicant=applicant)
    return status_out(session, app)


@router.post("/api/applications/confirm", status_code=201, response_model=ApplicationStatusOut, responses=_ERRORS)
def confirm(body: ConfirmationIn, session: SessionDep, settings: SettingsDep, rules: RulesDep, rates: RatesDep,
            lockout: LockoutDep, address: ClientAddress) -> ApplicationStatusOut:
    """Confirm an application with the code e-mailed to its contact (too many wrong codes lock it)."""
    rates.enforce(("applications_ip", address))
    app = confirmation.confirm_application(session=session, rules=rules, token=body.confirmation, code=body.code,
                                           key=identity.code_key(settings), today=programme_today(settings),
                                           lockout=lockout, address=address)
    return status_out(session, app)


@router.get("/api/applications/{reference}", response_model=ApplicationStatusOut, responses=_ERRORS)
def status(reference: str, session: SessionDep) -> ApplicationStatusOut:
    """An application's status by its reference (no personal data)."""
    return status_out(session, lifecycle.get_application(session=session, reference=reference))


@router.post("/api/applications/{reference}/withdraw", response_model=ApplicationStatusOut, responses=_ERRORS)
def withdraw(reference: str, body: OwnerProof, session: SessionDep, rates: RatesDep, lockout: LockoutDep,
             address: ClientAddress) -> ApplicationStatusOut:
    """The applicant withdraws (proving it is theirs with the contact phone; too many wrong numbers
    lock the application for a while)."""
    rates.enforce(("applications_ip", address))
    app = lifecycle.get_application(session=session, reference=reference)
    lifecycle.check_owner(app, body.phone, lockout=lockout, address=address)
    app = lifecycle.change_status(session=session, reference=reference, to_status="withdrawn",
                                 actor=f"applicant:{app.channel}:{app.user_id}".rstrip(":"))
    return status_out(session, app)


@router.post("/api/applications/{reference}/resubmit", status_code=201, response_model=ApplicationStatusOut,
             responses=_ERRORS)
def resubmit(reference: str, body: OwnerProof, session: SessionDep, settings: SettingsDep, rules: RulesDep,
             rates: RatesDep, lockout: LockoutDep, address: ClientAddress) -> ApplicationStatusOut:
    """Send a withdrawn application again: a new submission with a new reference."""
    rates.enforce(("applications_ip", address))
    app = lifecycle.resubmit(session=session, rules=rules, reference=reference, phone=body.phone,
                            today=programme_today(settings), lockout=lockout, address=address)
    return status_out(session, app)
