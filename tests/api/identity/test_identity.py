"""Company identity, against a real SMTP server on loopback: a booking or application made under a
統一編號 counts only once the code e-mailed to the form's address is entered; a stranger's
unconfirmed one blocks nothing and lapses; wrong codes lock; the answers say nothing of whether the
company applied."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from pydantic import ValidationError
from sqlmodel import Session

from api.applications import messages as app_msg
from api.applications.services.confirmation import confirm_application
from api.errors import Conflict
from api.experts.services.confirmation import confirm_booking
from api.identity import messages as msg
from api.identity.services import confirmation as identity
from api.identity.services import contacts
from api.settings import Settings
from tests.api.applications.conftest import AS_OF, application, new_ubn
from tests.api.experts.chat import new_expert, random_tax_id
from tests.api.identity.conftest import ADMIN, MAX_FAILURES, IdApp, book, mailbox


def test_the_code_reaches_the_smtp_server_and_submits_the_application(idapp: IdApp) -> None:
    ubn, owner = new_ubn(), mailbox()
    pending = idapp.client.post("/api/applications", json=application(ubn, email=owner))
    assert pending.status_code == 202, pending.text
    body = pending.json()
    assert body["status"] == "pending_confirmation" and owner.lower() in body["message"]
    assert "30 分鐘內未確認就會作廢" in body["message"]
    code = idapp.code_for(owner)
    [mail] = idapp.inbox.to(owner)
    assert "驗證碼" in mail["Subject"] and ubn in mail.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    done = idapp.client.post("/api/applications/confirm", json={"confirmation": body["confirmation"], "code": code})
    assert done.status_code == 201, done.text
    assert done.json()["status"] == "submitted"
    again = idapp.client.post("/api/applications/confirm", json={"confirmation": body["confirmation"], "code": code})
    assert again.status_code == 409 and done.json()["reference"] in again.json()["error"]["message"]


def test_a_strangers_unconfirmed_application_blocks_nothing_and_lapses(idapp: IdApp) -> None:
    ubn, stranger, owner = new_ubn(), mailbox(), mailbox()
    theirs = idapp.client.post("/api/applications", json=application(ubn, email=stranger)).json()
    mine = idapp.client.post("/api/applications", json=application(ubn, email=owner)).json()
    done = idapp.client.post("/api/applications/confirm",
                             json={"confirmation": mine["confirmation"], "code": idapp.code_for(owner)})
    assert done.status_code == 201, "the stranger's unconfirmed application does not take the company's year"
    later = datetime.now(UTC) + timedelta(minutes=31)
    with Session(idapp.db) as session, pytest.raises(Conflict) as lapsed:
        confirm_application(session=session, rules=idapp.client.app.state.resources.rules,  # type: ignore[attr-defined]
                            token=theirs["confirmation"], code=idapp.code_for(stranger), key=idapp.key, today=AS_OF,
                            lockout=None, address="", now=later)
    assert lapsed.value.zh == msg.EXPIRED[0]


def test_the_answers_are_the_same_whether_or_not_the_company_applied(idapp: IdApp) -> None:
    """Two companies with a contact on file, one that applied and one that did not: a stranger asking
    in either's name hears the same words, and the code goes to the company, not to the stranger."""
    applied, other, owner, stranger = new_ubn(), new_ubn(), mailbox(), mailbox()
    first = idapp.client.post("/api/applications", json=application(applied, email=owner)).json()
    assert idapp.client.post("/api/applications/confirm", json={
        "confirmation": first["confirmation"], "code": idapp.code_for(owner)}).status_code == 201
    with Session(idapp.db) as session:
        contacts.set_by_staff(session, tax_id=other, email=mailbox(), staff="test", now=datetime.now(UTC))
        session.commit()
    to_applied = idapp.client.post("/api/applications", json=application(applied, email=stranger))
    to_other = idapp.client.post("/api/applications", json=application(other, email=stranger))
    assert to_applied.status_code == to_other.status_code == 202
    assert to_applied.json()["message"] == to_other.json()["message"], "nothing tells the two companies apart"
    assert "u***@example.com" in to_applied.json()["message"] and owner not in to_applied.json()["message"]
    idapp.send_mail()
    assert idapp.mails_to(stranger) == [], "the code went to the companies' contacts"

    again = idapp.client.post("/api/applications", json=application(applied, email=owner)).json()
    refused = idapp.client.post("/api/applications/confirm", json={
        "confirmation": again["confirmation"], "code": idapp.code_for(owner)})
    assert refused.status_code == 409
    text = refused.json()["error"]["message"]
    assert text == app_msg.ALREADY_APPLIED_NEUTRAL[0]
    assert applied not in text and "「我的申請進度」" in text and "「真人客服」" in text


def test_wrong_codes_lock_the_confirmation(idapp: IdApp) -> None:
    owner = mailbox()
    pending = idapp.client.post("/api/applications", json=application(new_ubn(), email=owner)).json()
    code = idapp.code_for(owner)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    for _ in range(MAX_FAILURES):
        r = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                 "code": wrong})
        assert r.status_code == 401 and r.json()["error"]["message"] == msg.WRONG_CODE[0]
    locked = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                  "code": code})
    assert locked.status_code == 429, "locked: even the right code waits"
    assert "Retry-After" in locked.headers


def test_a_booking_over_the_chat_counts_once_the_code_is_entered(idapp: IdApp) -> None:
    expert = new_expert(idapp.client, ADMIN)
    tax_id, stranger, owner = random_tax_id(), mailbox(), mailbox()
    phone = book(idapp, tax_id, "0912345678", expert)
    assert phone.last["form"]["step"] == "reach" and msg.EMAIL_NEEDED[0] in phone.last["answer"]

    theirs = book(idapp, tax_id, stranger, expert, slot=1)  # limit 1 here: a counted booking would block the owner
    assert theirs.last["form"]["step"] == "code" and stranger in theirs.last["answer"]

    mine = book(idapp, tax_id, owner, expert)
    assert mine.last["form"]["step"] == "code", "the stranger's unconfirmed booking does not count"
    assert "B-" not in mine.last["answer"], "nothing is booked before the code"
    wrong = mine.send("000000" if idapp.code_for(owner) != "000000" else "111111")
    assert wrong["form"]["step"] == "code" and msg.WRONG_CODE[0].rstrip("。") in wrong["answer"]
    assert "6 位數字" in mine.send("abc")["form"]["error"]
    done = mine.send(idapp.code_for(owner))
    assert done["form"] is None and "B-" in done["answer"], done["answer"]
    assert "B-" in mine.send("我的預約")["answer"]

    late = theirs.send(idapp.code_for(stranger))  # the confirmed one counts: the company is at its limit
    assert late["form"] is None and "B-" not in late["answer"] and tax_id in late["answer"], late["answer"]
    again = book(idapp, tax_id, mailbox(), expert)  # the owner's address is on file now: the code goes there
    assert again.last["form"]["step"] == "code" and "u***@example.com" in again.last["answer"]
    assert tax_id not in again.last["answer"], "nothing is said of the company's bookings before the code"
    assert book(idapp, tax_id, mailbox(), expert, chat=mine).last["form"]["step"] == "tax_id", \
        "the owner, who holds the company's booking, is told at once"


def test_an_unconfirmed_booking_lapses(idapp: IdApp) -> None:
    expert, owner = new_expert(idapp.client, ADMIN), mailbox()
    chat = book(idapp, random_tax_id(), owner, expert)
    token = chat.last["form"]["values"]["confirmation"]
    with Session(idapp.db) as session, pytest.raises(Conflict) as lapsed:
        confirm_booking(session=session, token=token, code=idapp.code_for(owner), key=idapp.key, lockout=None,
                        address="", max_open_per_company=1, now=datetime.now(UTC) + timedelta(minutes=31))
    assert lapsed.value.zh == msg.EXPIRED[0]


def test_production_needs_smtp_for_the_codes() -> None:
    with pytest.raises(ValidationError) as refused:
        Settings(environment="production", user_hash_salt="real-salt", admin_token="real-token-" + "x" * 32,
                 identity_confirmation="email")
    assert "IDENTITY_CONFIRMATION=email needs SMTP_HOST" in str(refused.value)


def test_codes_are_logged_only_in_development_without_smtp() -> None:
    dev = identity.policy_of(Settings(identity_confirmation="email"))
    assert dev is not None and dev.log_codes and dev.minutes == 30
    mailed = identity.policy_of(Settings(identity_confirmation="email", smtp_host="127.0.0.1",
                                         smtp_from="noreply@tcloud.test"))
    assert mailed is not None and not mailed.log_codes
    production = identity.policy_of(Settings(environment="production", user_hash_salt="real-salt",
                                             admin_token="real-token-" + "x" * 32, identity_confirmation="email",
                                             smtp_host="127.0.0.1", smtp_from="noreply@tcloud.test"))
    assert production is not None and not production.log_codes
    assert identity.policy_of(Settings(identity_confirmation="off")) is None
