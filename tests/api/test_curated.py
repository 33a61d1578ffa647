"""Curated answers: staff answer what the bot could not, and paraphrases are answered from them."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN_TOKEN

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}


def _ask(client: TestClient, message: str) -> dict[str, Any]:
    body: dict[str, Any] = client.post("/api/chat", json={"session_id": uuid.uuid4().hex,
                                                          "message": message}).json()
    return body


def test_staff_need_the_token(client: TestClient) -> None:
    r = client.post("/api/admin/curated-answers", json={"question": "q", "answer": "a"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_a_curated_answer_answers_paraphrases_with_its_source_and_counts_hits(client: TestClient) -> None:
    before = _ask(client, "數位點數可以拿來付營業稅嗎")
    assert before["intent"] == "not_stated"
    created = client.post("/api/admin/curated-answers", headers=STAFF, json={
        "question": "點數可以繳營業稅嗎？", "answer": "不行。數位點數只能折抵雲市集上架方案的費用，不能繳稅。",
        "year": 115, "hall": "", "audience": "sme", "source": "計畫辦公室 115年12月回覆"})
    assert created.status_code == 201 and created.json()["id"] > 0
    curated_id = created.json()["id"]
    after = _ask(client, "數位點數可以拿來付營業稅嗎")
    assert after["intent"] == "question" and "不能繳稅" in after["answer"]
    assert after["sources"][0]["source"] == "計畫辦公室 115年12月回覆" and after["sources"][0]["year"] == 115
    assert "115年度" in after["answer"]
    listed = client.get("/api/admin/curated-answers", headers=STAFF).json()
    assert next(c for c in listed if c["id"] == curated_id)["hits"] == 1
    unrelated = _ask(client, "110年工業館最多補助幾點？")
    assert "不能繳稅" not in unrelated["answer"] and "20萬" in unrelated["answer"]
    client.delete(f"/api/admin/curated-answers/{curated_id}", headers=STAFF)


def test_another_halls_question_is_not_taken_for_a_paraphrase(client: TestClient) -> None:
    created = client.post("/api/admin/curated-answers", headers=STAFF, json={
        "question": "115年工業館還有點數補助嗎？", "answer": "115年度工業館點數補助依產發署公告辦理。", "year": 115,
        "hall": "工業館", "source": "計畫辦公室"}).json()
    other = _ask(client, "115年商業館還有點數補助嗎？")
    assert "產發署公告" not in other["answer"]
    same = _ask(client, "115年的工業館還有點數補助嗎")
    assert "產發署公告" in same["answer"]
    retired = client.delete(f"/api/admin/curated-answers/{created['id']}", headers=STAFF)
    assert retired.status_code == 200 and retired.json()["status"] == "retired"


def test_a_retired_answer_answers_nothing_more(client: TestClient) -> None:
    created = client.post("/api/admin/curated-answers", headers=STAFF, json={
        "question": "雲市集客服的上班時間是幾點到幾點？", "answer": "週一至週五 9:00-18:00。",
        "source": "計畫辦公室"}).json()
    assert "9:00-18:00" in _ask(client, "雲市集客服幾點上班")["answer"]
    client.delete(f"/api/admin/curated-answers/{created['id']}", headers=STAFF)
    assert "9:00-18:00" not in _ask(client, "雲市集客服幾點上班")["answer"]


def test_bad_curated_answers_are_refused_clearly(client: TestClient) -> None:
    r = client.post("/api/admin/curated-answers", headers=STAFF,
                    json={"question": "問", "answer": "答", "hall": "火星館"})
    assert r.status_code == 400 and r.json()["error"]["details"][0]["field"] == "hall"
    missing = client.delete("/api/admin/curated-answers/999999", headers=STAFF)
    assert missing.status_code == 404


def test_the_queue_groups_similar_unanswered_questions_and_shows_the_loop_close(client: TestClient) -> None:
    for message in ("雲市集的抖音帳號是什麼？", "雲市集抖音官方帳號是哪個", "雲市集的抖音帳號是什麼？"):
        assert _ask(client, message)["intent"] in ("not_stated", "no_answer")
    queue = client.get("/api/admin/curation-queue", headers=STAFF).json()
    group = next(g for g in queue if "抖音" in g["question"])
    assert group["asked"] >= 3 and group["unanswered"] >= 3 and group["curated_id"] is None
    created = client.post("/api/admin/curated-answers", headers=STAFF, json={
        "question": group["question"], "answer": "雲市集沒有抖音帳號，請加 LINE 官方帳號。",
        "source": "計畫辦公室"}).json()
    assert "沒有抖音帳號" in _ask(client, "雲市集抖音官方帳號是哪個")["answer"]
    closed = next(g for g in client.get("/api/admin/curation-queue", headers=STAFF).json() if "抖音" in g["question"])
    assert closed["curated_id"] == created["id"] and closed["curated_hits"] == 1
    client.delete(f"/api/admin/curated-answers/{created['id']}", headers=STAFF)
