"""The journeys' expert, and waiting for what arrives in the background (a push, an e-mail)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN_TOKEN
from tests.api.experts.console_helpers import expert_with_login
from tests.support.smtp import Inbox

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
# Tags no other test's expert has both of, and the topic a journey's user asks about.
TAGS: dict[str, Any] = {"tools": ["能源管理系統（EMS）"], "topics": ["數位轉型診斷"]}
TOPIC = "想導入能源管理系統做用電分析"


@contextmanager
def expert_on_duty(client: TestClient, **fields: Any) -> Iterator[tuple[dict[str, Any], dict[str, str]]]:
    """A new expert on TOPIC who can sign in to the console (and their headers) for the duration; off
    duty afterwards, so the next journey's expert is on the topic's shortlist of five."""
    expert, console = expert_with_login(client, STAFF, **TAGS, **fields)
    try:
        yield expert, console
    finally:
        client.patch(f"/api/experts/{expert['id']}", json={"active": False}, headers=STAFF)


def wait_for(what: str, found: Callable[[], Any], timeout: float = 20.0) -> Any:
    """`found()` once it is truthy; fails saying `what` did not come within `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not (value := found()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)
    return value


def body(message: EmailMessage) -> str:
    part = message.get_body(("plain",))
    return str(part.get_content()) if part is not None else ""  # type: ignore[attr-defined]


def email_saying(inbox: Inbox, address: str, has: str) -> EmailMessage:
    """The first e-mail the SMTP server received for `address` whose text has `has` (waited for)."""
    def found() -> EmailMessage | None:
        return next((m for m in inbox.to(address) if has in body(m)), None)
    return wait_for(f"an e-mail to {address} saying {has!r}", found)  # type: ignore[no-any-return]
