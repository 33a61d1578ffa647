"""The retention purge covers every table with personal data, each by its own setting: the handoff
inbox, call-back requests, outbox messages once final, confirmations (and lapsed requests), company
contacts learnt from them, LINE dead letters with the message they held. What is younger than its
setting, still queued, or maintained by staff stays."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.handoff.tables import HandoffConversation, HandoffMessage
from api.identity.tables import CONFIRMED, PENDING, STAFF, CompanyContact, PendingConfirmation
from api.line.tables import DEAD, LineDeadLetter, LineEvent
from api.models import ContactRequest, utcnow
from api.outbox.tables import QUEUED, SENT, OutboxMessage
from api.privacy.jobs import retention_of
from api.privacy.services.retention import purge
from api.settings import Settings
from tests.api.experts.chat import random_tax_id

DEFAULTS = Settings(_env_file=None)  # type: ignore[call-arg]


def ago(now: datetime, days: float, hours: float = 0) -> datetime:
    return now - timedelta(days=days, hours=hours)


def test_the_defaults_keep_each_kind_for_its_documented_time() -> None:
    kept = retention_of(DEFAULTS)
    assert (kept.handoff_days, kept.contact_days, kept.outbox_days) == (365, 180, 90)
    assert (kept.identity_days, kept.company_contact_days, kept.line_dead_letter_days) == (365, 730, 90)
    custom = retention_of(Settings(_env_file=None, contact_retention_days=7, outbox_retention_days=3))  # type: ignore[call-arg]
    assert (custom.contact_days, custom.outbox_days) == (7, 3)


def test_the_purge_covers_every_table_with_personal_data(client: TestClient) -> None:
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    settings = client.app.state.resources.settings  # type: ignore[attr-defined]
    now, tag = utcnow(), uuid.uuid4().hex[:8]
    old_tax, new_tax, staff_tax = random_tax_id(), random_tax_id(), random_tax_id()

    def conversation(name: str, last: datetime) -> HandoffConversation:
        return HandoffConversation(channel="web", user_id=f"{tag}-{name}", user_hash=f"{tag}-{name}", topic="想找人",
                                   note="請回電 0912345678", opened_at=last, last_user_at=last)

    def outbox(name: str, status: str, written: datetime) -> OutboxMessage:
        return OutboxMessage(key=f"{tag}:{name}", recipient="sme", channel="email", address=f"{name}@example.com",
                             kind="confirmed", text="陳美玲您好", status=status, created_at=written)

    def confirmation(name: str, status: str, created: datetime, expires: datetime) -> PendingConfirmation:
        return PendingConfirmation(token=f"{tag}-{name}", kind="booking", tax_id="12345675",
                                   email=f"{name}@example.com", code_hash="x", channel="web", user_id=name,
                                   status=status, created_at=created, expires_at=expires)

    def dead_letter(name: str, received: datetime) -> LineEvent:
        return LineEvent(webhook_event_id=f"{tag}-{name}", event_type="message", source_key=f"user:U{tag}{name}",
                         event_ts=0, received_at=received, body={"message": {"text": "我的電話 0912345678"}},
                         status=DEAD, retry_key=str(uuid.uuid4()), finished_at=received)

    with Session(db) as session:
        idle, active = conversation("idle", ago(now, 366)), conversation("active", ago(now, 1))
        session.add_all([idle, active])
        session.flush()
        session.add_all([
            HandoffMessage(conversation_id=idle.id, author="staff", text="好的", key=f"{tag}-1",
                           created_at=ago(now, 366)),
            HandoffMessage(conversation_id=active.id, author="staff", text="去年的回覆", key=f"{tag}-2",
                           created_at=ago(now, 366)),
            HandoffMessage(conversation_id=active.id, author="staff", text="昨天的回覆", key=f"{tag}-3",
                           created_at=ago(now, 1)),
            ContactRequest(channel="web", user_id=f"{tag}-old", name="陳美玲", phone="0912345678", topic="points",
                           created_at=ago(now, 181)),
            ContactRequest(channel="web", user_id=f"{tag}-new", name="陳美玲", phone="0912345678", topic="points",
                           created_at=ago(now, 179)),
            outbox("old-sent", SENT, ago(now, 91)), outbox("old-queued", QUEUED, ago(now, 91)),
            outbox("new-sent", SENT, ago(now, 89)),
            confirmation("old-confirmed", CONFIRMED, ago(now, 366), ago(now, 366)),
            confirmation("new-confirmed", CONFIRMED, ago(now, 364), ago(now, 364)),
            confirmation("lapsed", PENDING, ago(now, 2), ago(now, 1, hours=1)),
            confirmation("just-lapsed", PENDING, ago(now, 0, hours=2), ago(now, 0, hours=1)),
            CompanyContact(tax_id=old_tax, email=f"{tag}-old@example.com", source="booking",
                           last_confirmed_at=ago(now, 731)),
            CompanyContact(tax_id=new_tax, email=f"{tag}-new@example.com", source="application",
                           last_confirmed_at=ago(now, 729)),
            CompanyContact(tax_id=staff_tax, email=f"{tag}-staff@example.com", source=STAFF,
                           last_confirmed_at=ago(now, 1000)),
        ])
        old_event, new_event = dead_letter("old", ago(now, 91)), dead_letter("new", ago(now, 89))
        session.add_all([old_event, new_event])
        session.flush()
        session.add_all([LineDeadLetter(event_id=old_event.id, reason="exhausted", created_at=ago(now, 91)),
                         LineDeadLetter(event_id=new_event.id, reason="exhausted", created_at=ago(now, 89))])
        session.commit()
        old_id, new_id = old_event.id, new_event.id

        counts = purge(session=session, retention=retention_of(settings), now=now)

        def left(column: object, *values: str) -> set[str]:
            return set(session.exec(select(column).where(col(column).in_(values))).all())  # type: ignore[call-overload]

        users = left(HandoffConversation.user_id, f"{tag}-idle", f"{tag}-active")
        replies = set(session.exec(select(HandoffMessage.text).where(
            col(HandoffMessage.key).in_([f"{tag}-1", f"{tag}-2", f"{tag}-3"]))).all())
        callers = left(ContactRequest.user_id, f"{tag}-old", f"{tag}-new")
        messages = left(OutboxMessage.key, *(f"{tag}:{n}" for n in ("old-sent", "old-queued",
                                                                                   "new-sent")))
        tokens = left(PendingConfirmation.token,
                      *(f"{tag}-{n}" for n in ("old-confirmed", "new-confirmed", "lapsed", "just-lapsed")))
        companies = left(CompanyContact.tax_id, old_tax, new_tax, staff_tax)
        events = left(LineEvent.webhook_event_id, f"{tag}-old", f"{tag}-new")
        letters = set(session.exec(select(LineDeadLetter.event_id).where(
            col(LineDeadLetter.event_id).in_([old_id, new_id]))).all())

    assert users == {f"{tag}-active"} and replies == {"昨天的回覆"}
    assert callers == {f"{tag}-new"}
    assert messages == {f"{tag}:old-queued", f"{tag}:new-sent"}, "queued ones wait to be sent"
    assert tokens == {f"{tag}-new-confirmed", f"{tag}-just-lapsed"}
    assert companies == {new_tax, staff_tax}, "staff-maintained contacts stay"
    assert events == {f"{tag}-new"} and letters == {new_id}
    for kind in ("handoff_messages", "handoff_conversations", "contact_requests", "notifications", "confirmations",
                 "company_contacts", "line_dead_letters", "line_events"):
        assert counts[kind] >= 1, kind
