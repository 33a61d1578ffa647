"""A user of the web chat or of LINE, driven the same way: say something, press a button by its
label, read what arrived outside the replies (an expert's decision, a new status), so one journey
script runs on both channels and checks what each user sees."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any, Protocol

from fastapi.testclient import TestClient

from tests.api.journeys.helpers import wait_for
from tests.api.line.conftest import body_of, sign, text_of, webhook_event
from tests.support.fake_line import FakeLine


@dataclass(frozen=True)
class Said:
    """One message as the user sees it: its text and its buttons (label -> what pressing sends)."""

    text: str
    buttons: dict[str, dict[str, Any]] = field(default_factory=dict)

    def button(self, label_start: str) -> dict[str, Any]:
        found = [b for label, b in self.buttons.items() if label.startswith(label_start)]
        assert found, f"no button {label_start!r} in {list(self.buttons)}"
        return found[0]


class User(Protocol):
    channel: str
    id: str
    last: Said

    def say(self, text: str) -> Said: ...

    def press(self, label_start: str, on: Said | None = None) -> Said: ...

    def tap(self, data: str) -> Said:
        """Press a button carrying postback `data` (e.g. flow:start:contact)."""
        ...

    def arrived(self, count: int = 1) -> list[Said]:
        """Wait for `count` messages from outside the conversation (sent through the outbox)."""
        ...


class WebUser:
    channel = "web"

    def __init__(self, client: TestClient) -> None:
        self.client, self.id = client, f"web-journey-{uuid.uuid4().hex[:12]}"
        self.last = Said("")
        self.after = self.after_notice = 0

    def _turn(self, body: dict[str, Any]) -> Said:
        r = self.client.post("/api/chat", json={"session_id": self.id, "message": "", **body})
        assert r.status_code == 200, r.text
        reply = r.json()
        self.form = reply["form"]
        self.last = Said(reply["answer"], {a["label"]: a for a in reply["actions"]})
        return self.last

    def say(self, text: str) -> Said:
        return self._turn({"message": text})

    def press(self, label_start: str, on: Said | None = None) -> Said:
        action = (on or self.last).button(label_start)
        if action["type"] == "postback":
            return self._turn({"message": action["label"], "postback": action["data"]})
        return self._turn({"message": action["text"]})

    def tap(self, data: str) -> Said:
        return self._turn({"postback": data})

    def _poll(self) -> list[Said]:
        r = self.client.get("/api/chat/updates", params={"session_id": self.id, "after": self.after,
                                                         "after_notice": self.after_notice})
        assert r.status_code == 200, r.text
        body = r.json()
        self.after = max([self.after, *(m["id"] for m in body["messages"])])
        self.after_notice = max([self.after_notice, *(n["id"] for n in body["notices"])])
        return [Said(n["text"], {a["label"]: a for a in n["actions"]}) for n in body["notices"]]

    def arrived(self, count: int = 1) -> list[Said]:
        got: list[Said] = []
        wait_for(f"{count} message(s) in the web chat", lambda: got.extend(self._poll()) or len(got) >= count)
        return got

    def reload(self) -> list[dict[str, Any]]:
        """What a reloaded chat page shows: the turns, staff messages and notices, oldest first."""
        r = self.client.get("/api/chat/history", params={"session_id": self.id})
        assert r.status_code == 200, r.text
        turns: list[dict[str, Any]] = r.json()["turns"]
        return turns


def _buttons(messages: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            action = node.get("action")
            if isinstance(action, dict) and "label" in action:
                found.setdefault(action["label"], action)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(messages)
    return found


class LineUser:
    channel = "line"

    def __init__(self, client: TestClient, line: FakeLine, secret: str) -> None:
        self.client, self.line, self.secret = client, line, secret
        self.id = "U" + uuid.uuid4().hex
        self.last = Said("")
        self.seen_pushes = 0

    def _event(self, event: dict[str, Any]) -> Said:
        body = body_of(event)
        r = self.client.post("/line/webhook", content=body, headers={"Content-Type": "application/json",
                                                                    "X-Line-Signature": sign(body, self.secret)})
        assert r.status_code == 200, r.text
        replies = wait_for("the reply on LINE", lambda: self.line.replies_to(event["replyToken"]))
        messages = replies[0].body["messages"]
        self.last = Said(text_of(messages), _buttons(messages))
        return self.last

    def say(self, text: str) -> Said:
        return self._event(webhook_event("text_message", user=self.id, text=text))

    def press(self, label_start: str, on: Said | None = None) -> Said:
        action = (on or self.last).button(label_start)
        if action["type"] == "postback":
            return self._event(webhook_event("postback", user=self.id, data=action["data"]))
        return self.say(action["text"])

    def tap(self, data: str) -> Said:
        return self._event(webhook_event("postback", user=self.id, data=f"1|{data}"))

    def arrived(self, count: int = 1) -> list[Said]:
        def new_pushes() -> list[Any] | None:
            pushes = self.line.pushes_to(self.id)[self.seen_pushes:]
            return pushes if len(pushes) >= count else None

        pushes = wait_for(f"{count} push(es) on LINE", new_pushes)
        self.seen_pushes += len(pushes)
        return [Said(text_of(p.body["messages"]), _buttons(p.body["messages"])) for p in pushes]
