"""The staff console's bookings page: every expert's bookings, by expert, status and date range."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep
from api.experts import messages as msg
from api.experts.rules.labels import STATUS, mode_label, span_label, status_label
from api.experts.services import directory
from api.experts.services.briefs import all_bookings
from api.staff.http.auth import StaffUser, require
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles
from knowledge.programme import TAIPEI

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
templates.templates.env.globals.update(span_label=span_label, status_label=status_label, mode_label=mode_label)
PER_PAGE = 50


def _day(text: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(msg.BAD_DATE_FILTER) from None


def _start(day: date | None) -> datetime | None:
    return datetime.combine(day, time(), tzinfo=TAIPEI) if day else None


@router.get("/staff/bookings", response_class=HTMLResponse)
def bookings(request: Request, session: SessionDep, user: Annotated[StaffUser, Depends(require(roles.BOOKINGS))],
             expert: str = "", status: str = "", since: str = "", until: str = "", page: str = "1") -> Response:
    """Bookings across experts, latest slot first, filtered by expert, status and the slot's date."""
    form = {"expert": expert[:10], "status": status[:16], "since": since[:10], "until": until[:10]}
    number = int(page) if page.isdigit() and 0 < int(page) < 100_000 else 1
    err = ""
    try:
        first, last = _day(form["since"]), _day(form["until"])
        if first and last and first > last:
            raise ValueError(msg.DATES_REVERSED)
    except ValueError as exc:
        first = last = None
        err = str(exc)
    expert_id = int(form["expert"]) if form["expert"].isdigit() and int(form["expert"]) < 2**31 else None
    rows = all_bookings(session=session, status=form["status"] if form["status"] in STATUS else None,
                        expert_id=expert_id, since=_start(first),
                        until=_start(last + timedelta(days=1)) if last else None,
                        limit=PER_PAGE + 1, offset=(number - 1) * PER_PAGE)
    query = {k: v for k, v in form.items() if v}
    return templates.render(request, "staff_pages/bookings.html", user, err=err, form=form, rows=rows[:PER_PAGE],
                            more=len(rows) > PER_PAGE, page=number, experts=directory.list_experts(session=session),
                            statuses=STATUS, page_link=lambda n: "/staff/bookings?" + urlencode({**query, "page": n}))
