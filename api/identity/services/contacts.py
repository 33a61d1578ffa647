"""The companies' contacts on file: learnt from a company's first confirmed booking or application,
or maintained by staff (one transaction each where a service commits; the confirmation's own
transaction otherwise)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from api.errors import InvalidInput, NotFound
from api.identity import messages as msg
from api.identity.rules.contacts import same_address
from api.identity.tables import STAFF, CompanyContact, PendingConfirmation
from bot.flows import validators
from bot.flows.spec import Valid


def on_file(session: Session, tax_id: str) -> CompanyContact | None:
    return session.get(CompanyContact, tax_id)


def learn(session: Session, *, tax_id: str, email: str, source: str, now: datetime) -> None:
    """Put `email` on file for a company that has nothing on file (a first contact just confirmed);
    a contact that is on file already, or arrives meanwhile from another confirmation, stays."""
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(insert(CompanyContact).values(
        tax_id=tax_id, email=email, source=source, updated_by="", created_at=now, last_confirmed_at=now)
        .on_conflict_do_nothing(index_elements=["tax_id"]))


def confirmed_through(session: Session, *, tax_id: str, email: str, now: datetime) -> None:
    """A code sent to the contact on file was entered: it is in use (the retention keeps it)."""
    contact = on_file(session, tax_id)
    if contact is not None and same_address(contact.email, email):
        contact.last_confirmed_at = now
        session.add(contact)


def _checked(tax_id: str, email: str | None = None) -> tuple[str, str]:
    checked_id = validators.tax_id(tax_id)
    if not isinstance(checked_id, Valid):
        raise InvalidInput(*msg.TAX_ID_INVALID, [{"field": "tax_id", "problem": "invalid"}])
    address = ""
    if email is not None:
        checked_email = validators.email(email)
        if not isinstance(checked_email, Valid):
            raise InvalidInput(*msg.EMAIL_INVALID, [{"field": "email", "problem": "invalid"}])
        address = checked_email.value
    return checked_id.value, address


def set_by_staff(session: Session, *, tax_id: str, email: str, staff: str, now: datetime) -> CompanyContact:
    """Staff put (or replace) a company's contact: its codes go there from now on. The caller
    commits (with the staff audit entry)."""
    tax_id, email = _checked(tax_id, email)
    contact = on_file(session, tax_id) or CompanyContact(tax_id=tax_id, email=email, source=STAFF, created_at=now)
    contact.email, contact.source, contact.updated_by, contact.last_confirmed_at = email, STAFF, staff[:60], now
    session.add(contact)
    return contact


def remove(session: Session, *, tax_id: str) -> None:
    """Staff remove a company's contact (the next confirmation is a first contact again). The caller commits."""
    tax_id, _ = _checked(tax_id)
    contact = on_file(session, tax_id)
    if contact is None:
        raise NotFound(*msg.NO_CONTACT)
    session.delete(contact)


def lookup(session: Session, tax_id: str) -> CompanyContact | None:
    return on_file(session, _checked(tax_id)[0])


def confirmations(session: Session, *, tax_id: str = "", first_contact_only: bool = False,
                  limit: int = 100) -> list[PendingConfirmation]:
    """The newest confirmations (for staff), optionally of one company or first contacts only."""
    query = select(PendingConfirmation)
    if tax_id:
        query = query.where(PendingConfirmation.tax_id == _checked(tax_id)[0])
    if first_contact_only:
        query = query.where(col(PendingConfirmation.first_contact).is_(True))
    return list(session.exec(query.order_by(col(PendingConfirmation.id).desc()).limit(limit)).all())
