"""/staff/identity (admins and reviewers): the confirmations behind bookings and applications, first
contacts marked (the code went to the form's address because nothing was on file), and a company's
contact on file, which staff may set, replace or remove (each change in the staff audit)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlmodel import Session

from api.deps import SessionDep
from api.errors import DomainError
from api.identity import messages as msg
from api.identity.rules.codes import expired
from api.identity.services import contacts
from api.identity.tables import CONFIRMED, PendingConfirmation
from api.models import utcnow
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles
from api.staff.services import audit

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
templates.templates.env.globals.update(SOURCES=msg.SOURCES, WHAT={k: v[0] for k, v in msg.WHAT.items()})
Reviewer = Annotated[StaffUser, Depends(require(roles.IDENTITY))]
HOME = "/staff/identity"
Field = Annotated[str, Form(max_length=200)]


def status_label(row: PendingConfirmation) -> str:
    if row.status == CONFIRMED:
        return "已確認"
    return "已過期" if expired(row.expires_at, utcnow()) else "待確認"


def _back(tax_id: str, *, message: str = "", error: str = "") -> Response:
    """Back to the page (on the company, when the number is one), with a notice or an error."""
    query = {"tax_id": tax_id} if tax_id.isdigit() and len(tax_id) == 8 else {}
    query |= {"msg": message} if message else {"err": error} if error else {}
    return RedirectResponse(f"{HOME}?{urlencode(query)}" if query else HOME, status_code=303)


@router.get(HOME, response_class=HTMLResponse)
def identity_page(request: Request, session: SessionDep, user: Reviewer, tax_id: str = "", first: str = "",
                  msg: str = "", err: str = "") -> Response:
    """Confirmations (first contacts marked) and, for one 統一編號, its contact on file."""
    tax_id, error, contact, looked_up = tax_id.strip()[:8], err[:300], None, False
    try:
        if tax_id:
            contact, looked_up = contacts.lookup(session, tax_id), True
        rows = contacts.confirmations(session, tax_id=tax_id, first_contact_only=bool(first))
    except DomainError as exc:
        error, rows = exc.zh, contacts.confirmations(session, first_contact_only=bool(first))
        looked_up = False
    return templates.render(request, "identity/index.html", user, msg=msg[:300], err=error, tax_id=tax_id,
                            first=bool(first), contact=contact, looked_up=looked_up,
                            rows=[(row, status_label(row)) for row in rows])


def _change(session: Session, user: StaffUser, action: str, tax_id: str, done: str) -> Response:
    audit.record(session, actor=user.username, role=user.role, action=action, target=f"company:{tax_id}")
    session.commit()
    return _back(tax_id, message=done)


@router.post(HOME + "/contact")
def set_contact(session: SessionDep, user: Reviewer, tax_id: Field = "", email: Field = "",
                _: StaffUser = CsrfChecked) -> Response:
    """Put or replace a company's contact on file: its codes go there from now on (audited)."""
    try:
        contact = contacts.set_by_staff(session, tax_id=tax_id.strip(), email=email, staff=user.username,
                                        now=utcnow())
    except DomainError as exc:
        return _back(tax_id.strip(), error=exc.zh)
    return _change(session, user, "identity.contact_set", contact.tax_id,
                   msg.contact_set(contact.tax_id, contact.email))


@router.post(HOME + "/contact/remove")
def remove_contact(session: SessionDep, user: Reviewer, tax_id: Field = "", _: StaffUser = CsrfChecked) -> Response:
    """Remove a company's contact on file: its next confirmation is a first contact (audited)."""
    tax_id = tax_id.strip()
    try:
        contacts.remove(session, tax_id=tax_id)
    except DomainError as exc:
        return _back(tax_id, error=exc.zh)
    return _change(session, user, "identity.contact_removed", tax_id, msg.contact_removed(tax_id))
