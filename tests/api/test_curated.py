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
