"""Staff accounts: console accounts with a staff role (admin, reviewer, editor)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, col, select

from api.abuse.lockout import Lockout
from api.errors import InvalidInput
from api.experts.console_tables import ConsoleAccount
from api.experts.services import accounts as console_accounts
from api.staff import messages as msg
from api.staff.rules.roles import LEGACY_STAFF, STAFF_ROLES, is_staff
from api.staff.services import audit

MIN_PASSWORD = 10


def create_staff(*, session: Session, username: str, password: str, role: str, display_name: str = "",
                 by: str = "cli", by_role: str = "") -> ConsoleAccount:
    if role not in STAFF_ROLES:
        raise InvalidInput(*msg.UNKNOWN_ROLE)
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(*msg.PASSWORD_TOO_SHORT)
    account = console_accounts.create_account(session=session, username=username, password=password, role=role,
                                              display_name=display_name)
    audit.record(session, actor=by, role=by_role, action="account.create", target=account.username,
                 detail={"role": role})
    session.commit()
    session.refresh(account)
    return account


def sign_in(*, session: Session, username: str, password: str, hours: float, lockout: Lockout | None = None,
            address: str = "") -> tuple[str, ConsoleAccount, datetime]:
    """A staff session; an expert's credentials are refused here the same way as wrong ones,
    except that the message points the expert to the experts' console. Too many wrong tries lock
    the account (and the address) for a growing while, as on the experts' console."""
    token, account, expires = console_accounts.sign_in(session=session, username=username, password=password,
                                                       hours=hours, lockout=lockout, address=address)
    if not is_staff(account.role):
        console_accounts.sign_out(session=session, token=token)
        raise InvalidInput(*msg.EXPERT_ACCOUNT)
    audit.record(session, actor=account.username, role=account.role, action="sign_in")
    session.commit()
    session.refresh(account)
    return token, account, expires


def staff_accounts(*, session: Session) -> list[ConsoleAccount]:
    roles = (*STAFF_ROLES, LEGACY_STAFF)
    return list(session.exec(select(ConsoleAccount).where(col(ConsoleAccount.role).in_(roles))
                             .order_by(col(ConsoleAccount.id))).all())
