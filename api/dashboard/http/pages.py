"""The dashboard (/staff), its figures as JSON for the page script, and the CSV exports."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse
from sqlmodel import Session

from api.dashboard import messages as msg
from api.dashboard.http.figures import dashboard_figures
from api.dashboard.rules.csv_cells import row
from api.dashboard.rules.period import CHANNELS, PRESETS, Period, parse_period, preset_of
from api.dashboard.services.exports import EXPORTS
from api.deps import ResourcesDep, SessionDep, SettingsDep
from api.errors import DomainError, NotFound
from api.staff.http.auth import StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import TEMPLATES_DIR, StaffTemplates
from api.staff.rules import roles
from api.staff.services import audit
from knowledge.programme import taipei_today

TEMPLATES = StaffTemplates(TEMPLATES_DIR.parents[1] / "dashboard" / "templates")
router = APIRouter(include_in_schema=False)

_Text = Annotated[str, Query(max_length=20)]
Dashboard = Annotated[StaffUser, Depends(require(roles.DASHBOARD))]
Exporter = Annotated[StaffUser, Depends(require(roles.EXPORT))]


def _period(first: str, last: str, days: str, channel: str) -> Period:
    return parse_period(first=first, last=last, days=days, channel=channel, today=taipei_today())


@router.get("/staff", response_class=HTMLResponse)
def dashboard(request: Request, session: SessionDep, settings: SettingsDep, user: Dashboard,
              first: Annotated[str, Query(alias="from", max_length=20)] = "",
              last: Annotated[str, Query(alias="to", max_length=20)] = "", days: _Text = "",
              channel: _Text = "", msg_: Annotated[str, Query(alias="msg", max_length=200)] = "",
              err: Annotated[str, Query(max_length=300)] = "") -> Response:
    """The dashboard: charts over the chosen period and channel, each with its numbers as a table."""
    today = taipei_today()
    try:
        period = _period(first, last, days, channel)
    except DomainError as exc:
        period, err = parse_period(today=today), exc.zh
    figures = dashboard_figures(session=session, period=period, salt=settings.user_hash_salt.get_secret_value())
    query = period.query()
    return TEMPLATES.render(
        request, "dashboard.html", user, msg=msg_, err=err, figures=figures, period=period, query=query,
        presets=PRESETS, preset=preset_of(period, today), channels=[(c, msg.CHANNEL_LABELS[c]) for c in CHANNELS],
        exports=list(msg.EXPORT_LABELS.items()) if user.may(roles.EXPORT) else [])


@router.get("/staff/dashboard/figures")
def figures(session: SessionDep, settings: SettingsDep, _: Dashboard,
            first: Annotated[str, Query(alias="from", max_length=20)] = "",
            last: Annotated[str, Query(alias="to", max_length=20)] = "", days: _Text = "",
            channel: _Text = "") -> dict[str, object]:
    """The dashboard's figures (JSON) for the page script's charts."""
    period = _period(first, last, days, channel)
    return dashboard_figures(session=session, period=period, salt=settings.user_hash_salt.get_secret_value())


@router.get("/staff/export/{kind}.csv")
def export(kind: Annotated[str, Path(max_length=20)], session: SessionDep, resources: ResourcesDep,
           user: Exporter, first: Annotated[str, Query(alias="from", max_length=20)] = "",
           last: Annotated[str, Query(alias="to", max_length=20)] = "", days: _Text = "",
           channel: _Text = "") -> Response:
    """One table over the period as CSV (UTF-8 with BOM for Excel), streamed; the export is audited."""
    if kind not in EXPORTS:
        raise NotFound(*msg.UNKNOWN_EXPORT)
    try:
        period = _period(first, last, days, channel)
    except DomainError as exc:
        return back("/staff", error=exc.zh)
    audit.record(session, actor=user.username, role=user.role, action=f"export.{kind}", target=kind,
                 detail=period.query())
    session.commit()
    columns, rows = EXPORTS[kind]
    salt = resources.settings.user_hash_salt.get_secret_value()

    def stream() -> Iterator[bytes]:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        buffer.write("\ufeff")
        writer.writerow(columns)
        with Session(resources.db) as reading:  # its own session: the request's closes before the body streams
            for n, values in enumerate(rows(session=reading, period=period, salt=salt), 1):
                writer.writerow(row(values))
                if n % 200 == 0:
                    yield buffer.getvalue().encode()
                    buffer.seek(0)
                    buffer.truncate()
        yield buffer.getvalue().encode()

    name = f"tcloud-{kind}-{period.first:%Y%m%d}-{period.last:%Y%m%d}-{period.channel}.csv"
    return StreamingResponse(stream(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": f'attachment; filename="{name}"'})
