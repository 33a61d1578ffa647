"""Driving the web chat like a user: send text or press a button, read what comes back."""

from __future__ import annotations

import random
import uuid
from typing import Any

from fastapi.testclient import TestClient

from api.experts.rules import taxonomy
from bot.flows.spec import Valid
from bot.flows.validators import tax_id

UNANSWERABLE = "資安事件發生時通報窗口是誰？"
"""A question the knowledge base has no reliable answer to (the bot offers an expert)."""

EVERY_TAG: dict[str, Any] = {"tools": list(taxonomy.TOOLS), "industries": list(taxonomy.INDUSTRIES),
                             "topics": list(taxonomy.TOPICS)}


class Chat:
    def __init__(self, client: TestClient, session_id: str | None = None) -> None:
        self.client = client
        self.session_id = session_id or f"experts-{uuid.uuid4().hex[:8]}"
        self.last: dict[str, Any] = {}

    def send(self, message: str = "", postback: str | None = None) -> dict[str, Any]:
        r = self.client.post("/api/chat", json={"session_id": self.session_id, "message": message,
                                                "postback": postback})
        assert r.status_code == 200, r.text
        self.last = r.json()
        return self.last

    def press(self, label_start: str) -> dict[str, Any]:
        """Press the first button whose label starts with `label_start`."""
        action = self.action(label_start)
        if action["type"] == "postback":
            return self.send(postback=action["data"])
        return self.send(action["text"])

    def action(self, label_start: str) -> dict[str, Any]:
        found = [a for a in self.last["actions"] if a["label"].startswith(label_start)]
        assert found, f"no button {label_start!r} in {[a['label'] for a in self.last['actions']]}"
        return found[0]

    def labels(self) -> list[str]:
        return [a["label"] for a in self.last["actions"]]

    def slot_buttons(self) -> list[str]:
        return [a["label"] for a in self.last["actions"] if a["type"] == "message" and "（" in a["label"]
                and ":" in a["label"]]


def new_expert(client: TestClient, staff: dict[str, str], **fields: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"name": f"測試專家{uuid.uuid4().hex[:4]}", "title": "數位轉型顧問",
                            "meeting_modes": ["video", "phone"], "min_notice_hours": 2, **fields}
    r = client.post("/api/experts", json=body, headers=staff)
    assert r.status_code == 201, r.text
    expert = r.json()
    for day in range(7):
        r = client.post(f"/api/experts/{expert['id']}/rules", json={"weekday": day, "start": "08:00", "end": "20:00"},
                        headers=staff)
        assert r.status_code == 201, r.text
    return expert  # type: ignore[no-any-return]


def random_tax_id() -> str:
    """A valid 統一編號 of a company no other test uses (the per-company limit stays out of the way)."""
    while True:
        candidate = f"{random.randrange(10**7, 10**8):08d}"
        if isinstance(tax_id(candidate), Valid):
            return candidate


def walk_to_confirmation(chat: Chat, expert: dict[str, Any], *, topic: str = "想導入資安防護") -> str:
    """Book `expert` up to the confirmation screen; returns the slot button pressed."""
    chat.send(postback="intent:book_expert")
    assert chat.last["form"]["step"] == "topic"
    chat.send(topic)
    assert chat.last["form"]["step"] == "expert"
    chat.press(expert["name"])
    assert chat.last["form"]["step"] == "slot"
    slot = chat.slot_buttons()[0]
    chat.send(slot)
    for answer in ("同意", "好味餐飲有限公司", random_tax_id(), "陳美玲", "0912345678", "視訊"):
        chat.send(answer)
    assert chat.last["form"]["confirming"] is True, chat.last
    return slot
