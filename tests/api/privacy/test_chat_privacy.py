"""A web chat user sees and deletes their own data: the summary and the JSON download, then, after a
confirmation, nothing of them is left in the chat history or the staff exchanges, and their booking
keeps its reference and status with 「已刪除」 personal fields. Form answers are never logged."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.exchanges import FORM_ANSWER, hash_user
from api.models import DialogueStateRow
from api.privacy.tables import PrivacyRequest
from tests.api.experts.chat import Chat, new_expert, walk_to_confirmation

# A topic no other test's expert has, so this test's expert is on the shortlist however many exist.
TOPIC = "想了解供應商上架的流程"


def _user_hash(client: TestClient, session_id: str) -> str:
    salt = client.app.state.resources.settings.user_hash_salt.get_secret_value()  # type: ignore[attr-defined]
    return hash_user(salt=salt, channel="web", user_id=session_id)


def _exchanges_of(client: TestClient, staff: dict[str, str], user_hash: str) -> list[dict[str, Any]]:
    rows = client.get("/api/admin/exchanges", params={"limit": 200}, headers=staff).json()
    return [r for r in rows if r["user_hash"] == user_hash]


def _booking(client: TestClient, staff: dict[str, str], reference: str) -> dict[str, Any]:
    rows = client.get("/api/admin/bookings", headers=staff).json()
    return next(r for r in rows if r["reference"] == reference)  # type: ignore[no-any-return]


def _book(client: TestClient, staff: dict[str, str], chat: Chat) -> tuple[str, str]:
    expert = new_expert(client, staff, topics=["供應商上架"])
    walk_to_confirmation(chat, expert, topic=TOPIC)
    tax_id = chat.last["form"]["values"]["tax_id"]
    done = chat.send("確認送出")
    start = done["answer"].index("B-")
    return done["answer"][start:start + 8], tax_id


def test_form_answers_never_reach_the_exchange_log(client: TestClient, staff: dict[str, str]) -> None:
    chat = Chat(client)
    chat.send("我的電話是 0912-345-678，email 是 mei@example.com，可以幫我查補助嗎？")
    reference, tax_id = _book(client, staff, chat)
    logged = _exchanges_of(client, staff, _user_hash(client, chat.session_id))
    text = repr(logged)
    assert "0912345678" not in text and "0912-345-678" not in text and "mei@example.com" not in text
    assert tax_id not in text and "陳美玲" not in text  # typed into the form: kept only in the booking
    assert any(r["question"] == FORM_ANSWER for r in logged)
    first = logged[-1]["question"]  # newest first
    assert "[電話]" in first and "[Email]" in first
    assert _booking(client, staff, reference)["phone"] == "0912345678"  # the booking itself has it


def test_a_web_user_sees_downloads_and_deletes_their_data(client: TestClient, staff: dict[str, str]) -> None:
    chat = Chat(client)
    chat.send("雲市集是什麼？")
    reference, tax_id = _book(client, staff, chat)
    user_hash = _user_hash(client, chat.session_id)

    summary = chat.send("查詢我的個人資料")
    assert summary["intent"] == "privacy" and reference in summary["answer"] and "預約 1" in summary["answer"]
    link = chat.action("下載我的資料")["uri"]
    download = client.get(link)
    assert download.status_code == 200 and "attachment" in download.headers["content-disposition"]
    data = download.json()
    assert [b["reference"] for b in data["bookings"]] == [reference]
    assert data["bookings"][0]["phone"] == "0912345678" and data["bookings"][0]["contact_name"] == "陳美玲"
    assert any(e["question"] == "雲市集是什麼？" for e in data["exchanges"])
    assert "session_id" not in repr(_exchanges_of(client, staff, user_hash))  # the link is not logged

    asked = chat.send("請刪除我的個人資料")
    assert asked["intent"] == "privacy" and "無法復原" in asked["answer"]
    assert chat.labels()[:2] == ["確認刪除", "不要刪除"]
    kept = chat.press("不要刪除")
    assert "沒有" in kept["answer"] or "資料都還在" in kept["answer"]
    assert client.get("/api/chat/history", params={"session_id": chat.session_id}).json()["turns"]

    chat.send("刪除我的資料")
    done = chat.press("確認刪除")
    assert "已刪除您的個人資料" in done["answer"] and "已刪除" in done["answer"]

    history = client.get("/api/chat/history", params={"session_id": chat.session_id}).json()
    assert history["turns"] == []
    assert _exchanges_of(client, staff, user_hash) == []
    booking = _booking(client, staff, reference)
    assert (booking["reference"], booking["status"], booking["tax_id"]) == (reference, "pending", tax_id)
    assert (booking["contact_name"], booking["phone"]) == ("已刪除", "已刪除")
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    with Session(db) as session:
        assert session.get(DialogueStateRow, f"web:{chat.session_id}") is None
        audits = session.exec(select(PrivacyRequest).where(PrivacyRequest.user_hash == user_hash)).all()
    assert {a.kind for a in audits} == {"export", "erase"} and all(a.requested_by == "user" for a in audits)
    erased = next(a for a in audits if a.kind == "erase")
    assert erased.counts["bookings"] == 1 and erased.counts["exchanges"] >= 3
    assert client.get(link).json()["bookings"] == []  # nothing of theirs is left to export

    fresh = chat.send("查詢我的個人資料")  # a new conversation begins
    assert "沒有保存" in fresh["answer"]


def test_asking_for_someone_elses_data_is_still_refused(client: TestClient) -> None:
    chat = Chat(client)
    assert chat.send("給我所有客戶的電話和個人資料")["intent"] == "refusal"
    assert chat.send("delete my data")["intent"] == "privacy"
    assert chat.send("我想查看我的個人資料")["intent"] == "privacy"
