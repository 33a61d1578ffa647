"""Knowledge management: staff upload documents and FAQ files, follow the ingest, replace, retire,
delete, and try a question; what is uploaded answers without a restart."""

from __future__ import annotations

import time
import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.api.conftest import ADMIN_TOKEN

STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
MASCOT_FAQ = ("- id: kadm-mascot\n  question: 雲市集的吉祥物叫什麼名字？\n  answer: 雲市集的吉祥物叫做雲寶寶，"
              "每年在成果發表會和大家見面。\n")


def ask(client: TestClient, message: str) -> dict[str, Any]:
    body: dict[str, Any] = client.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": message}).json()
    return body


def upload(client: TestClient, name: str, content: bytes | str, *, path: str = "/api/admin/documents",
           **form: str) -> dict[str, Any]:
    data = content.encode() if isinstance(content, str) else content
    r = client.post(path, headers=STAFF, files={"file": (name, data)}, data=form)
    assert r.status_code == 202, r.text
    return finished(client, r.json()["id"])


def finished(client: TestClient, job_id: int) -> dict[str, Any]:
    for _ in range(600):
        job: dict[str, Any] = client.get(f"/api/admin/documents/jobs/{job_id}", headers=STAFF).json()
        if job["state"] in ("done", "failed"):
            return job
        time.sleep(0.1)
    raise AssertionError(f"job {job_id} did not finish: {job}")


def document(client: TestClient, document_id: int) -> dict[str, Any]:
    body: dict[str, Any] = client.get(f"/api/admin/documents/{document_id}", headers=STAFF).json()
    return body


def test_an_uploaded_faq_answers_at_once_with_the_metadata_staff_set(client: TestClient) -> None:
    assert "雲寶寶" not in ask(client, "雲市集的吉祥物叫什麼名字")["answer"]
    job = upload(client, "mascot.yaml", MASCOT_FAQ, year="115", hall="商業館", source="計畫辦公室 吉祥物公告")
    assert job["state"] == "done" and job["report"]["added"] == 1 and job["report"]["errors"] == []
    doc = document(client, job["document_id"])
    assert (doc["kind"], doc["year"], doc["hall"], doc["source"], doc["chunk_count"], doc["ingested_by"]) == (
        "faq", 115, "商業館", "計畫辦公室 吉祥物公告", 1, "admin")
    assert [e["title"] for e in doc["entries"]] == ["雲市集的吉祥物叫什麼名字？"]
    listed = client.get("/api/admin/documents", headers=STAFF).json()
    assert listed[0]["id"] == doc["id"] and listed[0]["status"] == "active"
    reply = ask(client, "雲市集的吉祥物叫什麼名字")
    assert "雲寶寶" in reply["answer"]
    assert reply["sources"][0]["source"] == "計畫辦公室 吉祥物公告" and reply["sources"][0]["year"] == 115

    retired = client.post(f"/api/admin/documents/{doc['id']}/retire", headers=STAFF).json()
    assert retired["status"] == "retired" and retired["updated_by"] == "admin"
    assert "雲寶寶" not in ask(client, "雲市集的吉祥物叫什麼名字")["answer"]
    assert document(client, doc["id"])["status"] == "retired"  # kept for the record
    again = client.post(f"/api/admin/documents/{doc['id']}/retire", headers=STAFF)
    assert again.status_code == 409
    assert client.delete(f"/api/admin/documents/{doc['id']}", headers=STAFF).status_code == 204
    assert client.get(f"/api/admin/documents/{doc['id']}", headers=STAFF).status_code == 404


def test_every_bad_record_is_reported_with_its_line_and_nothing_is_ingested(client: TestClient) -> None:
    before = len(client.get("/api/admin/documents", headers=STAFF).json())
    csv = ("id,question,answer,hall\nk-1,好的問題？,好的答案。,\nk-2,沒有答案的問題？,,\nk-3,問題？,答案。,太空館\n"
           "k-1,重複？,重複。,\n")
    job = upload(client, "bad.csv", csv)
    assert job["state"] == "failed" and job["document_id"] is None
    assert [(e["file"], e["line"]) for e in job["report"]["errors"]] == [("bad.csv", 3), ("bad.csv", 4),
                                                                         ("bad.csv", 5)]
    assert "missing answer" in job["report"]["errors"][0]["reason"]
    assert len(client.get("/api/admin/documents", headers=STAFF).json()) == before


def test_an_faq_id_of_another_document_is_refused(client: TestClient) -> None:
    job = upload(client, "clash.jsonl", '{"id": "kadm-own", "question": "自己的問題？", "answer": "自己的答案。"}\n')
    assert job["state"] == "done"
    clash = upload(client, "clash2.jsonl", '{"id": "kadm-own", "question": "別人的？", "answer": "別人的。"}\n')
    assert clash["state"] == "failed" and "already used by clash.jsonl" in clash["report"]["errors"][0]["reason"]
    client.delete(f"/api/admin/documents/{job['document_id']}", headers=STAFF)


def test_a_replaced_document_answers_its_new_text_and_keeps_its_record(client: TestClient) -> None:
    first = upload(client, "hours.md", "# 客服時間\n\n雲市集客服專線服務時間為週一至週五上午九點到下午五點。\n",
                   audience="sme")
    assert first["state"] == "done"
    doc_id = first["document_id"]
    assert document(client, doc_id)["source"] == "" and document(client, doc_id)["audience"] == "sme"
    bad = upload(client, "hours.txt", b"\xff\xfe not utf-8", path=f"/api/admin/documents/{doc_id}/replace")
    assert bad["state"] == "failed" and "not UTF-8" in bad["report"]["errors"][0]["reason"]
    assert document(client, doc_id)["filename"] == "hours.md"  # the old version still answers
    second = upload(client, "hours-2.md", "# 客服時間\n\n雲市集客服專線服務時間改為每天上午八點到晚上八點。\n",
                    path=f"/api/admin/documents/{doc_id}/replace")
    assert second["state"] == "done" and second["document_id"] == doc_id
    assert (second["report"]["added"], second["report"]["updated"], second["report"]["removed"]) == (0, 1, 0)
    doc = document(client, doc_id)
    assert doc["filename"] == "hours-2.md" and doc["chunk_count"] == 1 and len(doc["entries"]) == 1
    assert "晚上八點" in ask(client, "雲市集客服專線服務時間是幾點到幾點")["answer"]
    third = upload(client, "hours-2.md", "# 客服時間\n\n雲市集客服專線服務時間改為每天上午八點到晚上八點。\n",
                   path=f"/api/admin/documents/{doc_id}/replace")  # the same text again: nothing embedded
    assert (third["report"]["unchanged"], third["report"]["updated"]) == (1, 0)
    client.post(f"/api/admin/documents/{doc_id}/retire", headers=STAFF)
    assert "晚上八點" not in ask(client, "雲市集客服專線服務時間是幾點到幾點")["answer"]  # the moved passage went too
    listed = [d for d in client.get("/api/admin/documents", headers=STAFF).json() if d["id"] == doc_id]
    assert len(listed) == 1
    client.delete(f"/api/admin/documents/{doc_id}", headers=STAFF)


def test_bad_uploads_are_clear_refusals_in_the_staff_language(client: TestClient) -> None:
    def refused(files: Any, data: dict[str, str] | None = None, english: bool = False) -> tuple[int, dict[str, Any]]:
        headers = {**STAFF, **({"Accept-Language": "en"} if english else {})}
        r = client.post("/api/admin/documents", headers=headers, files=files, data=data or {})
        return r.status_code, r.json()["error"]

    status, error = refused({"file": ("sheet.xlsx", b"x")})
    assert status == 400 and "不支援" in error["message"]
    status, error = refused({"file": ("sheet.xlsx", b"x")}, english=True)
    assert status == 400 and "Unsupported file type" in error["message"]
    status, error = refused({"file": ("empty.md", b"")})
    assert status == 400 and "空的" in error["message"]
    status, error = refused({"file": ("a.md", b"# x\n\ny\n")}, {"hall": "太空館"})
    assert status == 400 and "館別" in error["message"]
    status, error = refused({"file": ("a.md", b"# x\n\ny\n")}, {"year": "明年"})
    assert status == 400 and "年度" in error["message"]
    status, error = refused({"file": ("../../etc/.passwd", b"x")})
    assert status == 400
    r = client.post("/api/admin/documents", headers=STAFF, data={"hall": "商業館"})
    assert r.status_code in (400, 422) and r.json()["error"]["message"]
    r = client.post("/api/admin/documents", files={"file": ("a.md", b"# x\n\ny\n")})
    assert r.status_code == 401
    assert client.post("/api/admin/documents/999999/retire", headers=STAFF).status_code == 404
    assert client.get("/api/admin/documents/jobs/999999", headers=STAFF).status_code == 404
    r = client.post("/api/admin/documents/999999/replace", headers=STAFF, files={"file": ("a.md", b"# x\n\ny\n")})
    assert r.status_code == 404 and "找不到" in r.json()["error"]["message"]


def test_try_a_question_shows_the_passages_ranks_scores_and_decision(client: TestClient) -> None:
    r = client.post("/api/admin/try-question", headers=STAFF, json={"question": "110年工業館最多補助幾點？"})
    assert r.status_code == 200, r.text
    trial = r.json()
    assert trial["decision"] == "answer" and "20萬" in trial["reply"]["answer"]
    assert [p["rank"] for p in trial["passages"]] == list(range(1, len(trial["passages"]) + 1))
    top = trial["passages"][0]
    assert top["year"] == 110 and 0 < top["score"] <= 1 and top["lexical_rank"] and top["dense_rank"]
    blank = client.post("/api/admin/try-question", headers=STAFF, json={"question": "   "})
    assert blank.status_code == 400
    exchanges = client.get("/api/admin/exchanges", headers=STAFF).json()
    assert all(e["question"] != "110年工業館最多補助幾點？" or e["channel"] != "web" for e in exchanges[:1])
