"""The web chat contract (POST /api/chat), its streaming variant, feedback and staff analytics."""

from __future__ import annotations

import json
import uuid
from typing import Any

from fastapi.testclient import TestClient
from pydantic import SecretStr

from api.app import create_app
from api.settings import Settings
from tests.bot.fake_openai import fake_openai_server


def _session() -> str:
    return f"test-{uuid.uuid4().hex[:8]}"


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _english(text: str) -> bool:
    return bool(text.strip()) and text.isascii()


def test_chat_answers_with_sources_year_and_actions(client: TestClient) -> None:
    r = client.post("/api/chat", json={"session_id": _session(), "message": "110年工業館最多補助幾點？"})
    assert r.status_code == 200
    body = r.json()
    assert set(body) >= {"answer", "sources", "confidence", "actions", "handoff"}
    assert "20萬點" in body["answer"] and "110年度" in body["answer"]
    assert body["sources"] and {"title", "source", "snippet", "score"} <= set(body["sources"][0])
    assert body["sources"][0]["year"] == 110
    assert 0.0 <= body["confidence"] <= 1.0
    assert all({"type", "label"} <= set(a) for a in body["actions"])
    assert any(a["label"] == "預約專家" for a in body["actions"])
    assert body["handoff"] is None
    assert isinstance(body["exchange_id"], int)


def test_simplified_question_gets_a_traditional_answer(client: TestClient) -> None:
    body = client.post("/api/chat", json={"session_id": _session(), "message": "我开餐厅能补助多少点数"}).json()
    assert "商業館" in body["answer"] and "3萬點" in body["answer"]


def test_button_postback_goes_through_the_engine(client: TestClient) -> None:
    session = _session()
    first = client.post("/api/chat", json={"session_id": session, "message": "110年工業館最多補助幾點？"}).json()
    postback = next(a for a in first["actions"] if a["type"] == "postback")
    r = client.post("/api/chat", json={"session_id": session, "message": "", "postback": postback["data"]})
    assert r.status_code == 200 and r.json()["answer"]


def test_out_of_scope_is_declined_without_sources_and_logged_for_staff(client: TestClient,
                                                                       staff: dict[str, str]) -> None:
    body = client.post("/api/chat", json={"session_id": _session(), "message": "幫我查台積電今天股價"}).json()
    assert body["intent"] == "out_of_scope" and body["sources"] == []
    rows = client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    mine = next(row for row in rows if row["id"] == body["exchange_id"])
    assert mine["question"] == "幫我查台積電今天股價"
    assert mine["intent"] == "out_of_scope"


def _unanswered_ids(client: TestClient, staff: dict[str, str]) -> set[int]:
    rows = client.get("/api/admin/exchanges", headers=staff, params={"unanswered": "true", "limit": 500}).json()
    return {row["id"] for row in rows}


def test_question_the_kb_cannot_answer_says_so_and_is_listed_as_unanswered(
        client: TestClient, staff: dict[str, str]) -> None:
    body = client.post("/api/chat", json={"session_id": _session(), "message": "雲市集的辦公室可以停車嗎"}).json()
    assert body["intent"] == "not_stated" and "停車" in body["answer"]
    assert any(a["label"] == "預約專家" for a in body["actions"])
    assert body["exchange_id"] in _unanswered_ids(client, staff)


def test_an_answered_question_is_not_listed_as_unanswered(client: TestClient, staff: dict[str, str]) -> None:
    body = client.post("/api/chat", json={"session_id": _session(), "message": "110年工業館最多補助幾點？"}).json()
    assert body["intent"] == "question" and body["sources"]
    assert body["exchange_id"] not in _unanswered_ids(client, staff)


def test_a_question_on_a_topic_the_documents_do_not_cover_says_so(client: TestClient) -> None:
    body = client.post("/api/chat", json={"session_id": _session(),
                                          "message": "雲市集的點數可以拿來繳營業稅嗎"}).json()
    assert body["intent"] == "not_stated" and "營業稅" in body["answer"]
    assert any(a["label"] == "預約專家" for a in body["actions"])


def test_bad_inputs_get_clear_errors_in_the_users_language(client: TestClient) -> None:
    empty = client.post("/api/chat", json={"session_id": _session(), "message": "   "})
    assert empty.status_code == 400
    assert empty.json()["error"]["code"] == "invalid_input" and empty.json()["error"]["details"] is None
    assert _chinese(empty.json()["error"]["message"])
    empty_en = client.post("/api/chat", json={"session_id": _session(), "message": "   "},
                           headers={"Accept-Language": "en-US"})
    assert empty_en.json()["error"]["code"] == "invalid_input" and _english(empty_en.json()["error"]["message"])
    missing = client.post("/api/chat", json={"message": "hi"})
    assert missing.status_code == 422
    assert missing.json()["error"]["code"] == "validation_error" and "對話編號" in missing.json()["error"]["message"]
    english = client.post("/api/chat", json={"message": "hi"}, headers={"Accept-Language": "en-US"})
    assert "session_id" in english.json()["error"]["message"]
    too_long = client.post("/api/chat", json={"session_id": _session(), "message": "字" * 1500})
    assert too_long.status_code == 400 and "太長" in too_long.json()["error"]["message"]
    not_json = client.post("/api/chat", content=b"{oops", headers={"Content-Type": "application/json"})
    assert not_json.status_code == 422 and "Traceback" not in not_json.text
    assert client.get("/api/nothing-here").json()["error"]["code"] == "http_404"


def _events(client: TestClient, message: str, session: str | None = None) -> tuple[list[str], list[Any]]:
    with client.stream("POST", "/api/chat/stream", json={"session_id": session or _session(), "message": message}) as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        raw = "".join(r.iter_text())
    events = [block for block in raw.replace("\r\n", "\n").split("\n\n") if block.strip()]
    kinds = [next(line[7:] for line in e.splitlines() if line.startswith("event: ")) for e in events]
    data = [json.loads(next(line[6:] for line in e.splitlines() if line.startswith("data: "))) for e in events]
    return kinds, data


def test_streaming_without_an_llm_sends_the_reply_at_once(client: TestClient) -> None:
    kinds, data = _events(client, "111年工業館點數可以折抵幾成")
    assert kinds == ["reply"]  # nothing is written token by token: no made-up "typing"
    assert "5成" in data[-1]["answer"] and data[-1]["sources"]


def test_streaming_with_an_llm_sends_its_tokens_then_the_checked_reply(api_settings: Settings) -> None:
    with fake_openai_server() as (url, behaviour):
        behaviour.content = "111年度工業館點數最高可折抵5成費用 [1]。"
        settings = api_settings.model_copy(update={"llm_base_url": url, "llm_model": "fake",
                                                   "llm_api_key": SecretStr("test-key"), "ingest_on_start": False})
        with TestClient(create_app(settings)) as llm_client:
            kinds, data = _events(llm_client, "111年工業館點數可以折抵幾成")
    assert kinds[-1] == "reply" and kinds.count("delta") >= 3  # the fake streams 4 characters at a time
    streamed = "".join(d["text"] for d, kind in zip(data, kinds, strict=True) if kind == "delta")
    assert streamed == behaviour.content
    assert any(r["body"].get("stream") for r in behaviour.requests)
    assert "5成" in data[-1]["answer"] and "[1]" in data[-1]["answer"] and data[-1]["sources"]


def test_feedback_is_stored_replaced_and_counted(client: TestClient, staff: dict[str, str]) -> None:
    session_id = _session()
    body = client.post("/api/chat", json={"session_id": session_id, "message": "雲端收銀POS是什麼"}).json()
    before = client.get("/api/admin/stats", headers=staff).json()
    r = client.post("/api/feedback", json={"exchange_id": body["exchange_id"], "session_id": session_id,
                                           "helpful": False, "comment": "太長了"})
    assert r.status_code == 201 and r.json()["comment"] == "太長了"
    r = client.post("/api/feedback", json={"exchange_id": body["exchange_id"], "session_id": session_id,
                                           "helpful": True})
    assert r.status_code == 201 and r.json()["helpful"] is True and r.json()["comment"] == "太長了"
    after = client.get("/api/admin/stats", headers=staff).json()
    assert after["feedback_up"] == before["feedback_up"] + 1
    assert after["feedback_down"] == before["feedback_down"]
    rows = client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    assert next(row for row in rows if row["id"] == body["exchange_id"])["helpful"] is True


def test_feedback_on_an_unknown_answer_is_a_404(client: TestClient) -> None:
    r = client.post("/api/feedback", json={"exchange_id": 99_999_999, "session_id": _session(), "helpful": True})
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
    assert _chinese(r.json()["error"]["message"])


def test_staff_endpoints_need_the_token(client: TestClient) -> None:
    assert client.get("/api/admin/stats").status_code == 401
    assert client.get("/api/admin/stats", headers={"Authorization": "Bearer wrong"}).status_code == 401


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"] == {"database": True, "index": True, "model": True}


def test_dialogue_state_lives_in_the_database(client: TestClient) -> None:
    session = _session()
    client.post("/api/chat", json={"session_id": session, "message": "補助上限多少"})
    from sqlmodel import Session

    from api.models import DialogueStateRow

    resources = client.app.state.resources  # type: ignore[attr-defined]
    with Session(resources.db) as db:
        assert db.get(DialogueStateRow, f"web:{session}") is not None


def test_openapi_documents_the_chat_contract(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    assert "/api/chat" in spec["paths"] and "/api/feedback" in spec["paths"]
    assert spec["paths"]["/api/chat"]["post"]["summary"]
    props = spec["components"]["schemas"]["ChatResponse"]["properties"]
    assert {"answer", "sources", "confidence", "actions", "handoff"} <= set(props)


def test_a_follow_up_is_answered_and_staff_see_what_it_became(client: TestClient, staff: dict[str, str]) -> None:
    session = _session()
    client.post("/api/chat", json={"session_id": session, "message": "110年工業館最多補助幾點？"})
    follow = client.post("/api/chat", json={"session_id": session, "message": "那商業館呢？"}).json()
    assert "3萬" in follow["answer"] and follow["sources"][0]["hall"] == "商業館"
    rows = client.get("/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    row = next(r for r in rows if r["id"] == follow["exchange_id"])
    assert row["question"] == "那商業館呢？"
    assert "商業館" in row["rewritten"] and "110" in row["rewritten"]
    assert row["trace"]["rewrite"] == "refine" and row["trace"]["passages"]


def test_what_the_documents_do_not_say_is_logged_as_unanswered(client: TestClient, staff: dict[str, str]) -> None:
    body = client.post("/api/chat", json={"session_id": _session(), "message": "113年工業館補助上限多少？"}).json()
    assert body["intent"] == "not_stated" and "113年度" in body["answer"]
    rows = client.get("/api/admin/exchanges", headers=staff, params={"unanswered": "true", "limit": 500}).json()
    assert body["exchange_id"] in {r["id"] for r in rows}


def test_history_returns_the_turns_in_order_with_sources_and_buttons(client: TestClient) -> None:
    session = _session()
    client.post("/api/chat", json={"session_id": session, "message": "110年工業館最多補助幾點？"})
    client.post("/api/chat", json={"session_id": session, "message": "那商業館呢？"})
    body = client.get("/api/chat/history", params={"session_id": session}).json()
    assert [t["question"] for t in body["turns"]] == ["110年工業館最多補助幾點？", "那商業館呢？"]
    assert "20萬" in body["turns"][0]["answer"] and "3萬" in body["turns"][1]["answer"]
    assert body["turns"][1]["sources"][0]["url"].startswith("/sources/")
    assert any(a["label"] == "預約專家" for a in body["turns"][1]["actions"])
    other = client.get("/api/chat/history", params={"session_id": _session()}).json()
    assert other["turns"] == []  # another session sees nothing of this one


def test_history_keeps_the_form_step_a_reply_showed_but_not_the_answers(client: TestClient) -> None:
    session = _session()
    client.post("/api/chat", json={"session_id": session, "message": "", "postback": "flow:start:contact"})
    step = client.post("/api/chat", json={"session_id": session, "message": "王小明"}).json()["form"]
    turns = client.get("/api/chat/history", params={"session_id": session}).json()["turns"]
    assert [t["form"]["index"] for t in turns] == [0, 1]
    assert {k: turns[1]["form"][k] for k in ("flow", "step", "index", "total", "prompt")} == {
        k: step[k] for k in ("flow", "step", "index", "total", "prompt")}
    assert "王小明" not in json.dumps(turns, ensure_ascii=False)  # the form's answers are not kept in the log


def test_answers_may_be_rated_but_transactional_messages_not(client: TestClient) -> None:
    session = _session()

    def send(message: str = "", postback: str | None = None) -> dict:  # type: ignore[type-arg]
        r = client.post("/api/chat", json={"session_id": session, "message": message, "postback": postback})
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    answer = send("110年工業館最多補助幾點？")
    assert answer["sources"] and answer["rateable"] is True
    form = send(postback="flow:start:contact")
    assert form["form"] is not None and form["rateable"] is False
    cancelled = send("取消")
    assert "已取消" in cancelled["answer"] and cancelled["rateable"] is False
    turns = client.get("/api/chat/history", params={"session_id": session}).json()["turns"]
    assert [t["rateable"] for t in turns] == [True, False, False]
