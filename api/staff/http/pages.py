"""The staff console's own pages: sign-in, sign-out, accounts and the audit trail (the landing page,
/staff, is the dashboard feature's).

Every action is a form post answered by a redirect (a reload never repeats it)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from api.deps import ClientAddress, LockoutDep, SessionDep, SettingsDep
from api.errors import DomainError, TooManyRequests
from api.experts.services.accounts import sign_out
from api.staff.http.auth import COOKIE, CsrfChecked, StaffUser, require
from api.staff.http.templating import templates
from api.staff.rules import roles
from api.staff.services import accounts, audit

router = APIRouter(include_in_schema=False)


def _safe_next(target: str) -> str:
    """Only a path inside the staff console (never another site) after signing in."""
    return target if target.startswith("/staff") and not target.startswith("//") else "/staff"


def back(path: str, message: str = "", error: str = "") -> RedirectResponse:
    """Redirect to a staff page with a notice (`msg`) or an error (`err`)."""
    query = f"?msg={quote(message)}" if message else f"?err={quote(error)}" if error else ""
    return RedirectResponse(f"{path}{query}", status_code=303)


@router.get("/staff/login", response_class=HTMLResponse)
def login_page(request: Request, next: str = "/staff") -> Response:
    return templates.render(request, "staff/login.html", None, error="", next=_safe_next(next[:200]))


@router.post("/staff/login", response_class=HTMLResponse)
def login_form(request: Request, session: SessionDep, settings: SettingsDep, lockout: LockoutDep,
               address: ClientAddress, username: Annotated[str, Form(max_length=60)],
               password: Annotated[str, Form(max_length=200)],
               next: Annotated[str, Form(max_length=200)] = "/staff") -> Response:
    try:
        token, _, expires = accounts.sign_in(session=session, username=username, password=password,
                                             hours=settings.staff_session_hours, lockout=lockout, address=address)
    except TooManyRequests as exc:
        locked = templates.render(request, "staff/login.html", None, error=exc.zh, next=_safe_next(next),
                                  status_code=429)
        locked.headers["Retry-After"] = str(exc.retry_after)
        return locked
    except DomainError as exc:
        return templates.render(request, "staff/login.html", None, error=exc.zh, next=_safe_next(next),
                                status_code=401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(COOKIE, token, max_age=int((expires - datetime.now(UTC)).total_seconds()), httponly=True,
                        samesite="strict", secure=settings.public_base_url.startswith("https"), path="/")
    return response


@router.post("/staff/logout")
def logout(request: Request, session: SessionDep,
           user: Annotated[StaffUser, CsrfChecked]) -> Response:
    sign_out(session=session, token=user.token)
    response = RedirectResponse("/staff/login", status_code=303)
    response.delete_cookie(COOKIE, path="/")
    return response


@router.get("/staff/accounts", response_class=HTMLResponse)
def accounts_page(request: Request, session: SessionDep,
                  user: Annotated[StaffUser, Depends(require(roles.ACCOUNTS))],
                  msg: str = "", err: str = "") -> Response:
    return templates.render(request, "staff/accounts.html", user, msg=msg[:200], err=err[:300],
                            accounts=accounts.staff_accounts(session=session),
                            actions=audit.recent(session=session, limit=200))


@router.post("/staff/accounts")
def create_account(session: SessionDep, user: Annotated[StaffUser, Depends(require(roles.ACCOUNTS))],
                   username: Annotated[str, Form(min_length=1, max_length=60)],
                   password: Annotated[str, Form(max_length=200)], role: Annotated[str, Form(max_length=8)],
                   display_name: Annotated[str, Form(max_length=60)] = "", _: StaffUser = CsrfChecked) -> Response:
    try:
        account = accounts.create_staff(session=session, username=username, password=password, role=role,
                                        display_name=display_name, by=user.username, by_role=user.role)
    except DomainError as exc:
        return back("/staff/accounts", error=exc.zh)
    return back("/staff/accounts", message=f"已建立帳號 {account.username}（{roles.ROLE_LABELS[role]}）。")
