"""Who is signed in to the staff console, what they may do, and the CSRF check on every form.

Pages depend on `require(capability)`, which gives a `StaffUser`:

    @router.get("/staff/things", response_class=HTMLResponse)
    def things(request: Request, user: Annotated[StaffUser, Depends(require(roles.KNOWLEDGE))]) -> Response:
        return render(request, "things.html", user, things=...)

State-changing routes also depend on `CsrfChecked` (a form without the session's token is refused
with 403). Not signed in: a page redirects to /staff/login (an htmx request gets HX-Redirect);
a wrong role: a 403 page that says which roles may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from api import csrf
from api.deps import SessionDep
from api.experts.services.accounts import account_for_token
from api.staff.rules import roles

COOKIE = "tcloud_staff"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class StaffUser:
    account_id: int
    username: str
    name: str
    role: str
    token: str

    @property
    def csrf_token(self) -> str:
        return csrf.token_for(self.token)

    def may(self, capability: str) -> bool:
        return roles.may(self.role, capability)


class SignInRequired(Exception):
    """Raised by page dependencies; answered with a redirect to the sign-in page."""


class WrongRole(Exception):
    def __init__(self, capability: str) -> None:
        super().__init__(capability)
        self.capability = capability


class CsrfRefused(Exception):
    """A state-changing request without the session's CSRF token."""


def staff_user(request: Request, session: SessionDep) -> StaffUser:
    token = request.cookies.get(COOKIE, "")
    account = account_for_token(session=session, token=token)
    if account is None or not roles.is_staff(account.role):
        raise SignInRequired()
    role = roles.ADMIN if account.role == roles.LEGACY_STAFF else account.role
    return StaffUser(account_id=account.id or 0, username=account.username,
                     name=account.display_name or account.username, role=role, token=token)


CurrentStaffUser = Annotated[StaffUser, Depends(staff_user)]


def require(capability: str):  # type: ignore[no-untyped-def]
    """A dependency: the signed-in staff member, who must have a role allowed `capability`."""

    def dependency(user: CurrentStaffUser) -> StaffUser:
        if not user.may(capability):
            raise WrongRole(capability)
        return user

    return dependency


async def check_csrf(request: Request, user: CurrentStaffUser) -> StaffUser:
    if request.method not in SAFE_METHODS and not csrf.is_valid(user.token, await csrf.submitted_token(request)):
        raise CsrfRefused()
    return user


CsrfChecked = Depends(check_csrf)
