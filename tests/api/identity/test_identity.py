"""Company identity, against a real SMTP server on loopback: a booking or application made under a
統一編號 counts only once the code e-mailed to the form's address is entered; a stranger's
unconfirmed one blocks nothing and lapses; wrong codes lock; the answers say nothing of whether the
company applied."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlmodel import Session

from api.app import create_app
from api.applications import messages as app_msg
from api.applications.services.confirmation import confirm_application
from api.errors import Conflict
from api.experts.services.confirmation import confirm_booking
from api.identity import messages as msg
from api.identity import service as identity
from api.outbox.jobs import email_pass
from api.settings import Settings
from api.wiring import feature_context
from tests.api.applications.conftest import AS_OF, application, new_ubn, rules_with_windows
from tests.api.experts.chat import Chat, new_expert, random_tax_id
from tests.db import database_at
from tests.support.smtp import Inbox, smtp_server

ADMIN = {"Authorization": "Bearer identity-staff-token"}
SENDER = "雲市集助理 <noreply@tcloud.test>"
MAX_FAILURES = 3


@dataclass
class IdApp:
    client: TestClient
    inbox: Inbox

    @property
    def db(self) -> Any:
        return self.client.app.state.resources.db  # type: ignore[attr-defined]

    def code_for(self, address: str) -> str:
        """Send the outbox's e-mails, then read the newest code the SMTP server received for `address`."""
        asyncio.run(email_pass(feature_context(self.client.app.state.resources), worker="test"))  # type: ignore[attr-defined]
        mails = self.inbox.to(address)
        assert mails, f"no e-mail to {address}"
        body = mails[-1].get_body(preferencelist=("plain",))
        assert body is not None
        found = re.search(r"驗證碼：(\d{6})", body.get_content())
        assert found, body.get_content()
        return found.group(1)


@pytest.fixture(scope="module")
def idapp(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdApp]:
    data = tmp_path_factory.mktemp("identity")
    with smtp_server() as (inbox, port), database_at(tmp_path_factory.mktemp("identity-db")) as url:
        settings = Settings(data_dir=data, models_dir=models_dir, embedding_model="use-multilingual",
                            database_url=url, admin_token=ADMIN["Authorization"].split()[1],
                            user_hash_salt="test-salt", chroma_url=None, ingest_on_start=False, points_as_of=AS_OF,
                            points_rules_file=rules_with_windows(data), outbox_poll_seconds=3600,
                            experts_job_seconds=3600, smtp_host="127.0.0.1", smtp_port=port, smtp_starttls=False,
                            smtp_from=SENDER, identity_confirmation="email", identity_code_minutes=30,
                            experts_max_open_per_company=1, lockout_max_failures=MAX_FAILURES)
        with TestClient(create_app(settings)) as client:
            yield IdApp(client, inbox)


def mailbox() -> str:
    return f"u{uuid.uuid4().hex[:10]}@example.com"


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
                            token=theirs["confirmation"], code=idapp.code_for(stranger), today=AS_OF,
                            lockout=None, address="", now=later)
    assert lapsed.value.zh == msg.EXPIRED[0]


def test_the_answers_are_the_same_whether_or_not_the_company_applied(idapp: IdApp) -> None:
    applied, fresh, owner, stranger = new_ubn(), new_ubn(), mailbox(), mailbox()
    first = idapp.client.post("/api/applications", json=application(applied, email=owner)).json()
    assert idapp.client.post("/api/applications/confirm", json={
        "confirmation": first["confirmation"], "code": idapp.code_for(owner)}).status_code == 201
    to_applied = idapp.client.post("/api/applications", json=application(applied, email=stranger))
    code = idapp.code_for(stranger)
    to_fresh = idapp.client.post("/api/applications", json=application(fresh, email=stranger))
    assert to_applied.status_code == to_fresh.status_code == 202
    assert to_applied.json()["message"] == to_fresh.json()["message"], "nothing tells the two companies apart"
    refused = idapp.client.post("/api/applications/confirm", json={
        "confirmation": to_applied.json()["confirmation"], "code": code})
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


def book(idapp: IdApp, tax_id: str, reach: str, expert: dict[str, Any], slot: int = 0) -> Chat:
    """A web user books `expert` for `tax_id` over POST /api/chat, up to the code."""
    chat = Chat(idapp.client)
    chat.send(postback="intent:book_expert")
    chat.send("想導入資安防護")
    chat.press(expert["name"])
    chat.send(chat.slot_buttons()[slot])
    for answer in ("同意", "好味餐飲有限公司", tax_id, "陳美玲", reach, "視訊"):  # 同意: the personal-data notice
        chat.send(answer)
    chat.send("確認送出")
    return chat


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
    again = book(idapp, tax_id, mailbox(), expert)
    assert again.last["form"]["step"] == "tax_id" and tax_id in again.last["answer"], "refused before any code"


def test_an_unconfirmed_booking_lapses(idapp: IdApp) -> None:
    expert, owner = new_expert(idapp.client, ADMIN), mailbox()
    chat = book(idapp, random_tax_id(), owner, expert)
    token = chat.last["form"]["values"]["confirmation"]
    with Session(idapp.db) as session, pytest.raises(Conflict) as lapsed:
        confirm_booking(session=session, token=token, code=idapp.code_for(owner), lockout=None, address="",
                        max_open_per_company=1, now=datetime.now(UTC) + timedelta(minutes=31))
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
