"""No confirmation code in the clear in the database, before the e-mail goes out, after it, or after
the code was entered: the SMTP server receives it, the database holds only an HMAC (and, until the
e-mail is sent, the code sealed in its outbox row)."""

from __future__ import annotations

import json
import re
from typing import Any

from sqlalchemy import select
from sqlmodel import Session, SQLModel

from api.identity.services.confirmation import email_key
from api.outbox.sealed import MARK, SCRUBBED
from api.outbox.tables import OutboxMessage
from tests.api.applications.conftest import application, new_ubn
from tests.api.experts.chat import new_expert, random_tax_id
from tests.api.identity.conftest import ADMIN, IdApp, book, mailbox


def stored_text(idapp: IdApp) -> str:
    """Every text and JSON value of every table, one per line (times and numbers left out)."""
    lines: list[str] = []
    with Session(idapp.db) as session:
        for table in SQLModel.metadata.sorted_tables:
            for row in session.execute(select(table)).mappings():
                for value in row.values():
                    if isinstance(value, str):
                        lines.append(value)
                    elif isinstance(value, dict | list):
                        lines.append(json.dumps(value, ensure_ascii=False, default=str))
    return "\n".join(lines)


def holds(text: str, code: str) -> bool:
    """`code` standing alone (not inside a longer number such as a phone or a 統一編號)."""
    return re.search(rf"(?<!\d){code}(?!\d)", text) is not None


def outbox_text(idapp: IdApp, token: str) -> str:
    with Session(idapp.db) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.key == email_key(token))).scalars().one()
        return row.text


def test_an_applications_code_is_never_stored_in_the_clear(idapp: IdApp) -> None:
    owner = mailbox()
    pending = idapp.client.post("/api/applications", json=application(new_ubn(), email=owner)).json()
    token: Any = pending["confirmation"]
    before = stored_text(idapp)
    assert token in before, "the scan reads the confirmations"
    assert MARK in outbox_text(idapp, token), "queued: the code is sealed"

    code = idapp.code_for(owner)  # the SMTP server received it
    after_sending = stored_text(idapp)
    assert not holds(before, code) and not holds(after_sending, code)
    assert MARK not in outbox_text(idapp, token) and SCRUBBED in outbox_text(idapp, token), "sent: scrubbed"

    done = idapp.client.post("/api/applications/confirm", json={"confirmation": token, "code": code})
    assert done.status_code == 201
    assert not holds(stored_text(idapp), code)


def test_a_code_typed_into_the_chat_is_not_kept_either(idapp: IdApp) -> None:
    owner = mailbox()
    chat = book(idapp, random_tax_id(), owner, new_expert(idapp.client, ADMIN))
    code = idapp.code_for(owner)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    chat.send(wrong)
    done = chat.send(code)
    assert "B-" in done["answer"], done["answer"]
    text = stored_text(idapp)
    assert not holds(text, code) and not holds(text, wrong)
