"""Staff API: review applications (audited, the applicant told on LINE) and keep the registry of
funded companies (CSV import with a per-row report)."""

from __future__ import annotations

import logging
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from sqlmodel import Session, col, select

from api.applications.http.public_api import status_out
from api.applications.http.schemas import (
    ApplicationStaffOut,
    AuditOut,
    FundedCompanyOut,
    ImportReportOut,
    RowProblemOut,
    StatusChange,
    WaitlistOut,
)
from api.applications.services import lifecycle, registry, waitlist
from api.applications.tables import PointsApplication
from api.body_limit import body_limit
from api.deps import CurrentStaff, ResourcesDep, SessionDep, StaffOnly
from api.inputs import Offset
from api.schemas import ErrorResponse

log = logging.getLogger(__name__)
router = APIRouter(prefix="/api/admin", tags=["staff"], dependencies=[StaffOnly],
                   responses={code: {"model": ErrorResponse} for code in (400, 401, 404, 409)})
MAX_CSV_BYTES = 5_000_000


def staff_out(session: Session, app: PointsApplication, with_audit: bool = False) -> ApplicationStaffOut:
    audit = [AuditOut.model_validate(a, from_attributes=True)
             for a in lifecycle.audit_of(session=session, app=app)] if with_audit else []
    base = status_out(session, app).model_dump()
    fields = {k: getattr(app, k) for k in ("ubn", "company_name", "industry", "employees", "paid_in_capital",
                                           "annual_revenue", "factory_registration", "region", "contact_name",
                                           "phone", "email", "channel", "cap_points", "ratio", "verdict", "flags")}
    return ApplicationStaffOut(**base, **fields, audit=audit)


@router.get("/applications", response_model=list[ApplicationStaffOut])
def list_applications(session: SessionDep, status: Annotated[str | None, Query(max_length=16)] = None,
                      year: Annotated[int | None, Query(ge=100, le=150)] = None,
                      limit: Annotated[int, Query(ge=1, le=500)] = 100,
                      offset: Offset = 0) -> list[ApplicationStaffOut]:
    """Applications, newest first, by status and programme year."""
    query = select(PointsApplication)
    if status:
        query = query.where(PointsApplication.status == status)
    if year:
        query = query.where(PointsApplication.year == year)
    rows = session.exec(query.order_by(col(PointsApplication.id).desc()).offset(offset).limit(limit)).all()
    return [staff_out(session, r) for r in rows]


@router.get("/applications/{reference}", response_model=ApplicationStaffOut)
def application_detail(reference: str, session: SessionDep) -> ApplicationStaffOut:
    """One application with its verdict, flags and audit trail."""
    return staff_out(session, lifecycle.get_application(session=session, reference=reference), with_audit=True)


@router.post("/applications/{reference}/status", response_model=ApplicationStaffOut)
def change_status(reference: str, body: StatusChange, session: SessionDep,
                  staff: CurrentStaff) -> ApplicationStaffOut:
    """Move an application on (under_review, approved, rejected, withdrawn); audited, the applicant is told."""
    app = lifecycle.change_status(session=session, reference=reference, to_status=body.status,
                                 actor=f"staff:{staff.name}", reason=body.reason, points=body.points, note=body.note)
    return staff_out(session, app, with_audit=True)


@router.post("/funded-companies/import", response_model=ImportReportOut, responses={413: {"model": ErrorResponse}},
             openapi_extra={"requestBody": {"content": {"text/csv": {"schema": {"type": "string"}}}}})
@body_limit(MAX_CSV_BYTES)
async def import_funded(request: Request, staff: CurrentStaff, resources: ResourcesDep,
                        dry_run: Annotated[bool, Query()] = False) -> ImportReportOut:
    """Import funded companies from CSV (統一編號, 計畫名稱, 年度, 備註); bad rows are listed by line."""
    text = registry.decode_csv(await request.body())

    def work() -> registry.ImportReport:
        with Session(resources.db) as session:
            return registry.import_funded_csv(session=session, text=text, rules=resources.rules,
                                              staff=staff.name, dry_run=dry_run)

    report = await run_in_threadpool(work)
    return ImportReportOut(rows=report.rows, added=report.added, duplicates=report.duplicates, dry_run=report.dry_run,
                           errors=[RowProblemOut(**vars(e)) for e in report.errors],
                           warnings=[RowProblemOut(**vars(w)) for w in report.warnings])


@router.get("/funded-companies", response_model=list[FundedCompanyOut])
def funded_companies(session: SessionDep, ubn: Annotated[str | None, Query(max_length=8)] = None,
                     limit: Annotated[int, Query(ge=1, le=500)] = 100,
                     offset: Offset = 0) -> list[FundedCompanyOut]:
    """The registry of funded companies (newest first), optionally for one 統一編號."""
    rows = registry.list_funded(session=session, ubn=ubn, limit=limit, offset=offset)
    return [FundedCompanyOut.model_validate(r, from_attributes=True) for r in rows]



@router.get("/points-waitlist", response_model=list[WaitlistOut])
def points_waitlist(session: SessionDep, limit: Annotated[int, Query(ge=1, le=500)] = 200,
                    offset: Offset = 0) -> list[WaitlistOut]:
    """Who asked to be told when applications open (asked while no year was taking them), newest first."""
    return [WaitlistOut.model_validate(r, from_attributes=True)
            for r in waitlist.entries(session=session, limit=limit, offset=offset)]
