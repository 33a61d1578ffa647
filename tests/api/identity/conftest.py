"""One app for the identity tests, with e-mail over a real SMTP server on loopback (aiosmtpd) and
its own database: codes are read from the e-mails the server received, as a user would."""

from __future__ import annotations

import asyncio
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.identity.services.confirmation import code_key
from api.outbox.jobs import email_pass
from api.settings import Settings
from api.wiring import feature_context
from tests.api.applications.conftest import AS_OF, rules_with_windows
from tests.api.experts.chat import Chat
from tests.db import database_at
from tests.support.smtp import Inbox, smtp_server

ADMIN = {"Authorization": "Bearer identity-staff-token"}
SENDER = "雲市集助理 <noreply@tcloud.test>"
MAX_FAILURES = 3
_CODE = re.compile(r"驗證碼：(\d{6})")


@dataclass
class IdApp:
    client: TestClient
    inbox: Inbox

    @property
    def db(self) -> Any:
        return self.client.app.state.resources.db  # type: ignore[attr-defined]

    @property
    def key(self) -> bytes:
        return code_key(self.client.app.state.resources.settings)  # type: ignore[attr-defined]

    def send_mail(self) -> None:
        """One pass of the outbox's e-mail sender (the background loop is slowed right down here)."""
        asyncio.run(email_pass(feature_context(self.client.app.state.resources), worker="test"))  # type: ignore[attr-defined]

    def mails_to(self, address: str) -> list[str]:
        """The plain-text bodies the SMTP server received for `address`, oldest first."""
        bodies = []
        for mail in self.inbox.to(address):
            body = mail.get_body(preferencelist=("plain",))
            assert body is not None
            bodies.append(body.get_content())
        return bodies

    def code_for(self, address: str) -> str:
        """Send the outbox's e-mails, then read the newest code the SMTP server received for `address`."""
        self.send_mail()
        bodies = self.mails_to(address)
        assert bodies, f"no e-mail to {address}"
        found = _CODE.search(bodies[-1])
        assert found, bodies[-1]
        return found.group(1)


@pytest.fixture(scope="package")
def idapp(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdApp]:
    data = tmp_path_factory.mktemp("identity")
    with smtp_server() as (inbox, port), database_at(tmp_path_factory.mktemp("identity-db")) as url:
        settings = Settings(data_dir=data, models_dir=models_dir, embedding_model="use-multilingual",
                            database_url=url, admin_token=ADMIN["Authorization"].split()[1],
                            user_hash_salt="test-salt", chroma_url=None, ingest_on_start=False, points_as_of=AS_OF,
                            points_rules_file=rules_with_windows(data), outbox_poll_seconds=3600,
                            experts_job_seconds=3600, privacy_purge_seconds=3600, smtp_host="127.0.0.1",
                            smtp_port=port, smtp_starttls=False, smtp_from=SENDER, identity_confirmation="email",
                            identity_code_minutes=30, experts_max_open_per_company=1,
                            lockout_max_failures=MAX_FAILURES)
        with TestClient(create_app(settings)) as client:
            yield IdApp(client, inbox)


def mailbox(local: str = "u") -> str:
    """A fresh address; every one masks to `u***@example.com` (the replies cannot tell two apart)."""
    return f"{local}{uuid.uuid4().hex[:10]}@example.com"


def book(idapp: IdApp, tax_id: str, reach: str, expert: dict[str, Any], slot: int = 0,
         chat: Chat | None = None) -> Chat:
    """A web user books `expert` for `tax_id` over POST /api/chat, up to the code."""
    chat = chat or Chat(idapp.client)
    chat.send(postback="intent:book_expert")
    chat.send("想導入資安防護")
    chat.press(expert["name"])
    chat.send(chat.slot_buttons()[slot])
    for answer in ("同意", "好味餐飲有限公司", tax_id, "陳美玲", reach, "視訊"):  # 同意: the personal-data notice
        chat.send(answer)
    chat.send("確認送出")
    return chat
