"""A chat user's personal data: find it, export it, erase it (one transaction each).

A user is a channel and a user id (the web session id or the LINE user id). Erasure deletes what
is only about the conversation (exchanges and their feedback, dialogue state, drafts, call-back
requests, the handoff conversation and its staff messages, notifications, the opening-alert entry,
company contacts learnt from their own first contacts, LINE event bodies) and pseudonymises what the programme
must keep for its audit: bookings and applications keep their reference, status, year, 館, company
and amounts; the contact name, phone, e-mail, topic and chat context are replaced; confirmations
keep their 統一編號, reference and whether they were a first contact, without the address or form;
the application audit trail names the applicant by pseudonym instead of their user id.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import and_, delete, update
from sqlmodel import Session, col, or_, select

from api.applications.tables import ApplicationAudit, PointsApplication, PointsDraft, PointsWaitlist
from api.errors import InvalidInput
from api.exchanges import hash_user
from api.experts.tables import Booking, parse_reference
from api.handoff.tables import HandoffConversation, HandoffMessage
from api.identity.rules.contacts import mask
from api.identity.services.confirmation import email_key
from api.identity.tables import CONFIRMED, STAFF, CompanyContact, PendingConfirmation
from api.line.tables import LineEvent, LineFollower
from api.models import ContactRequest, DialogueStateRow, Exchange, Feedback, utcnow
from api.outbox.sealed import scrub
from api.outbox.tables import CLAIMED, EMAIL, OutboxMessage
from api.privacy import messages as msg
from api.privacy.tables import PrivacyRequest
from bot.redact import redact

CHANNELS = ("web", "line")
_MARK = msg.ERASED_MARK


@dataclass(frozen=True)
class Subject:
    channel: str
    user_id: str

    @property
    def state_key(self) -> str:
        return f"{self.channel}:{self.user_id}"


def subject(channel: str, user_id: str) -> Subject:
    """A checked subject: a known chat channel and a non-empty id (never the empty id API records share)."""
    channel, user_id = channel.strip().lower(), user_id.strip()
    if channel not in CHANNELS:
        raise InvalidInput(*msg.CHANNEL_UNKNOWN)
    if not user_id or len(user_id) > 128:
        raise InvalidInput(*msg.USER_ID_MISSING)
    return Subject(channel, user_id)


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def _bookings(session: Session, who: Subject) -> list[Booking]:
    return list(session.exec(select(Booking).where(Booking.channel == who.channel, Booking.user_id == who.user_id)
                             .order_by(col(Booking.id))).all())


def _applications(session: Session, who: Subject) -> list[PointsApplication]:
    return list(session.exec(select(PointsApplication).where(
        PointsApplication.channel == who.channel, PointsApplication.user_id == who.user_id)
        .order_by(col(PointsApplication.id))).all())


def _conversation(session: Session, who: Subject) -> HandoffConversation | None:
    return session.exec(select(HandoffConversation).where(
        HandoffConversation.channel == who.channel, HandoffConversation.user_id == who.user_id)).first()


def _confirmations(session: Session, who: Subject) -> list[PendingConfirmation]:
    return list(session.exec(select(PendingConfirmation).where(
        PendingConfirmation.channel == who.channel, PendingConfirmation.user_id == who.user_id)
        .order_by(col(PendingConfirmation.id))).all())


def _emails(bookings: list[Booking], applications: list[PointsApplication],
            confirmations: list[PendingConfirmation]) -> set[str]:
    """The addresses `who` gave (bookings, applications, confirmation requests)."""
    given = {b.email for b in bookings} | {a.email for a in applications} | {c.email for c in confirmations}
    return {e for e in given if e and e != _MARK}


def _to_them(who: Subject, emails: set[str], bookings: list[Booking], applications: list[PointsApplication],
             confirmations: list[PendingConfirmation]) -> Any:
    """The outbox rows addressed to `who`: on their chat channel; e-mails to their addresses about
    their own bookings and applications (someone else may have given the same address); the code
    e-mails of their requests (which name them, whoever they went to)."""
    chat = and_(col(OutboxMessage.channel) == who.channel, col(OutboxMessage.address) == who.user_id)
    theirs = or_(col(OutboxMessage.booking_id).in_([b.id for b in bookings if b.id is not None]),
                 and_(col(OutboxMessage.topic) == "application",
                      col(OutboxMessage.subject).in_([a.reference for a in applications])))
    mail = and_(col(OutboxMessage.channel) == EMAIL, col(OutboxMessage.recipient) == "sme",
                col(OutboxMessage.address).in_(sorted(emails)), theirs)
    codes = col(OutboxMessage.key).in_([email_key(c.token) for c in confirmations])
    return or_(chat, mail, codes)


def _learnt_from(session: Session, confirmations: list[PendingConfirmation]) -> list[CompanyContact]:
    """The company contacts that went on file from `who`'s own first contacts (not merely an address
    they typed: anyone may type a company's address, and must not remove it by erasing themselves)."""
    firsts = {(c.tax_id, c.email) for c in confirmations if c.first_contact and c.status == CONFIRMED}
    if not firsts:
        return []
    found = session.exec(select(CompanyContact).where(
        col(CompanyContact.tax_id).in_(sorted({t for t, _ in firsts})), col(CompanyContact.source) != STAFF)).all()
    return [c for c in found if (c.tax_id, c.email) in firsts]


def collect(*, session: Session, salt: str, who: Subject) -> dict[str, Any]:
    """Everything kept about `who`, as plain JSON (their export)."""
    user_hash = hash_user(salt=salt, channel=who.channel, user_id=who.user_id)
    exchanges = session.exec(select(Exchange).where(Exchange.user_hash == user_hash).order_by(col(Exchange.id))).all()
    state = session.get(DialogueStateRow, who.state_key)
    drafts = session.exec(select(PointsDraft).where(PointsDraft.channel == who.channel,
                                                    PointsDraft.user_id == who.user_id)).all()
    contacts = session.exec(select(ContactRequest).where(ContactRequest.channel == who.channel,
                                                         ContactRequest.user_id == who.user_id)).all()
    conversation = _conversation(session, who)
    staff_messages = session.exec(select(HandoffMessage).where(
        HandoffMessage.conversation_id == conversation.id)).all() if conversation is not None else []
    waitlist = session.exec(select(PointsWaitlist).where(PointsWaitlist.channel == who.channel,
                                                         PointsWaitlist.user_id == who.user_id)).first()
    bookings, applications, confirmations = _bookings(session, who), _applications(session, who), \
        _confirmations(session, who)
    emails = _emails(bookings, applications, confirmations)
    notifications = session.exec(select(OutboxMessage).where(
        _to_them(who, emails, bookings, applications, confirmations)).order_by(col(OutboxMessage.id))).all()
    on_file = _learnt_from(session, confirmations)
    return {
        "channel": who.channel, "user_id": who.user_id, "exported_at": utcnow().isoformat(),
        "exchanges": [{"at": _time(e.created_at), "question": e.question, "answer": e.answer} for e in exchanges],
        "dialogue_state": state.data if state is not None else None,
        "drafts": [{"ubn": d.ubn, "year": d.year, "answers": d.data, "updated_at": _time(d.updated_at)}
                   for d in drafts],
        "bookings": [{"reference": b.reference, "status": b.status, "slot_start": _time(b.slot_start),
                      "company": b.company, "tax_id": b.tax_id, "contact_name": b.contact_name, "phone": b.phone,
                      "email": b.email, "mode": b.mode, "topic": b.topic, "created_at": _time(b.created_at)}
                     for b in bookings],
        "applications": [{"reference": a.reference, "status": a.status, "year": a.year, "hall": a.hall,
                          "ubn": a.ubn, "company_name": a.company_name, "contact_name": a.contact_name,
                          "phone": a.phone, "email": a.email, "region": a.region, "employees": a.employees,
                          "paid_in_capital": a.paid_in_capital, "annual_revenue": a.annual_revenue,
                          "cap_points": a.cap_points, "points_granted": a.points_granted,
                          "consent_at": _time(a.consent_at), "created_at": _time(a.created_at)}
                         for a in applications],
        "contact_requests": [{"at": _time(c.created_at), "name": c.name, "phone": c.phone, "topic": c.topic,
                              "note": c.note} for c in contacts],
        "handoff_request": ({"opened_at": _time(conversation.opened_at), "topic": conversation.topic,
                             "note": conversation.note} if conversation is not None else None),
        "handoff_messages": [{"at": _time(m.created_at), "author": m.author, "text": m.text} for m in staff_messages],
        "waitlist": waitlist is not None,
        "confirmations": [{"kind": c.kind, "tax_id": c.tax_id, "email": c.email, "status": c.status,
                           "reference": c.reference, "first_contact": c.first_contact,
                           # the company's contact on file is someone else's address: masked
                           "code_sent_to": c.sent_to if c.first_contact else mask(c.sent_to),
                           "created_at": _time(c.created_at)} for c in confirmations],
        "company_contacts": [{"tax_id": c.tax_id, "email": c.email, "source": c.source} for c in on_file],
        "notifications": [{"at": _time(n.created_at), "channel": n.channel, "kind": n.kind, "status": n.status,
                           "to": n.address if n.address in emails or n.channel != EMAIL else mask(n.address),
                           "text": scrub(n.text)} for n in notifications],
    }


def counts_of(data: dict[str, Any]) -> dict[str, int]:
    return {"exchanges": len(data["exchanges"]), "dialogue_state": int(data["dialogue_state"] is not None),
            "drafts": len(data["drafts"]), "bookings": len(data["bookings"]),
            "applications": len(data["applications"]), "contact_requests": len(data["contact_requests"]),
            "handoff_messages": len(data["handoff_messages"]) + int(data["handoff_request"] is not None),
            "waitlist": int(bool(data["waitlist"])), "confirmations": len(data["confirmations"]),
            "company_contacts": len(data["company_contacts"]), "notifications": len(data["notifications"])}


def export(*, session: Session, salt: str, who: Subject, requested_by: str) -> dict[str, Any]:
    """`collect`, with its audit entry (committed)."""
    data = collect(session=session, salt=salt, who=who)
    _audit(session, "export", requested_by, who, salt, counts_of(data))
    session.commit()
    return data


def _audit(session: Session, kind: str, requested_by: str, who: Subject, salt: str, counts: dict[str, int]) -> None:
    session.add(PrivacyRequest(kind=kind, requested_by=requested_by[:70], channel=who.channel,
                               user_hash=hash_user(salt=salt, channel=who.channel, user_id=who.user_id),
                               counts=counts))


def erase(*, session: Session, salt: str, who: Subject, requested_by: str) -> dict[str, int]:
    """Erase `who`'s personal data (one transaction, with its audit entry); returns what was erased."""
    counts = erase_pending(session=session, salt=salt, who=who, requested_by=requested_by)
    session.commit()
    return counts


def erase_pending(*, session: Session, salt: str, who: Subject, requested_by: str) -> dict[str, int]:
    """`erase` without the commit (a staff page adds its staff audit entry to the same transaction)."""
    user_hash = hash_user(salt=salt, channel=who.channel, user_id=who.user_id)
    bookings, applications, confirmations = _bookings(session, who), _applications(session, who), \
        _confirmations(session, who)
    emails = _emails(bookings, applications, confirmations)
    learnt = _learnt_from(session, confirmations)
    exchange_ids = select(Exchange.id).where(col(Exchange.user_hash) == user_hash)
    counts: dict[str, int] = {}
    session.execute(delete(Feedback).where(col(Feedback.exchange_id).in_(exchange_ids)))
    counts["exchanges"] = _rows(session.execute(delete(Exchange).where(col(Exchange.user_hash) == user_hash)))
    counts["dialogue_state"] = _rows(session.execute(delete(DialogueStateRow).where(
        col(DialogueStateRow.key) == who.state_key)))
    counts["drafts"] = _rows(session.execute(delete(PointsDraft).where(
        col(PointsDraft.channel) == who.channel, col(PointsDraft.user_id) == who.user_id)))
    for booking in bookings:
        booking.contact_name = _MARK
        booking.phone, booking.email = (_MARK if booking.phone else ""), (_MARK if booking.email else "")
        booking.topic, booking.context, booking.user_id = redact(booking.topic), {}, ""
        booking.status_note, booking.updated_at = redact(booking.status_note), utcnow()
        session.add(booking)
    counts["bookings"] = len(bookings)
    for application in applications:
        application.contact_name, application.phone, application.email = _MARK, _MARK, _MARK
        application.user_id, application.updated_at = "", utcnow()
        session.add(application)
    counts["applications"] = len(applications)
    if who.user_id:  # the audit trail keeps who acted, by pseudonym: never the LINE user id or session
        session.execute(update(ApplicationAudit).where(
            col(ApplicationAudit.actor) == f"applicant:{who.channel}:{who.user_id}")
            .values(actor=f"applicant:{who.channel}:{user_hash[:12]}"))
    counts["contact_requests"] = _rows(session.execute(delete(ContactRequest).where(
        col(ContactRequest.channel) == who.channel, col(ContactRequest.user_id) == who.user_id)))
    conversation = _conversation(session, who)
    counts["handoff_messages"] = 0
    if conversation is not None:  # the staff messages, and the request itself (what the user asked)
        counts["handoff_messages"] = 1 + _rows(session.execute(delete(HandoffMessage).where(
            col(HandoffMessage.conversation_id) == conversation.id)))
        session.delete(conversation)
    counts["waitlist"] = _rows(session.execute(delete(PointsWaitlist).where(
        col(PointsWaitlist.channel) == who.channel, col(PointsWaitlist.user_id) == who.user_id)))
    counts["notifications"] = _rows(session.execute(delete(OutboxMessage).where(
        _to_them(who, emails, bookings, applications, confirmations), col(OutboxMessage.status) != CLAIMED)))
    for confirmation in confirmations:  # kept for staff (統一編號, reference, first contact), without the person
        confirmation.email, confirmation.payload, confirmation.user_id = _MARK, {}, ""
        if confirmation.first_contact:
            confirmation.sent_to = _MARK
        session.add(confirmation)
    counts["confirmations"] = len(confirmations)
    for contact in learnt:  # the company's next request is a first contact again
        session.delete(contact)
    counts["company_contacts"] = len(learnt)
    if who.channel == "line":
        # Answered events keep their body until the keep-days purge: emptied now (dead letters keep the row).
        session.execute(update(LineEvent).where(
            col(LineEvent.source_key) == f"user:{who.user_id}", col(LineEvent.finished_at).is_not(None))
            .values(body={}, rendered=None, last_error=""))
        session.execute(delete(LineFollower).where(col(LineFollower.user_id) == who.user_id))
    _audit(session, "erase", requested_by, who, salt, counts)
    return counts


def _rows(result: Any) -> int:
    return int(getattr(result, "rowcount", 0) or 0)


def find_subjects(*, session: Session, channel: str = "", user_id: str = "", key: str = "") -> list[Subject]:
    """The chat users a staff member looks up: by channel and user id, or the owners of the bookings,
    applications and drafts of a 統一編號 or with a reference."""
    if user_id.strip():
        return [subject(channel, user_id)]
    key = key.strip().upper()
    if not key:
        raise InvalidInput(*msg.LOOKUP_MISSING)
    owners: list[tuple[str, str]] = []
    booking_id = parse_reference(key) if key.startswith("B-") else None
    owners += session.exec(select(Booking.channel, Booking.user_id).where(
        or_(col(Booking.tax_id) == key, col(Booking.id) == (booking_id or -1)))).all()
    owners += session.exec(select(PointsApplication.channel, PointsApplication.user_id).where(
        or_(col(PointsApplication.ubn) == key, col(PointsApplication.reference) == key))).all()
    owners += session.exec(select(PointsDraft.channel, PointsDraft.user_id).where(col(PointsDraft.ubn) == key)).all()
    unique = dict.fromkeys((c, u) for c, u in owners if c in CHANNELS and u)
    return [Subject(c, u) for c, u in unique]
