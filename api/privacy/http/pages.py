"""/staff/privacy (admin): look a chat user up by channel and user id, or by 統一編號 or reference;
export their data as JSON; erase it. Each export and erasure is in the staff audit and the privacy
audit (by pseudonym)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, Response

from api.deps import SessionDep, SettingsDep
from api.errors import DomainError, InvalidInput
from api.exchanges import hash_user
from api.privacy import messages as msg
from api.privacy.http.routes import download
from api.privacy.services import personal_data
from api.staff.http.auth import CsrfChecked, StaffUser, require
from api.staff.http.pages import back
from api.staff.http.templating import StaffTemplates
from api.staff.rules import roles
from api.staff.services import audit

router = APIRouter(include_in_schema=False)
templates = StaffTemplates(Path(__file__).parents[1] / "templates")
templates.templates.env.globals["KINDS"] = msg.KINDS
Admin = Annotated[StaffUser, Depends(require(roles.PRIVACY))]
HOME = "/staff/privacy"
Field = Annotated[str, Form(max_length=200)]


@router.get(HOME, response_class=HTMLResponse)
def privacy(request: Request, session: SessionDep, settings: SettingsDep, user: Admin, channel: str = "",
            user_id: str = "", key: str = "", msg: str = "", err: str = "") -> Response:
    """Look up a chat user's data (what is kept, by kind) to export or erase it."""
    found: list[tuple[personal_data.Subject, dict[str, int], str]] = []
    error = err[:300]
    if channel or user_id or key:
        try:
            salt = settings.user_hash_salt.get_secret_value()
            for who in personal_data.find_subjects(session=session, channel=channel, user_id=user_id[:128],
                                                   key=key[:40]):
                counts = personal_data.counts_of(personal_data.collect(session=session, salt=salt, who=who))
                found.append((who, counts, hash_user(salt=salt, channel=who.channel, user_id=who.user_id)))
        except DomainError as exc:
            error = exc.zh
    return templates.render(request, "privacy/index.html", user, msg=msg[:200], err=error, found=found,
                            channel=channel[:16], user_id=user_id[:128], key=key[:40], searched=bool(
                                channel or user_id or key))


@router.get(HOME + "/export")
def export(session: SessionDep, settings: SettingsDep, user: Admin, channel: str = "", user_id: str = "") -> Response:
    """The user's data as a JSON file (audited)."""
    try:
        who = personal_data.subject(channel, user_id[:128])
    except DomainError as exc:
        return back(HOME, error=exc.zh)
    salt = settings.user_hash_salt.get_secret_value()
    audit.record(session, actor=user.username, role=user.role, action="privacy.export",
                 target=f"{who.channel}:{hash_user(salt=salt, channel=who.channel, user_id=who.user_id)}")
    data = personal_data.export(session=session, salt=salt, who=who, requested_by=f"staff:{user.username}")
    return download(data, f"personal-data-{who.channel}")


@router.post(HOME + "/erase")
def erase(session: SessionDep, settings: SettingsDep, user: Admin, channel: Field = "", user_id: Field = "",
          confirm: Field = "", _: StaffUser = CsrfChecked) -> Response:
    """Erase the user's personal data (audited); bookings and applications are pseudonymised."""
    try:
        who = personal_data.subject(channel, user_id)
        if confirm != "yes":
            raise InvalidInput(*msg.CONFIRM_MISSING)
    except DomainError as exc:
        return back(HOME, error=exc.zh)
    salt = settings.user_hash_salt.get_secret_value()
    counts = personal_data.erase_pending(session=session, salt=salt, who=who, requested_by=f"staff:{user.username}")
    audit.record(session, actor=user.username, role=user.role, action="privacy.erase",
                 target=f"{who.channel}:{hash_user(salt=salt, channel=who.channel, user_id=who.user_id)}",
                 detail=counts)
    session.commit()
    return back(HOME, message=msg.staff_erased(counts))
