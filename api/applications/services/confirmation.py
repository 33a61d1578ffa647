"""An application made in the name of a company counts only once its contact confirms the code
e-mailed to the company's contact on file, or, with nothing on file, to the application's address
(api/identity). Until then it is no application: it does not
take the company's one application for the year, and nothing is said about applications already
there (the request is answered the same way whether or not the company applied)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session

from api.abuse.lockout import Lockout
from api.applications.rules.validation import validate_values
from api.applications.services.lifecycle import Applicant, check_eligible, submit_application
from api.applications.tables import PointsApplication
from api.identity.services import confirmation as identity
from api.identity.tables import PendingConfirmation
from bot.points.model import RuleBook

KIND = "application"


def request_application(*, session: Session, rules: RuleBook, values: Mapping[str, Any], year: int, today: date,
                        applicant: Applicant, policy: identity.Policy,
                        now: datetime | None = None) -> PendingConfirmation:
    """Check the answers and eligibility (what the form alone decides), then e-mail the code."""
    now = now or datetime.now(UTC)
    clean = validate_values(rules, values)
    check_eligible(session=session, rules=rules, values=clean, year=year, today=today)
    row = identity.request(session, kind=KIND, tax_id=clean["ubn"], email=clean["email"],
                           company=clean["company_name"], contact_name=clean["contact"],
                           channel=applicant.channel, user_id=applicant.user_id,
                           payload={"values": clean, "year": year, "actor": applicant.actor}, policy=policy, now=now)
    session.commit()
    session.refresh(row)
    return row


def confirm_application(*, session: Session, rules: RuleBook, token: str, code: str, key: bytes, today: date,
                        lockout: Lockout | None, address: str, now: datetime | None = None) -> PointsApplication:
    """The right code submits the application (every check again, the one-per-year rule included)."""
    now = now or datetime.now(UTC)
    row = identity.verify(session, token=token, code=code, kind=KIND, key=key, lockout=lockout, address=address,
                          now=now)
    applicant = Applicant(row.channel, row.user_id, str(row.payload["actor"]))

    def confirmed(app: PointsApplication) -> None:
        identity.mark_confirmed(session, row, reference=app.reference, now=now)

    return submit_application(session=session, rules=rules, values=row.payload["values"],
                              year=int(row.payload["year"]), today=today, applicant=applicant,
                              before_commit=confirmed)
