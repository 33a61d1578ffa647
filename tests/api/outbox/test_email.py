"""The e-mail channel, end to end against a real SMTP server on loopback (aiosmtpd): what a web
user who gave an e-mail address and an expert receive when a booking changes (with an ICS
invitation on confirmation, the reason of a decline, a working link to answer a proposed time),
what an applicant receives when an application moves; retries with back-off and the failed list
for staff when the server is down; each e-mail sent once with two senders running."""

from __future__ import annotations

import asyncio
import re
import threading
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar
from pydantic import ValidationError
from sqlmodel import Session, col, select

from api.app import create_app
from api.applications.rules.transitions import label
from api.contract import FeatureContext
from api.experts import messages as msg
from api.experts.jobs import run_job as run_experts_job
from api.experts.rules.labels import span_label
from api.outbox.adapters.smtp import SmtpMailer
from api.outbox.jobs import email_pass
from api.outbox.mail import Retry
from api.outbox.runtime import OutboxRuntime
from api.outbox.sealed import SCRUBBED, Sealer, has_sealed
from api.outbox.service import enqueue
from api.outbox.tables import OutboxMessage
from api.settings import Settings
from api.wiring import feature_context
from tests.api.experts.chat import EVERY_TAG, Chat, new_expert, random_tax_id
from tests.api.experts.console_helpers import app_db, book, expert_with_login
from tests.db import database_at
from tests.support.smtp import Inbox, free_port, smtp_server

ADMIN = {"Authorization": "Bearer email-staff-token"}
SENDER = "雲市集助理 <noreply@tcloud.test>"


@dataclass
class MailApp:
    client: TestClient
    inbox: Inbox
    settings: Settings

    def ctx(self, **runtime: Any) -> FeatureContext:
        ctx = feature_context(self.client.app.state.resources)  # type: ignore[attr-defined]
        if not runtime:
            return ctx
        return FeatureContext(ctx.settings, ctx.db, ctx.rules, ctx.notifier,
                              {**ctx.runtimes, "outbox": OutboxRuntime(**runtime)}, ctx.knowledge, ctx.engine)

    def deliver(self, now: datetime | None = None) -> int:
        """One pass of the outbox's e-mail sender (the background loop is kept asleep)."""
        return asyncio.run(email_pass(self.ctx(), now=now, worker="test"))


@pytest.fixture(scope="module")
def mail(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MailApp]:
    with smtp_server() as (inbox, port), database_at(tmp_path_factory.mktemp("email-db")) as url:
        settings = Settings(data_dir=tmp_path_factory.mktemp("email"), models_dir=models_dir,
                            embedding_model="use-multilingual", database_url=url,
                            admin_token=ADMIN["Authorization"].split()[1], user_hash_salt="test-salt",
                            chroma_url=None, ingest_on_start=False, points_as_of=date(2021, 7, 15),
                            public_base_url="http://testserver", outbox_poll_seconds=3600,
                            experts_job_seconds=3600, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                            smtp_from=SENDER, email_max_attempts=3, email_retry_base_seconds=600)
        with TestClient(create_app(settings)) as client:
            yield MailApp(client, inbox, settings)


def _address() -> str:
    return f"owner-{uuid.uuid4().hex[:8]}@example.com"


def _only(inbox: Inbox, address: str) -> EmailMessage:
    received = inbox.to(address)
    assert len(received) == 1, [m["Subject"] for m in received]
    return received[0]


def _body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    assert part is not None
    return str(part.get_content())  # type: ignore[attr-defined]


def _console_booking(client: TestClient, headers: dict[str, str], booking_id: int) -> dict[str, Any]:
    r = client.get(f"/api/console/bookings/{booking_id}", headers=headers)
    assert r.status_code == 200, r.text
    return r.json()  # type: ignore[no-any-return]


def test_a_web_user_books_over_the_chat_and_hears_from_the_expert_by_email(mail: MailApp) -> None:
    client, user, expert_address = mail.client, _address(), _address()
    expert = new_expert(client, ADMIN, email=expert_address)
    r = client.post(f"/api/experts/{expert['id']}/account", json={"username": f"ex{uuid.uuid4().hex[:8]}",
                                                                   "password": "a-long-password"}, headers=ADMIN)
    assert r.status_code == 201, r.text
    token = client.post("/api/console/login", json={"username": r.json()["username"],
                                                   "password": "a-long-password"}).json()["token"]
    console = {"Authorization": f"Bearer {token}"}

    chat = Chat(client)
    chat.send(postback="intent:book_expert")
    chat.send("想導入雲端POS")
    chat.press(expert["name"])
    chat.send(chat.slot_buttons()[0])
    for answer in ("同意", "好味餐飲有限公司", random_tax_id(), "陳美玲", user, "視訊"):
        chat.send(answer)
    done = chat.send("確認送出")
    assert "已為您預約" in done["answer"] and user in done["answer"]  # the e-mail promise names the address
    reference = re.search(r"B-\d{6}", done["answer"]).group(0)  # type: ignore[union-attr]

    mail.deliver()
    to_expert = _only(mail.inbox, expert_address)
    assert reference in str(to_expert["Subject"]) and reference in _body(to_expert)
    assert mail.inbox.to(user) == []  # nothing for the user until the expert acts

    booking_id = int(reference[2:])
    assert client.post(f"/api/console/bookings/{booking_id}/confirm", headers=console).status_code == 200
    assert mail.deliver() == 1
    confirmed = _only(mail.inbox, user)
    assert reference in str(confirmed["Subject"]) and reference in _body(confirmed)
    assert "noreply@tcloud.test" in str(confirmed["From"])
    invites = [p for p in confirmed.iter_attachments() if p.get_content_type() == "text/calendar"]
    assert len(invites) == 1 and invites[0].get_filename() == f"{reference}.ics"
    event = Calendar.from_ical(invites[0].get_content()).walk("VEVENT")[0]
    slot_start = datetime.fromisoformat(_console_booking(client, console, booking_id)["slot_start"])
    assert event.decoded("dtstart") == slot_start
    assert reference in str(event.get("summary")) and expert["name"] in str(event.get("summary"))
    assert mail.deliver() == 0  # sent once


def test_a_decline_tells_the_reason_and_a_proposal_has_a_link_that_answers_it(mail: MailApp) -> None:
    client = mail.client
    expert, console = expert_with_login(client, ADMIN)
    declined_to, proposed_to = _address(), _address()
    first = book(client, expert, index=0, channel="web", reach=declined_to)
    second = book(client, expert, index=1, channel="web", reach=proposed_to)

    r = client.post(f"/api/console/bookings/{first.id}/decline", json={"reason": "當天臨時出差"}, headers=console)
    assert r.status_code == 200, r.text
    later = second.slot_start + timedelta(days=1)
    r = client.post(f"/api/console/bookings/{second.id}/propose", json={"start": later.isoformat(),
                                                                        "note": "上午較方便"}, headers=console)
    assert r.status_code == 200, r.text
    mail.deliver()

    declined = _only(mail.inbox, declined_to)
    assert first.reference in str(declined["Subject"]) and "當天臨時出差" in _body(declined)
    proposal = _body(_only(mail.inbox, proposed_to))
    new_time = span_label(later, later + timedelta(minutes=60))
    assert second.reference in proposal and new_time in proposal and "上午較方便" in proposal
    link = re.search(r"http://testserver(/booking/proposal/\S+)", proposal)
    assert link is not None
    page = client.get(link.group(1))
    assert page.status_code == 200 and new_time in page.text and msg.ACCEPT_NEW_TIME[0] in page.text
    assert _console_booking(client, console, second.id or 0)["status"] == "pending"  # opening it changes nothing
    answered = client.post(link.group(1), data={"answer": "accept"})
    assert answered.status_code == 200 and new_time in answered.text
    moved = _console_booking(client, console, second.id or 0)
    assert moved["status"] == "confirmed" and datetime.fromisoformat(moved["slot_start"]) == later
    assert client.get(link.group(1)).status_code == 404  # answered: the link is spent
    assert client.post(link.group(1), data={"answer": "keep"}).status_code == 404
    assert client.post(link.group(1), data={"answer": "maybe"}).status_code == 422


def _application(email: str, ubn: str) -> dict[str, Any]:
    return {"ubn": ubn, "company_name": "精密機械股份有限公司", "industry": "manufacturing", "employees": 50,
            "paid_in_capital": "2000萬", "annual_revenue": "3億", "factory_registration": "registered",
            "region": "臺中市", "contact_name": "王小明", "phone": "0912345678", "email": email,
            "consent": True, "hall": "工業館"}


def test_an_applicant_receives_each_status_change_by_email(mail: MailApp) -> None:
    client, address = mail.client, _address()
    r = client.post("/api/applications", json=_application(address, random_tax_id()))
    assert r.status_code == 201, r.text
    reference = r.json()["reference"]
    for body in ({"status": "under_review"}, {"status": "rejected", "reason": "營業登記資料不符"}):
        r = client.post(f"/api/admin/applications/{reference}/status", json=body, headers=ADMIN)
        assert r.status_code == 200, r.text
    assert mail.deliver() == 2
    received = mail.inbox.to(address)
    assert [label(s) in str(m["Subject"]) for m, s in zip(received, ("under_review", "rejected"), strict=True)] \
        == [True, True]
    assert all(reference in str(m["Subject"]) for m in received)
    assert "營業登記資料不符" in _body(received[1])


def test_reminders_and_the_survey_arrive_in_the_language_the_user_booked_in(mail: MailApp) -> None:
    client = mail.client
    expert, console = expert_with_login(client, ADMIN)
    upcoming_to, held_to = _address(), _address()
    english = {"questions": [], "language": "en"}
    upcoming = book(client, expert, index=40, channel="web", reach=upcoming_to, context=english)  # days ahead
    held = book(client, expert, past=True, channel="web", reach=held_to)
    assert client.post(f"/api/console/bookings/{upcoming.id}/confirm", headers=console).status_code == 200
    assert client.post(f"/api/console/bookings/{held.id}/complete", headers=console).status_code == 200
    day_before = upcoming.slot_start - timedelta(hours=23)
    run_experts_job(mail.ctx(), now=day_before)
    mail.deliver(now=day_before)

    subjects = [str(m["Subject"]) for m in mail.inbox.to(upcoming_to)]
    assert len(subjects) == 2 and all(upcoming.reference in s and s.isascii() for s in subjects)
    assert "Reminder" in subjects[1]
    reminder = _body(mail.inbox.to(upcoming_to)[1])
    assert expert["name"] in reminder and "my bookings" in reminder  # English body and footer
    survey = _body(_only(mail.inbox, held_to))
    assert held.reference in survey and re.search(r"http://testserver/survey/\S+", survey)


def test_smtp_down_retries_with_back_off_then_fails_and_staff_see_it(mail: MailApp) -> None:
    client = mail.client
    expert, console = expert_with_login(client, ADMIN)
    address = _address()
    booking = book(client, expert, index=0, channel="web", reach=address)
    assert client.post(f"/api/console/bookings/{booking.id}/confirm", headers=console).status_code == 200
    down = mail.ctx(mailer=SmtpMailer(mail.settings.model_copy(update={"smtp_port": free_port()})), sender=SENDER,
                    retry=Retry(max_attempts=3, base_seconds=600, max_seconds=3600))

    def row() -> OutboxMessage:
        with Session(app_db(client)) as session:
            found = session.exec(select(OutboxMessage).where(OutboxMessage.booking_id == booking.id,
                                                             OutboxMessage.channel == "email")).one()
            session.expunge(found)
            return found

    start = datetime.now(UTC)
    asyncio.run(email_pass(down, now=start))
    first = row()
    assert (first.status, first.attempts) == ("queued", 1) and first.last_error
    assert first.next_attempt_at is not None and first.next_attempt_at >= start + timedelta(seconds=600)
    asyncio.run(email_pass(down, now=start + timedelta(seconds=599)))
    assert row().attempts == 1  # not due yet: backing off
    asyncio.run(email_pass(down, now=start + timedelta(seconds=600)))
    second = row()
    assert (second.status, second.attempts) == ("queued", 2)
    assert second.next_attempt_at == start + timedelta(seconds=600 + 1200)  # the delay doubled
    asyncio.run(email_pass(down, now=start + timedelta(seconds=1800)))
    assert (row().status, row().attempts) == ("failed", 3)

    listed = client.get("/api/admin/outbox", params={"status": "failed"}, headers=ADMIN)
    assert listed.status_code == 200
    mine = [m for m in listed.json() if m["subject"] == booking.reference]
    assert [(m["channel"], m["address"], m["kind"], m["attempts"]) for m in mine] == [("email", address,
                                                                                       "confirmed", 3)]
    assert mine[0]["last_error"]
    assert client.get("/api/admin/outbox", params={"status": "failed"}).status_code == 401
    refused = client.get("/api/admin/outbox", params={"status": "lost"}, headers=ADMIN)
    assert refused.status_code == 422 and "error" in refused.json()
    mail.deliver(now=start + timedelta(days=1))
    assert mail.inbox.to(address) == []  # failed stays failed (staff decide)


def test_two_senders_at_once_send_each_email_once(mail: MailApp) -> None:
    client = mail.client
    expert, console = expert_with_login(client, ADMIN)
    addresses = [_address() for _ in range(6)]
    for i, address in enumerate(addresses):
        booking = book(client, expert, index=i, channel="web", reach=address)
        assert client.post(f"/api/console/bookings/{booking.id}/confirm", headers=console).status_code == 200
    barrier, sent = threading.Barrier(2), []

    def sender(name: str) -> None:
        barrier.wait()
        sent.append(asyncio.run(email_pass(mail.ctx(), worker=name)))

    threads = [threading.Thread(target=sender, args=(f"sender-{i}",)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(sent) == len(addresses)
    assert [len(mail.inbox.to(a)) for a in addresses] == [1] * len(addresses)
    ids = Counter(str(m["Message-ID"]) for a in addresses for m in mail.inbox.to(a))
    assert max(ids.values()) == 1
    with Session(app_db(client)) as session:
        statuses = set(session.exec(select(OutboxMessage.status).where(
            OutboxMessage.channel == "email", col(OutboxMessage.address).in_(addresses))).all())
    assert statuses == {"sent"}


def test_without_smtp_nothing_promises_email(client: TestClient, staff: dict[str, str]) -> None:
    """The shared app runs without SMTP_HOST: a web user who leaves an e-mail address is not told
    they will get one, only where to look."""
    expert = new_expert(client, staff, **EVERY_TAG)  # matches any topic, among the shared app's many experts
    chat = Chat(client)
    chat.send(postback="intent:book_expert")
    chat.send("想導入資安防護")
    assert chat.last["form"]["step"] == "expert", chat.last
    chat.press(expert["name"])
    chat.send(chat.slot_buttons()[0])
    address = _address()
    for answer in ("同意", "好味餐飲有限公司", random_tax_id(), "陳美玲", address, "視訊"):
        chat.send(answer)
    done = chat.send("確認送出")
    assert "已為您預約" in done["answer"]
    assert address not in done["answer"] and "Email" not in done["answer"] and "通知您" not in done["answer"]
    assert "我的預約" in done["answer"]


def test_smtp_host_without_a_from_address_stops_start_up() -> None:
    with pytest.raises(ValidationError, match="SMTP_FROM"):
        Settings(smtp_host="smtp.example.tw")
    assert Settings(smtp_host="smtp.example.tw", smtp_from="noreply@example.tw").email_enabled
    assert not Settings().email_enabled


def test_an_address_that_cannot_be_a_header_fails_alone(mail: MailApp) -> None:
    good, bad = _address(), "x@example.com\r\nBcc: everyone@example.com"
    with Session(app_db(mail.client)) as session:
        for address in (bad, good):
            enqueue(session, topic="application", subject="P110-TEST", recipient="sme", channel="email",
                    address=address, kind="under_review", text="狀態更新", email_subject="【雲市集】測試")
        session.commit()
    assert mail.deliver() == 1
    assert len(mail.inbox.to(good)) == 1 and mail.inbox.to("everyone@example.com") == []
    with Session(app_db(mail.client)) as session:
        failed = session.exec(select(OutboxMessage).where(OutboxMessage.address == bad)).one()
    assert (failed.status, failed.attempts) == ("failed", 1) and "compose" in failed.last_error


def test_a_sealed_secret_is_opened_only_in_the_email_and_scrubbed_once_final(mail: MailApp) -> None:
    """A body's sealed part (a confirmation code) reaches the recipient in the clear; the row keeps
    it sealed while queued and scrubbed once sent, given up on, or impossible to open."""
    sealer, stranger = Sealer("test-salt"), Sealer("another-secret")
    sent_to, down_to, foreign_to = _address(), _address(), _address()
    with Session(app_db(mail.client)) as session:
        for address, seal in ((sent_to, sealer), (down_to, sealer), (foreign_to, stranger)):
            enqueue(session, topic="application", subject="P110-SEAL", recipient="sme", channel="email",
                    address=address, kind="identity_code", text=f"驗證碼：{seal.seal('424242')}",
                    email_subject="【雲市集】驗證碼")
        session.commit()

    def row(address: str) -> OutboxMessage:
        with Session(app_db(mail.client)) as session:
            found = session.exec(select(OutboxMessage).where(OutboxMessage.address == address)).one()
            session.expunge(found)
            return found

    assert "424242" not in row(sent_to).text and has_sealed(row(sent_to).text)
    down = mail.ctx(mailer=SmtpMailer(mail.settings.model_copy(update={"smtp_port": free_port()})), sender=SENDER,
                    retry=Retry(max_attempts=1), sealer=sealer)
    with Session(app_db(mail.client)) as session:  # the down server sees the one row only
        for other in session.exec(select(OutboxMessage).where(col(OutboxMessage.address).in_([sent_to, foreign_to]))):
            other.next_attempt_at = datetime.now(UTC) + timedelta(hours=1)
            session.add(other)
        session.commit()
    asyncio.run(email_pass(down))
    assert row(down_to).status == "failed" and row(down_to).text == f"驗證碼：{SCRUBBED}"

    mail.deliver(now=datetime.now(UTC) + timedelta(hours=2))
    [received] = mail.inbox.to(sent_to)
    assert "驗證碼：424242" in received.get_body(preferencelist=("plain",)).get_content()  # type: ignore[union-attr]
    assert (row(sent_to).status, row(sent_to).text) == ("sent", f"驗證碼：{SCRUBBED}")
    foreign = row(foreign_to)
    assert (foreign.status, foreign.text) == ("failed", f"驗證碼：{SCRUBBED}") and "sealed" in foreign.last_error
    assert mail.inbox.to(foreign_to) == []
