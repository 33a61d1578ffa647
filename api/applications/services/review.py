"""Staff review from the console: finding applications, deciding on one (through the lifecycle's
state machine, so the applicant is told by the outbox) and importing the registry, each recorded
in the staff audit trail in the transaction of the change."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.applications.services import lifecycle, registry
from api.applications.tables import APPROVED, REJECTED, UNDER_REVIEW, PointsApplication
from api.staff.services import audit
from bot.points.model import RuleBook
from knowledge.programme import TAIPEI

DECISIONS = {"review": UNDER_REVIEW, "approve": APPROVED, "reject": REJECTED}
"""What the detail page's buttons ask for, as the status they move to."""


@dataclass(frozen=True)
class Filters:
    status: str = ""
    year: int | None = None
    hall: str = ""
    since: date | None = None
    """Submitted on or after this Taipei date."""
    until: date | None = None
    """Submitted on or before this Taipei date."""


@dataclass(frozen=True)
class Page:
    rows: list[PointsApplication]
    total: int


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=TAIPEI)


def search(*, session: Session, filters: Filters, limit: int, offset: int) -> Page:
    """Applications matching `filters`, newest first, one page of them and how many match in all."""
    query = select(PointsApplication)
    if filters.status:
        query = query.where(PointsApplication.status == filters.status)
    if filters.year:
        query = query.where(PointsApplication.year == filters.year)
    if filters.hall:
        query = query.where(PointsApplication.hall == filters.hall)
    if filters.since:
        query = query.where(col(PointsApplication.created_at) >= _start_of(filters.since))
    if filters.until:
        query = query.where(col(PointsApplication.created_at) < _start_of(filters.until + timedelta(days=1)))
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(col(PointsApplication.id).desc()).offset(offset).limit(limit)).all()
    return Page(list(rows), int(total))


def halls(*, session: Session) -> list[str]:
    """The 館 applications were made for (for the filter's choices)."""
    return sorted(h for h in session.exec(select(PointsApplication.hall).distinct()).all() if h)


def years(*, session: Session) -> list[int]:
    return sorted(session.exec(select(PointsApplication.year).distinct()).all(), reverse=True)


def decide(*, session: Session, reference: str, decision: str, reason: str, points: int | None, actor: str,
           role: str) -> PointsApplication:
    """Start the review, approve or reject; refused (nothing changes) when the state machine says no,
    including a decision the application already has (a form submitted twice)."""
    to_status = DECISIONS.get(decision, decision)
    audit.record(session, actor=actor, role=role, action=f"application.{decision}"[:40],
                 target=reference.strip().upper()[:80],
                 detail={"to_status": to_status, "reason": reason.strip()[:500], "points": points})
    return lifecycle.change_status(session=session, reference=reference, to_status=to_status,
                                   actor=f"staff:{actor}", reason=reason, points=points)


def import_registry(*, session: Session, text: str, rules: RuleBook, actor: str, role: str,
                    dry_run: bool, filename: str) -> registry.ImportReport:
    """Import the funded-companies CSV; the audit entry (with the report's figures, from a dry run
    first) is committed with the rows it records."""
    preview = registry.import_funded_csv(session=session, text=text, rules=rules, staff=actor, dry_run=True)
    if dry_run:
        return preview
    audit.record(session, actor=actor, role=role, action="registry.import", target=filename[:80],
                 detail={"rows": preview.rows, "added": preview.added, "duplicates": preview.duplicates,
                         "error_lines": [e.line for e in preview.errors]})
    report = registry.import_funded_csv(session=session, text=text, rules=rules, staff=actor)
    if not report.added:  # nothing written: the import did not commit, the audit entry still should be
        session.commit()
    return report
