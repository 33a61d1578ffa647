"""The staff console's review pages: applications (filtered list, detail with the eligibility
report and audit trail, the decision), and the funded-companies registry with its CSV import."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlmodel import Session

from api.applications import messages as msg
from api.applications.rules.transitions import STATUS_LABELS, TRANSITIONS, label
from api.applications.services import lifecycle, registry, review
from api.applications.tables import PointsApplication
from api.body_limit import body_limit
from api.deps import ResourcesDep, SessionDep
from api.errors import DomainError
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
templates.templates.env.globals["status_label"] = label
Reviewer = Annotated[StaffUser, Depends(require(roles.APPLICATIONS))]
PER_PAGE = 50
MAX_CSV_BYTES = 5_000_000


def _day(text: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(msg.BAD_DATE_FILTER) from None


def _filters(status: str, year: str, hall: str, since: str, until: str) -> review.Filters:
    """The list's GET form as filters; a ValueError carries what is wrong with it."""
    year = year.strip()
    if year and not (year.isdigit() and 100 <= int(year) <= 150):
        raise ValueError(msg.BAD_YEAR_FILTER)
    first, last = _day(since), _day(until)
    if first and last and first > last:
        raise ValueError(msg.DATES_REVERSED)
    return review.Filters(status=status if status in STATUS_LABELS else "", year=int(year) if year else None,
                          hall=hall.strip(), since=first, until=last)


@router.get("/staff/applications", response_class=HTMLResponse)
def applications(request: Request, session: SessionDep, user: Reviewer, status: str = "", year: str = "",
                 hall: str = "", since: str = "", until: str = "", page: str = "1", msg: str = "",
                 err: str = "") -> Response:
    """Applications by status, year, 館 and date of submission, a page at a time."""
    form = {"status": status[:16], "year": year[:8], "hall": hall[:8], "since": since[:10], "until": until[:10]}
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    try:
        filters = _filters(**form)
    except ValueError as exc:
        filters, err = review.Filters(), str(exc)
    found = review.search(session=session, filters=filters, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    pages = max(1, -(-found.total // PER_PAGE))
    query = {k: v for k, v in form.items() if v}

    def page_link(n: int) -> str:
        return "/staff/applications?" + urlencode({**query, "page": n})

    return templates.render(request, "applications/list.html", user, msg=msg[:200], err=err[:300], form=form,
                            rows=found.rows, total=found.total, page=number, pages=pages, page_link=page_link,
                            statuses=STATUS_LABELS, halls=review.halls(session=session),
                            years=review.years(session=session))


@router.get("/staff/applications/registry", response_class=HTMLResponse)
def registry_page(request: Request, session: SessionDep, user: Reviewer, ubn: str = "", msg: str = "",
                  err: str = "") -> Response:
    """The registry of funded companies and the CSV import form."""
    rows = registry.list_funded(session=session, ubn=ubn.strip()[:8] or None, limit=200, offset=0)
    return templates.render(request, "applications/registry.html", user, msg=msg[:200], err=err[:300], rows=rows,
                            ubn=ubn[:8], report=None)


@router.post("/staff/applications/registry", response_class=HTMLResponse)
@body_limit(MAX_CSV_BYTES + 100_000)
async def registry_import(request: Request, user: Reviewer, resources: ResourcesDep,
                          file: Annotated[UploadFile | None, File()] = None,
                          dry_run: Annotated[str, Form(max_length=8)] = "",
                          _: StaffUser = CsrfChecked) -> Response:
    """Import a CSV of funded companies; every bad line is listed with its number and problems."""
    data = await file.read(MAX_CSV_BYTES + 1) if file is not None else b""
    if not data:
        return back("/staff/applications/registry", error=msg.NO_FILE)
    if len(data) > MAX_CSV_BYTES:
        return back("/staff/applications/registry", error=msg.FILE_TOO_LARGE)
    name = (file.filename or "upload.csv") if file is not None else ""

    def work() -> tuple[registry.ImportReport | None, str, list[object]]:
        with Session(resources.db) as session:
            try:
                text = registry.decode_csv(data)
                report = review.import_registry(session=session, text=text, rules=resources.rules,
                                                actor=user.username, role=user.role, dry_run=bool(dry_run),
                                                filename=name)
            except DomainError as exc:
                return None, exc.zh, list(registry.list_funded(session=session, ubn=None, limit=200, offset=0))
            return report, "", list(registry.list_funded(session=session, ubn=None, limit=200, offset=0))

    report, error, rows = await run_in_threadpool(work)
    notice = ""
    if report is not None:
        summary = msg.previewed if report.dry_run else msg.imported
        notice = summary(report.added, report.duplicates, len(report.errors))
    return templates.render(request, "applications/registry.html", user, msg=notice, err=error, rows=rows, ubn="",
                            report=report, status_code=200 if report is not None else 400)


@router.get("/staff/applications/{reference}", response_class=HTMLResponse)
def application_page(reference: str, request: Request, session: SessionDep, user: Reviewer, msg: str = "",
                     err: str = "") -> Response:
    """One application: the eligibility report clause by clause, flags, the audit trail, the decision."""
    try:
        app = lifecycle.get_application(session=session, reference=reference[:30])
    except DomainError as exc:
        return templates.render(request, "staff/problem.html", user, status_code=404, title="找不到申請",
                                message=exc.zh)
    return templates.render(request, "applications/detail.html", user, msg=msg[:200], err=err[:300], app=app,
                            audit=lifecycle.audit_of(session=session, app=app),
                            funded=registry.list_funded(session=session, ubn=app.ubn, limit=50, offset=0),
                            allowed=_allowed(app))


def _allowed(app: PointsApplication) -> set[str]:
    """The decisions the state machine allows from the application's status."""
    return {d for d, to in review.DECISIONS.items() if to in TRANSITIONS.get(app.status, set())}


@router.post("/staff/applications/{reference}/decision")
def decision(reference: str, session: SessionDep, user: Reviewer,
             action: Annotated[str, Form(max_length=16)] = "",
             reason: Annotated[str, Form(max_length=2000)] = "",
             points: Annotated[str, Form(max_length=20)] = "",
             _: StaffUser = CsrfChecked) -> Response:
    """Start the review, approve or reject (the applicant is told on their channel, with the reason)."""
    path = f"/staff/applications/{quote(reference[:30].strip().upper())}"
    if action not in review.DECISIONS:
        return back(path, error=msg.UNKNOWN_DECISION)
    given = points.strip().replace(",", "")
    if given and not given.isdigit():
        return back(path, error=msg.BAD_POINTS)
    try:
        app = review.decide(session=session, reference=reference[:30], decision=action, reason=reason,
                            points=int(given) if given else None, actor=user.username, role=user.role)
    except DomainError as exc:
        return back(path, error=exc.zh)
    return back(f"/staff/applications/{quote(app.reference)}", message=msg.decided(app.reference, action))
