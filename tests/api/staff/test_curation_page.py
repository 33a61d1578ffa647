"""The curation page (/staff/curation): the queue of unanswered and 👎 questions grouped by similar
question, staff answering a group, the loop closing (hits), "not answerable here", experts invited
to answer, roles and CSRF."""

from __future__ import annotations

import re
import uuid
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.curated.tables import CuratedAnswer
from api.experts.services.accounts import create_account
from api.staff.services.audit import recent
from tests.api.staff.helpers import PASSWORD, csrf_from, sign_in_staff

PAGE = "/staff/curation"


def _ask(client: TestClient, message: str) -> dict[str, Any]:
    session_id = uuid.uuid4().hex
    body: dict[str, Any] = client.post("/api/chat", json={"session_id": session_id, "message": message}).json()
    return body | {"session_id": session_id}


def _group(html: str, word: str) -> tuple[int, str]:
    """The queue group whose question holds `word`: its key (the newest question's id) and its html."""
    for key, body in re.findall(r'<li class="group" id="group-(\d+)">(.*?)</li>\s*(?=<li class="group"|</ol>)',
                                html, re.S):
        if word in body.split("</h3>")[0]:
            return int(key), body
    raise AssertionError(f"no queue group about {word}")


def _answer_item(html: str, curated_id: int) -> str:
    found = re.search(rf'<li id="answer-{curated_id}">(.*?)</li>', html, re.S)
    assert found, f"curated answer {curated_id} is not listed"
    return found.group(1)


def _curated(client: TestClient, question: str) -> CuratedAnswer:
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        item = session.exec(select(CuratedAnswer).where(CuratedAnswer.question == question)
                            .order_by(CuratedAnswer.id.desc())).first()  # type: ignore[union-attr]
    assert item is not None
    return item


def test_an_editor_answers_a_queued_group_and_sees_the_loop_close(client: TestClient) -> None:
    for message in ("雲市集有沒有 Instagram 帳號？", "雲市集的 Instagram 帳號是哪一個"):
        assert _ask(client, message)["intent"] in ("not_stated", "no_answer")
    editor = sign_in_staff(client, "editor")
    page = client.get(PAGE)
    assert page.status_code == 200
    key, group = _group(page.text, "Instagram")
    assert "問了 2 次" in group and "Instagram 帳號？" in group  # the paraphrase is in the same group
    assert "找不到夠相近的資料" in group  # why the bot declined, from its trace
    form = client.get(f"{PAGE}/groups/{key}/form")
    assert form.status_code == 200 and f'name="exchange_id" value="{key}"' in form.text
    question = re.search(r'name="question" type="text" required maxlength="500" value="([^"]*)"', form.text)
    assert question and "Instagram" in question.group(1)
    posted = client.post(f"{PAGE}/answers", data={
        "csrf_token": editor.csrf, "exchange_id": str(key), "question": question.group(1), "kind": "answer",
        "answer": "雲市集沒有 Instagram 帳號，最新消息請看 LINE 官方帳號。", "year": "115", "hall": "",
        "audience": "general", "source": "計畫辦公室 115年公告"}, follow_redirects=False)
    assert posted.status_code == 303 and "msg=" in posted.headers["location"]
    after = client.get(PAGE)
    assert "Instagram" not in after.text.split('id="pending-heading"')[0].split('id="answers-heading"')[0]
    item = _curated(client, question.group(1))
    assert "命中 0 次" in _answer_item(after.text, item.id or 0)

    third = _ask(client, "雲市集有 Instagram 帳號嗎")
    assert "沒有 Instagram 帳號" in third["answer"] and third["sources"][0]["source"] == "計畫辦公室 115年公告"
    assert third["sources"][0]["year"] == 115
    listed = _answer_item(client.get(PAGE).text, item.id or 0)
    assert "命中 1 次" in listed and editor.username in listed
    assert [a.action for a in recent(session=Session(client.app.state.resources.db),  # type: ignore[attr-defined]
                                     actor=editor.username)][:1] == ["curated.write"]

    # edit, then retire: the audit trail has both, and the answer answers nothing more
    edited = client.post(f"{PAGE}/answers/{item.id}", data={
        "csrf_token": editor.csrf, "question": item.question, "kind": "answer", "year": "115", "hall": "",
        "audience": "general", "source": "計畫辦公室 115年公告",
        "answer": "雲市集目前沒有 Instagram 帳號，請加 LINE 官方帳號。"}, follow_redirects=False)
    assert edited.status_code == 303
    assert "目前沒有 Instagram" in _ask(client, "雲市集有 Instagram 帳號嗎")["answer"]
    retired = client.post(f"{PAGE}/answers/{item.id}/retire", data={"csrf_token": editor.csrf},
                          follow_redirects=False)
    assert retired.status_code == 303
    again = client.post(f"{PAGE}/answers/{item.id}/retire", data={"csrf_token": editor.csrf},
                        follow_redirects=False)
    assert again.status_code == 303  # a second click does no harm
    assert "Instagram 帳號，請加" not in _ask(client, "雲市集有 Instagram 帳號嗎")["answer"]
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        actions = [a.action for a in recent(session=session, actor=editor.username)]
    assert actions[:3] == ["curated.retire", "curated.edit", "curated.write"]


def test_a_disliked_answer_is_queued_with_the_users_comment(client: TestClient) -> None:
    sign_in_staff(client, "admin")
    # a topic no other test asks the session's app (the queue groups similar questions of all tests)
    question = "110年農業館一家最多可以補助幾點"
    page = client.get(PAGE).text
    before = _group(page, question)[1] if question in page else ""
    votes_before = int(m.group(1)) if (m := re.search(r"👎 (\d+) 次", before)) else 0
    reply = _ask(client, f"{question}？")
    assert reply["intent"] == "question"
    vote = client.post("/api/feedback", json={"exchange_id": reply["exchange_id"], "helpful": False,
                                              "session_id": reply["session_id"], "comment": "我想知道的是商業館"})
    assert vote.status_code == 201
    _, group = _group(client.get(PAGE).text, question)
    assert f"👎 {votes_before + 1} 次" in group and "我想知道的是商業館" in group


def test_a_not_answerable_reply_answers_paraphrases_without_a_source(client: TestClient) -> None:
    for message in ("雲市集辦公室有哺乳室嗎？", "去雲市集辦公室可以用哺乳室嗎"):
        _ask(client, message)
    editor = sign_in_staff(client, "editor")
    # a topic no other test asks the session's app about: the count is this test's own
    key, group = _group(client.get(PAGE).text, "哺乳室")
    assert "問了 2 次" in group
    posted = client.post(f"{PAGE}/answers", data={
        "csrf_token": editor.csrf, "exchange_id": str(key), "question": "去雲市集辦公室可以用哺乳室嗎",
        "kind": "not_answerable", "answer": "計畫辦公室沒有設置哺乳室，建議洽詢大樓管理處；也可以預約線上專家諮詢。",
        "year": "", "hall": "", "audience": "general", "source": "不應出現的依據"}, follow_redirects=False)
    assert posted.status_code == 303
    reply = _ask(client, "雲市集辦公室哪裡有哺乳室")
    assert "沒有設置哺乳室" in reply["answer"] and "沒有涵蓋" in reply["answer"]
    assert reply["sources"] == [] and reply["intent"] == "not_stated"
    assert any(a["type"] == "book_expert" or "專家" in a["label"] for a in reply["actions"])
    item = _curated(client, "去雲市集辦公室可以用哺乳室嗎")
    assert item.kind == "not_answerable" and item.source == "" and item.hits == 1
    html = client.get(PAGE).text
    assert "此處無法回答" in _answer_item(html, item.id or 0)
    assert "哺乳室" not in html.split('id="answers-heading"')[0].split('id="queue-heading"')[1]  # out of the queue
    client.post(f"{PAGE}/answers/{item.id}/retire", data={"csrf_token": editor.csrf})


def test_bad_input_is_refused_clearly_and_keeps_what_was_typed(client: TestClient) -> None:
    editor = sign_in_staff(client, "editor")
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        before = len(session.exec(select(CuratedAnswer)).all())
    for field, value, problem in (("year", "一一一", "民國年"), ("hall", "火星館", "館別"), ("source", "", "依據"),
                                  ("kind", "maybe", "此處無法回答"), ("answer", " ", "不能空白")):
        data = {"csrf_token": editor.csrf, "question": "點數可以換現金嗎（測試）", "kind": "answer",
                "answer": "不可以換現金，寫得很仔細的一段答覆。", "year": "111", "hall": "", "audience": "sme",
                "source": "作業要點"} | {field: value}
        r = client.post(f"{PAGE}/answers", data=data)
        assert r.status_code == 400 and problem in r.text, field
        if field != "answer":
            assert "寫得很仔細的一段答覆" in r.text  # nothing typed is lost
    assert client.post(f"{PAGE}/answers/999999", data={
        "csrf_token": editor.csrf, "question": "問", "answer": "答", "source": "依據"}).status_code == 404
    missing = client.post(f"{PAGE}/answers/999999/retire", data={"csrf_token": editor.csrf}, follow_redirects=False)
    assert missing.status_code == 303 and "err=" in missing.headers["location"]
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        assert len(session.exec(select(CuratedAnswer)).all()) == before


def test_the_same_answer_sent_twice_is_stored_once(client: TestClient) -> None:
    editor = sign_in_staff(client, "editor")
    data = {"csrf_token": editor.csrf, "question": "雲市集的統一客服信箱是什麼（重送測試）", "kind": "answer",
            "answer": "請寫信到計畫辦公室信箱。", "source": "計畫辦公室", "audience": "general"}
    first = client.post(f"{PAGE}/answers", data=data, follow_redirects=False)
    second = client.post(f"{PAGE}/answers", data=data, follow_redirects=False)
    assert first.headers["location"] == second.headers["location"]
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        rows = session.exec(select(CuratedAnswer).where(CuratedAnswer.question == data["question"])).all()
    assert len(rows) == 1
    client.post(f"{PAGE}/answers/{rows[0].id}/retire", data={"csrf_token": editor.csrf})


def test_a_reviewer_may_not_use_the_page_and_a_post_without_csrf_changes_nothing(client: TestClient) -> None:
    sign_in_staff(client, "reviewer")
    assert client.get(PAGE).status_code == 403
    assert client.post(f"{PAGE}/answers", data={"question": "q", "answer": "a"}).status_code == 403
    editor = sign_in_staff(client, "editor")
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        before = len(session.exec(select(CuratedAnswer)).all())
    data = {"question": "沒有權杖的答覆", "answer": "不該存下", "source": "x", "kind": "answer"}
    assert client.post(f"{PAGE}/answers", data=data).status_code == 403
    assert client.post(f"{PAGE}/answers", data=data | {"csrf_token": "0" * 64}).status_code == 403
    assert client.post(f"{PAGE}/invitations", data={"question": "q", "expert": "x"}).status_code == 403
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        assert len(session.exec(select(CuratedAnswer)).all()) == before
    assert editor.csrf  # the same page with the token works (the other tests post with it)
    client.cookies.clear()
    signed_out = client.get(PAGE, follow_redirects=False)
    assert signed_out.status_code in (302, 303) and "/staff/login" in signed_out.headers["location"]


def test_an_invited_expert_answers_and_an_editor_publishes_it(client: TestClient) -> None:
    username = f"expert-{uuid.uuid4().hex[:6]}"
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        create_account(session=session, username=username, password=PASSWORD, role="expert", expert_id=None,
                       display_name="林專家")
    _ask(client, "雲市集的 TikTok 帳號叫什麼？")
    editor = sign_in_staff(client, "editor")
    key, _ = _group(client.get(PAGE).text, "TikTok")
    form = client.get(f"{PAGE}/groups/{key}/form").text
    assert username in form
    invited = client.post(f"{PAGE}/invitations", data={"csrf_token": editor.csrf, "exchange_id": str(key),
                                                       "question": "雲市集的 TikTok 帳號叫什麼？", "expert": username},
                          follow_redirects=False)
    assert invited.status_code == 303 and "msg=" in invited.headers["location"]
    item = _curated(client, "雲市集的 TikTok 帳號叫什麼？")
    assert item.status == "invited" and item.invited_expert == username

    client.cookies.clear()
    assert client.post("/console/login", data={"username": username, "password": PASSWORD},
                       follow_redirects=False).status_code == 303
    page = client.get("/console/questions")
    assert page.status_code == 200 and "TikTok" in page.text
    draft = {"answer": "雲市集沒有 TikTok 帳號。", "year": "", "hall": "", "audience": "general", "source": "專家說明"}
    assert client.post(f"/console/questions/{item.id}", data=draft).status_code == 403  # no CSRF token
    sent = client.post(f"/console/questions/{item.id}", data=draft | {"csrf_token": csrf_from(page.text)},
                       follow_redirects=False)
    assert sent.status_code == 303
    assert "沒有 TikTok 帳號" not in _ask(client, "雲市集的 TikTok 帳號叫什麼")["answer"]  # a draft answers nothing

    editor = sign_in_staff(client, "editor")
    html = client.get(PAGE).text
    assert "專家草稿待發布" in _answer_item(html, item.id or 0)
    published = client.post(f"{PAGE}/answers/{item.id}/publish", data={"csrf_token": editor.csrf},
                            follow_redirects=False)
    assert published.status_code == 303
    assert "沒有 TikTok 帳號" in _ask(client, "雲市集的 TikTok 帳號叫什麼")["answer"]
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        actions = {a.action for a in recent(session=session, limit=50)}
    assert {"curated.invite", "curated.draft", "curated.publish"} <= actions
    client.post(f"{PAGE}/answers/{item.id}/retire", data={"csrf_token": editor.csrf})
