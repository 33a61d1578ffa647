"""Upgrading a database that has confirmations from before contacts on file: each company's earliest
confirmed address goes on file, the old ones are marked first contacts (their codes all went to the
form's address), and requests still pending (hashed without a key) lapse instead of refusing the
right code."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from alembic import command
from sqlalchemy import text
from sqlmodel import Session, select

from api.db import make_engine
from api.identity.tables import CompanyContact, PendingConfirmation
from api.migrate import _config, upgrade

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=UTC)


def test_contacts_on_file_come_from_the_earliest_confirmed_request(fresh_database_url: str) -> None:
    engine = make_engine(fresh_database_url)
    try:
        command.upgrade(_config(engine), "0018_identity")
        rows = [("t1", "12345675", "first@example.com", "confirmed", NOW - timedelta(days=9)),
                ("t2", "12345675", "later@example.com", "confirmed", NOW - timedelta(days=2)),
                ("t3", "12345675", "waiting@example.com", "pending", None)]
        with engine.begin() as conn:
            for token, tax_id, email, status, confirmed_at in rows:
                conn.execute(text(
                    "INSERT INTO identity_confirmation (token, kind, tax_id, email, code_hash, payload, channel, "
                    "user_id, status, attempts, reference, created_at, expires_at, confirmed_at) VALUES (:token, "
                    "'application', :tax_id, :email, 'x', '{\"values\": {\"phone\": \"0912345678\"}}', 'web', 'u', "
                    ":status, 0, '', :created, :expires, :confirmed)"),
                    {"token": token, "tax_id": tax_id, "email": email, "status": status, "created": NOW,
                     "expires": datetime.now(UTC) + timedelta(minutes=20), "confirmed": confirmed_at})
        upgrade(engine)
        with Session(engine) as session:
            contact = session.get(CompanyContact, "12345675")
            assert contact is not None and (contact.email, contact.source) == ("first@example.com", "application")
            found = {r.token: r for r in session.exec(select(PendingConfirmation)).all()}
    finally:
        engine.dispose()
    assert all(r.first_contact and r.sent_to == r.email for r in found.values())
    assert found["t1"].payload == {} and found["t3"].payload, "confirmed ones drop their copy of the form"
    assert found["t3"].expires_at <= datetime.now(UTC), "a request hashed the old way lapses"
