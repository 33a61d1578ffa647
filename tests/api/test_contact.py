"""Asking for a person on the web chat leaves a contact request that staff can see."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from api.contact import messages as msg


def test_contact_flow_over_the_web_reaches_staff(client: TestClient, staff: dict[str, str]) -> None:
    session = f"contact-{uuid.uuid4().hex[:6]}"

    def send(message: str = "", postback: str | None = None) -> dict:  # type: ignore[type-arg]
        r = client.post("/api/chat", json={"session_id": session, "message": message, "postback": postback})
        assert r.status_code == 200
        return r.json()  # type: ignore[no-any-return]

    first = send("我要找真人客服")
    start = next(a for a in first["actions"] if a.get("data") == "flow:start:contact")
    assert send(postback=start["data"])["form"]["step"] == "name"
    assert send("陳美玲")["form"]["step"] == "phone"
    bad = send("123")
    assert bad["form"]["step"] == "phone" and bad["form"]["error"] and bad["form"]["values"] == {"name": "陳美玲"}
    send("0912-345-678")
    send("數位點數申請")
    confirm = send("略過")
    assert confirm["form"]["confirming"] is True
    done = send("確認送出")
    assert done["form"] is None and "C-" in done["answer"] and msg.RECEIVED[0] in done["answer"]
    rows = client.get("/api/admin/contact-requests", headers=staff).json()
    mine = next(r for r in rows if r["name"] == "陳美玲")
    assert mine["phone"] == "0912345678" and mine["topic"] == "points" and mine["channel"] == "web"
