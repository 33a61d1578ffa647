"""Bad input never costs a server error: each request below once answered HTTP 500 (or was
silently mangled); now each gets a 4xx in the JSON error shape, in zh-TW (English with
`Accept-Language: en`), and what was stored before is still there. SQLite, or PostgreSQL with
TEST_DATABASE_URL (where NUL is what the database itself refuses)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func
from sqlmodel import Session, select

from api import messages as core_messages
from api.app import create_app
from api.applications.tables import PointsApplication
from api.experts.console_tables import ConsoleAccount
from api.models import Exchange, Feedback
from api.settings import Settings
from api.wiring import FEATURES
from tests.api.conftest import ADMIN_TOKEN
from tests.db import database_at

EN = {"Accept-Language": "en"}
JSON = {"Content-Type": "application/json"}
STAFF = {"Authorization": f"Bearer {ADMIN_TOKEN}"}
UBN = "04595257"
HUGE = {"400-nines": "9" * 400, "5000-san": "三" * 5000, "5000-ones-wan": "1" * 5000 + "萬"}
AMOUNTS = {"annual_revenue": "年營業額", "paid_in_capital": "實收資本額", "employees": "員工數"}


@dataclass
class Stored:
    client: TestClient
    exchange_id: int
    reference: str

    def counts(self) -> dict[str, int]:
        with Session(self.client.app.state.resources.db) as session:  # type: ignore[attr-defined]
            return {table.__name__: session.exec(select(func.count()).select_from(table)).one()
                    for table in (Exchange, Feedback, PointsApplication, ConsoleAccount)}


def application(**changes: Any) -> dict[str, Any]:
    return {"ubn": UBN, "company_name": "精密機械股份有限公司", "industry": "manufacturing", "employees": 50,
            "paid_in_capital": "2000萬", "annual_revenue": "3億", "factory_registration": "registered",
            "region": "臺中市", "contact_name": "王小明", "phone": "0912345678", "email": "owner@example.com",
            "consent": True, "hall": "工業館", **changes}


@pytest.fixture(scope="module")
def stored(models_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stored]:
    """An app of its own (110 工業館 open), holding an exchange with feedback, an application and a
    staff account before any bad request arrives."""
    with database_at(tmp_path_factory.mktemp("bad-input-db")) as url:
        settings = Settings(data_dir=tmp_path_factory.mktemp("bad-input"), models_dir=models_dir,
                            embedding_model="use-multilingual", database_url=url, admin_token=ADMIN_TOKEN,
                            user_hash_salt="test-salt", chroma_url=None, ingest_on_start=False,
                            points_as_of=date(2021, 7, 15), outbox_poll_seconds=3600)
        with TestClient(create_app(settings)) as client:
            chat = client.post("/api/chat", json={"session_id": "before", "message": "你好"})
            exchange_id = chat.json()["exchange_id"]
            assert client.post("/api/feedback", json={"exchange_id": exchange_id, "session_id": "before",
                                                      "helpful": True, "comment": "很清楚"}).status_code == 201
            submitted = client.post("/api/applications", json=application())
            assert submitted.status_code == 201, submitted.text
            assert client.post("/api/admin/staff-accounts", headers=STAFF,
                               json={"username": "reviewer", "password": "a-long-password"}).status_code == 201
            yield Stored(client, exchange_id, submitted.json()["reference"])


@pytest.fixture(scope="module")
def before(stored: Stored) -> dict[str, int]:
    return stored.counts()


def refused(response: Any, status: int, *words: str) -> str:
    """The response is a `status` refusal in the JSON error shape; returns its message."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"code", "message", "details"} and isinstance(error["code"], str)
    for word in words:
        assert word in error["message"], error["message"]
    return str(error["message"])


def chinese(message: str) -> bool:
    return bool(re.search(r"[\u4e00-\u9fff]", message))


def english(message: str) -> bool:
    return not chinese(message) and bool(re.search(r"[A-Za-z]{3}", message))


@pytest.mark.parametrize("field", AMOUNTS)
@pytest.mark.parametrize("value", HUGE.values(), ids=HUGE.keys())
def test_a_huge_amount_is_refused_by_eligibility_and_applications(stored: Stored, before: dict[str, int],
                                                                  field: str, value: str) -> None:
    client = stored.client
    message = refused(client.post("/api/points/eligibility", json={field: value}), 422, AMOUNTS[field], "40")
    assert message.startswith("資料格式有誤") and field not in message
    assert english(refused(client.post("/api/points/eligibility", json={field: value}, headers=EN), 422, field))
    refused(client.post("/api/applications", json=application(**{field: value})), 422,
            AMOUNTS[field])


@pytest.mark.parametrize("value", [10**30, "9" * 30, "1" * 30 + "兆"], ids=["int-10e30", "30-nines", "30-ones-zhao"])
def test_an_amount_within_the_length_but_absurd_is_told_so(stored: Stored, value: Any) -> None:
    refused(stored.client.post("/api/points/eligibility", json={"annual_revenue": value}), 400, "數字太大")
    refused(stored.client.get("/api/points/quote", params={"price": "9" * 30}), 400, "數字太大")


def test_a_number_of_400_digits_as_json_is_refused(stored: Stored) -> None:
    body = b'{"annual_revenue": ' + b"9" * 400 + b"}"
    refused(stored.client.post("/api/points/eligibility", content=body, headers=JSON), 422, "年營業額")
    refused(stored.client.post("/api/points/eligibility", json={"employees": [1]}), 422, "員工數", "整數或金額文字")


@pytest.mark.parametrize("exchange_id", [9223372036854775808, 10**30, 2**31])
def test_a_feedback_id_past_the_database_integer_is_refused(stored: Stored, exchange_id: int) -> None:
    body = {"exchange_id": exchange_id, "session_id": "before", "helpful": False, "comment": "蓋掉"}
    refused(stored.client.post("/api/feedback", json=body), 422, "回答編號", "2147483647")
    assert english(refused(stored.client.post("/api/feedback", json=body, headers=EN), 422, "exchange_id"))


def test_ids_past_the_database_integer_in_paths_and_queries_are_refused(stored: Stored) -> None:
    client = stored.client
    refused(client.get(f"/api/experts/{2**63}", headers=STAFF), 422, "專家編號")
    refused(client.delete(f"/api/experts/1/rules/{10**30}", headers=STAFF), 422, "時段規則編號")
    refused(client.get("/api/admin/bookings", params={"expert_id": 2**63}, headers=STAFF), 422, "專家編號")
    refused(client.get("/api/admin/exchanges", params={"offset": 2**63}, headers=STAFF), 422, "略過筆數")


def test_dates_no_one_books_are_refused_before_date_arithmetic_overflows(stored: Stored) -> None:
    client = stored.client
    expert = client.post("/api/experts", headers=STAFF, json={"name": "林專家"}).json()["id"]
    refused(client.get(f"/api/experts/{expert}/slots", params={"start": "9999-12-31", "days": 366}, headers=STAFF),
            422, "須介於 2000-01-01 與 2100-12-31 之間")
    refused(client.post(f"/api/experts/{expert}/rules", headers=STAFF, json={
        "weekday": 0, "start": "09:00", "end": "12:00", "valid_until": "9999-12-31"}), 422, "失效日")
    refused(client.post(f"/api/experts/{expert}/exceptions", headers=STAFF, json={"day": "0001-01-01", "kind": "off"}),
            422, "日期")


def _raw(value: Any) -> bytes:
    """JSON as a client sends it (NUL and lone surrogates as \\u escapes)."""
    return json.dumps(value).encode()


@pytest.mark.parametrize(("path", "body", "label"), [
    ("/api/chat", {"session_id": "a\x00b", "message": "你好"}, "對話編號"),
    ("/api/chat", {"session_id": "nul-message", "message": "110年\x00工業館"}, "訊息"),
    ("/api/chat", {"session_id": "surrogate", "message": "工業館\ud800"}, "訊息"),
    ("/api/chat/stream", {"session_id": "s\x00", "message": "你好"}, "對話編號"),
    ("/api/feedback", {"exchange_id": 1, "session_id": "before", "helpful": True, "comment": "好\x00"}, "意見"),
    ("/api/points/eligibility", {"ubn": "0459\x005257"}, "統一編號"),
    ("/api/console/login", {"username": "reviewer\x00", "password": "a-long-password"}, "帳號"),
], ids=["chat session", "chat message", "chat surrogate", "stream session", "feedback comment", "eligibility ubn",
        "console username"])
def test_a_nul_in_text_is_refused_at_the_edge(stored: Stored, path: str, body: dict[str, Any], label: str) -> None:
    message = refused(stored.client.post(path, content=_raw(body), headers=JSON), 422, label, "NUL")
    assert chinese(message)
    assert english(refused(stored.client.post(path, content=_raw(body), headers={**JSON, **EN}), 422, "NUL"))


def test_a_nul_in_a_company_name_a_reference_or_a_query_is_refused(stored: Stored) -> None:
    client = stored.client
    refused(client.post("/api/applications", content=_raw(application(company_name="精密\x00機械")), headers=JSON),
            422, "公司名稱", "NUL")
    refused(client.get("/api/applications/P110-%00ABC"), 422, "申請編號", "NUL")
    refused(client.post(f"/api/applications/{stored.reference}%00/withdraw", json={"phone": "0912345678"}), 422,
            "申請編號")
    refused(client.get("/api/points/quote", params={"price": "60萬\x00"}), 422, "方案價格")
    refused(client.get("/api/admin/funded-companies", params={"ubn": "0459\x00"}, headers=STAFF), 422, "統一編號")
    refused(client.post("/console/login", data={"username": "reviewer\x00", "password": "x"}), 422, "NUL")


@pytest.mark.parametrize("body", [
    b'{"session_id": "\xff\xfe", "message": "hi"}',
    '{"session_id": "café", "message": "hi"}'.encode("latin-1"),
    b"[" * 3000 + b"]" * 3000,
], ids=["invalid UTF-8", "Latin-1", "nested 3000 deep"])
def test_an_unreadable_body_is_told_in_zh_tw(stored: Stored, body: bytes) -> None:
    assert chinese(refused(stored.client.post("/api/chat", content=body, headers=JSON), 400, "UTF-8", "JSON"))
    english_message = refused(stored.client.post("/api/chat", content=body, headers={**JSON, **EN}), 400, "UTF-8")
    assert "There was an error parsing the body" not in english_message
    assert stored.client.post("/api/chat", content=body, headers=JSON).json()["error"]["code"] == "invalid_body"


def test_malformed_json_says_where(stored: Stored) -> None:
    message = refused(stored.client.post("/api/chat", content=b'{"session_id": "x",,}', headers=JSON), 422,
                      "JSON 格式有誤", "第 20 個字元")
    assert chinese(message)


def test_validation_messages_name_fields_as_people_do(stored: Stored) -> None:
    message = refused(stored.client.post("/api/points/eligibility", json={"annual_revenue": [1], "year": 99}), 422)
    assert message == "資料格式有誤，請檢查：年營業額（須為整數或金額文字，例如 3000萬）、年度（不能小於 100）"
    en = refused(stored.client.post("/api/points/eligibility", json={"annual_revenue": [1]}, headers=EN), 422)
    assert en == "Some fields are missing or invalid: annual_revenue (must be a whole number or text such as 3000萬)"
    missing = refused(stored.client.post("/api/applications", json={"ubn": UBN}), 422, "公司名稱（必填）")
    assert ".int" not in missing and ".str" not in missing and "company_name" not in missing


def test_a_one_character_company_name_is_too_short_not_blank(stored: Stored) -> None:
    message = refused(stored.client.post("/api/applications", json=application(company_name="x")),
                      400, "公司名稱", "至少輸入2個字")
    assert "空白" not in message


def test_a_body_over_max_body_bytes_is_refused_unread(stored: Stored) -> None:
    big = b'{"annual_revenue": "' + b"1" * (50 * 1024 * 1024) + b'"}'
    message = refused(stored.client.post("/api/points/eligibility", content=big, headers=JSON), 413, "1 MB")
    assert chinese(message)
    assert english(refused(stored.client.post("/api/points/eligibility", content=big, headers={**JSON, **EN}),
                           413, "1 MB"))
    just_over = b'{"session_id": "x", "message": "' + b"a" * 1_000_000 + b'"}'
    assert stored.client.post("/api/chat", content=just_over, headers=JSON).json()["error"]["code"] == "body_too_large"


def test_nothing_stored_before_was_lost(stored: Stored, before: dict[str, int]) -> None:
    """Every refusal above left the database as it was (no row added, changed or lost)."""
    assert stored.counts() == before
    with Session(stored.client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        feedback = session.exec(select(Feedback).where(Feedback.exchange_id == stored.exchange_id)).one()
    assert feedback.helpful is True and feedback.comment == "很清楚"
    status = stored.client.get(f"/api/applications/{stored.reference}")
    assert status.status_code == 200 and status.json()["status"] == "submitted"
    login = stored.client.post("/api/console/login", json={"username": "reviewer", "password": "a-long-password"})
    assert login.status_code == 200


def test_every_request_field_has_a_zh_tw_name() -> None:
    """So no zh-TW validation message shows a raw field name: every parameter and body field of the
    OpenAPI is named in the core catalogue or its feature's."""
    labels = {**core_messages.FIELD_LABELS, **{k: v for f in FEATURES for k, v in f.field_labels.items()}}
    spec = create_app(Settings(data_dir=Path("unused"))).openapi()
    schemas = spec["components"]["schemas"]
    unnamed = set()
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            unnamed |= {(p["name"], path) for p in operation.get("parameters", []) if p["name"] not in labels}
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            fields = schemas[body["$ref"].rsplit("/", 1)[-1]].get("properties", {}) if "$ref" in body else {}
            unnamed |= {(name, path) for name in fields if name not in labels}
    assert not unnamed


def test_a_chat_message_naming_a_400_digit_amount_is_answered(stored: Stored) -> None:
    """The calculator intent parsed it into float infinity: the web chat answered 500."""
    r = stored.client.post("/api/chat", json={"session_id": "calc", "message": f"買{'9' * 400}萬的方案要付多少點數？"})
    assert r.status_code == 200 and r.json()["exchange_id"]  # after the check above: it adds an exchange
