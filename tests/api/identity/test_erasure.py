"""A user's export and erasure cover their confirmations, the company contact learnt from their
address and the code e-mails naming them (sent to someone else's contact address): after it, the
confirmations keep their 統一編號, reference and first-contact mark for staff, and nothing of the
person; the company's next request is a first contact again."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlmodel import Session, col, select

from api.identity.services import contacts
from api.identity.services.confirmation import email_key
from api.identity.tables import CompanyContact, PendingConfirmation
from api.outbox.tables import OutboxMessage
from tests.api.experts.chat import Chat, new_expert, random_tax_id
from tests.api.identity.conftest import ADMIN, IdApp, book, mailbox


def test_erasing_a_user_covers_confirmations_contacts_and_code_emails(idapp: IdApp) -> None:
    expert = new_expert(idapp.client, ADMIN)
    own_company, other_company, mine, theirs = random_tax_id(), random_tax_id(), mailbox("m"), mailbox("t")
    with Session(idapp.db) as session:
        contacts.set_by_staff(session, tax_id=other_company, email=theirs, staff="test", now=datetime.now(UTC))
        session.commit()
    chat = Chat(idapp.client)
    book(idapp, own_company, mine, expert, chat=chat)
    assert "B-" in chat.send(idapp.code_for(mine))["answer"]  # a first contact: `mine` is on file now
    book(idapp, other_company, mine, expert, slot=1, chat=chat)  # the code goes to the other company's contact
    token = chat.last["form"]["values"]["confirmation"]
    chat.send("取消")

    data = idapp.client.get("/api/chat/privacy/export", params={"session_id": chat.session_id}).json()
    assert {(c["tax_id"], c["first_contact"]) for c in data["confirmations"]} == {(own_company, True),
                                                                                   (other_company, False)}
    assert "t***@example.com" in {c["code_sent_to"] for c in data["confirmations"]}, "someone else's: masked"
    assert [c["tax_id"] for c in data["company_contacts"]] == [own_company]
    assert any(n["to"] == "t***@example.com" and "••••••" in n["text"] for n in data["notifications"])

    chat.send("刪除我的個人資料")
    done = chat.press("確認刪除")
    assert "驗證紀錄 2" in done["answer"] and "公司聯絡信箱 1" in done["answer"]
    with Session(idapp.db) as session:
        assert session.get(CompanyContact, own_company) is None
        kept = session.get(CompanyContact, other_company)
        assert kept is not None and kept.email == theirs, "staff-maintained contacts stay"
        rows = session.exec(select(PendingConfirmation).where(
            col(PendingConfirmation.tax_id).in_([own_company, other_company]))).all()
        assert session.exec(select(OutboxMessage).where(OutboxMessage.key == email_key(token))).all() == []
    assert {(r.tax_id, r.first_contact, bool(r.reference)) for r in rows} == {(own_company, True, True),
                                                                             (other_company, False, False)}
    assert all(r.email == "已刪除" and r.payload == {} and r.user_id == "" for r in rows)
    assert {r.sent_to for r in rows} == {"已刪除", theirs}

    newcomer = mailbox()
    again = book(idapp, own_company, newcomer, expert)
    assert again.last["form"]["step"] == "code" and newcomer in again.last["answer"], "nothing on file: first contact"


def test_typing_a_companys_address_and_erasing_oneself_leaves_its_contact(idapp: IdApp) -> None:
    """Erasure removes only contacts learnt from the user's own first contacts: a stranger who typed
    the company's address into a form cannot knock it off file by deleting their data."""
    company, owner = random_tax_id(), mailbox()
    expert = new_expert(idapp.client, ADMIN)
    first = book(idapp, company, owner, expert)
    assert "B-" in first.send(idapp.code_for(owner))["answer"]
    stranger = book(idapp, company, owner, expert, slot=1)  # the owner's address, typed by someone else
    assert stranger.last["form"]["step"] == "code"
    stranger.send("取消")
    stranger.send("刪除我的個人資料")
    assert "驗證紀錄 1" in stranger.press("確認刪除")["answer"]
    with Session(idapp.db) as session:
        contact = session.get(CompanyContact, company)
    assert contact is not None and contact.email == owner
    mine = idapp.client.get("/api/chat/privacy/export", params={"session_id": first.session_id}).json()
    assert [c["tax_id"] for c in mine["company_contacts"]] == [company]
    assert mine["bookings"][0]["email"] == owner, "the owner's data is untouched"
