"""A LINE user deletes their data in the chat: asked to confirm, then nothing of them is left in
the staff exchanges and their conversation starts afresh."""

from __future__ import annotations

from sqlmodel import Session, select

from api.exchanges import hash_user
from api.models import DialogueStateRow, Exchange
from tests.api.line.conftest import Line, text_of, webhook_event


def _exchanges(line: Line, user_hash: str) -> list[Exchange]:
    with Session(line.db) as session:
        return list(session.exec(select(Exchange).where(Exchange.user_hash == user_hash)).all())


def test_a_line_user_deletes_their_data_after_confirming(line: Line) -> None:
    user = "U" + "a1" * 16
    salt = line.client.app.state.resources.settings.user_hash_salt.get_secret_value()  # type: ignore[attr-defined]
    user_hash = hash_user(salt=salt, channel="line", user_id=user)
    question = webhook_event("text_message", user=user, text="雲市集是什麼？")
    line.send(question)
    assert _exchanges(line, user_hash)

    summary = webhook_event("text_message", user=user, text="查詢我的個人資料")
    line.send(summary)
    said = text_of(line.reply_to(summary))
    assert "對話紀錄" in said and "下載" not in said.split("\n")[-1]  # no download link on LINE

    ask = webhook_event("text_message", user=user, text="請刪除我的個人資料")
    line.send(ask)
    asked = text_of(line.reply_to(ask))
    assert "無法復原" in asked and "確認刪除" in asked

    items = [i["action"] for m in line.reply_to(ask) for i in m.get("quickReply", {}).get("items", [])]
    button = next(a for a in items if a["label"] == "確認刪除")
    confirm = webhook_event("postback", user=user, data=button["data"])  # the user presses it
    line.send(confirm)
    assert "已刪除您的個人資料" in text_of(line.reply_to(confirm))
    assert _exchanges(line, user_hash) == []
    with Session(line.db) as session:
        assert session.get(DialogueStateRow, f"line:{user}") is None
