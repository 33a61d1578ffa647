"""The code goes to the company's contact on file, not to whatever address the form gives: learnt
from the company's first confirmed booking or application (a first contact, which staff can list),
or set by staff. The requester sees only a masked address; whoever reads the contact's mailbox is
told who asked."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from api.staff.tables import StaffAction
from tests.api.applications.conftest import application, new_ubn
from tests.api.experts.chat import new_expert
from tests.api.identity.conftest import ADMIN, IdApp, book, mailbox
from tests.api.staff.helpers import sign_in_staff


def apply_and_confirm(idapp: IdApp, ubn: str, email: str) -> str:
    """An application confirmed with the code the SMTP server received for `email`; its reference."""
    pending = idapp.client.post("/api/applications", json=application(ubn, email=email))
    assert pending.status_code == 202, pending.text
    done = idapp.client.post("/api/applications/confirm", json={"confirmation": pending.json()["confirmation"],
                                                                "code": idapp.code_for(email)})
    assert done.status_code == 201, done.text
    return str(done.json()["reference"])


def first_contact_rows(page: str, tax_id: str) -> list[str]:
    """The rows of the staff page's confirmation table for `tax_id` that are marked first contact."""
    rows = re.findall(r"<tr><td>.*?</tr>", page, flags=re.S)
    return [r for r in rows if f">{tax_id}</a>" in r and "<strong>首次聯絡</strong>" in r]


def test_the_code_goes_to_the_contact_learnt_from_the_first_confirmation(idapp: IdApp) -> None:
    ubn, owner, colleague = new_ubn(), mailbox("c"), mailbox()
    apply_and_confirm(idapp, ubn, owner)  # nothing was on file: a first contact, now the company's contact

    expert = new_expert(idapp.client, ADMIN)
    chat = book(idapp, ubn, colleague, expert)
    asked = chat.last["answer"]
    assert chat.last["form"]["step"] == "code"
    assert "c***@example.com" in asked and owner not in asked and colleague not in asked
    idapp.send_mail()
    assert idapp.mails_to(colleague) == [], "the form's address gets no code"
    to_owner = idapp.mails_to(owner)[-1]
    assert "陳美玲" in to_owner and colleague in to_owner, "the contact is told who asked"
    done = chat.send(idapp.code_for(owner))  # the owner passed the code on
    assert done["form"] is None and "B-" in done["answer"], done["answer"]

    sign_in_staff(idapp.client, "reviewer")
    page = idapp.client.get("/staff/identity", params={"tax_id": ubn})
    assert page.status_code == 200 and owner in page.text and "首次確認的申請" in page.text
    assert len(first_contact_rows(page.text, ubn)) == 1, "the application was the first contact, the booking not"
    only_first = idapp.client.get("/staff/identity", params={"first": "1"}).text
    assert first_contact_rows(only_first, ubn) and "預約" not in "".join(first_contact_rows(only_first, ubn))


def test_staff_set_replace_and_remove_a_company_contact(idapp: IdApp) -> None:
    ubn, registered, stranger = new_ubn(), mailbox("r"), mailbox("s")
    editor = sign_in_staff(idapp.client, "editor")
    assert idapp.client.get("/staff/identity", follow_redirects=False).status_code in (302, 303, 403)
    reviewer = sign_in_staff(idapp.client, "reviewer")
    assert "公司驗證" in idapp.client.get("/staff").text  # in the navigation bar
    page = idapp.client.get("/staff/identity", params={"tax_id": ubn})
    assert "沒有留存的聯絡信箱" in page.text
    assert "統一編號應為 8 位數字" in idapp.client.get("/staff/identity", params={"tax_id": "12345678"}).text
    refused = idapp.client.post("/staff/identity/contact", data={"tax_id": ubn, "email": registered},
                                follow_redirects=False)
    assert refused.status_code in (400, 403), "no CSRF token"
    bad = idapp.client.post("/staff/identity/contact", data={"tax_id": ubn, "email": "not-an-address",
                                                             "csrf_token": reviewer.csrf})
    assert "請輸入有效的電子郵件" in bad.text

    saved = idapp.client.post("/staff/identity/contact", data={"tax_id": ubn, "email": registered,
                                                               "csrf_token": reviewer.csrf})
    assert saved.status_code == 200 and registered in saved.text and "人員設定" in saved.text
    pending = idapp.client.post("/api/applications", json=application(ubn, email=stranger)).json()
    assert "r***@example.com" in pending["message"] and stranger not in pending["message"]
    code = idapp.code_for(registered)
    assert idapp.mails_to(stranger) == []

    removed = idapp.client.post("/staff/identity/contact/remove", data={"tax_id": ubn, "csrf_token": reviewer.csrf})
    assert removed.status_code == 200 and "沒有留存的聯絡信箱" in removed.text
    first = idapp.client.post("/api/applications", json=application(ubn, email=stranger)).json()
    assert stranger in first["message"], "with nothing on file, the code goes to the form's address"
    assert idapp.code_for(stranger)
    page = idapp.client.get("/staff/identity", params={"tax_id": ubn}).text
    assert len(first_contact_rows(page, ubn)) == 1

    late = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                "code": code})
    assert late.status_code == 201, "a code sent to the contact on file stays good after the contact changed"
    with Session(idapp.db) as session:
        done = session.exec(select(StaffAction.action).where(StaffAction.actor == reviewer.username)).all()
    assert {"identity.contact_set", "identity.contact_removed"} <= set(done)
    assert editor.username != reviewer.username


def test_a_confirmed_request_names_its_reference_only_with_its_code(idapp: IdApp) -> None:
    """Someone holding a confirmation id (a shared link) but not the code learns nothing of what it
    became; the right code hears the reference again."""
    ubn, owner = new_ubn(), mailbox()
    pending = idapp.client.post("/api/applications", json=application(ubn, email=owner)).json()
    code = idapp.code_for(owner)
    done = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                "code": code}).json()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    guessed = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                   "code": wrong})
    assert guessed.status_code == 401 and done["reference"] not in guessed.text and ubn not in guessed.text
    again = idapp.client.post("/api/applications/confirm", json={"confirmation": pending["confirmation"],
                                                                 "code": code})
    assert again.status_code == 409 and done["reference"] in again.json()["error"]["message"]
    status = idapp.client.get(f"/api/applications/{done['reference']}").json()
    assert status["status"] == "submitted"
