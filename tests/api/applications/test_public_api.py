"""The public API: eligibility explained clause by clause, the calculator, submitting, and the
bad inputs each answered with a clear message and nothing stored."""

from __future__ import annotations

from typing import Any

import pytest

from api.applications import messages as msg
from bot.points.loader import load_rules
from tests.api.applications.conftest import PointsApp, application, new_ubn


def error(response: Any) -> str:
    message: str = response.json()["error"]["message"]
    return message


def code(response: Any) -> str:
    value: str = response.json()["error"]["code"]
    return value


def test_eligibility_explains_every_clause_with_its_source(points_app: PointsApp) -> None:
    body = {"ubn": "04595257", "industry": "製造業", "employees": 50, "paid_in_capital": "2000萬",
            "annual_revenue": "25億", "consent": True}
    r = points_app.client.post("/api/points/eligibility", json=body)
    assert r.status_code == 200
    result = r.json()
    assert result["year"] == 110 and result["eligible_halls"] == []
    assert result["ubn_rule"] == "old_and_new"
    industrial = next(h for h in result["halls"] if h["hall"] == "工業館")
    texts = [c["text"] for c in industrial["clauses"]]
    assert "符合：屬製造業" in texts
    assert "不符合：年營收 ≤ 20億（您填的年營收是25億元）" in texts
    assert "不符合：未提供工廠登記" in texts
    revenue = next(c for c in industrial["clauses"] if c["rule"] == "ind-110-revenue")
    assert revenue["source"] == "雲市集工業館補助說明（110年6月） 貳、申請規範(1/2) 二、申請對象及資格 (二)1. 註2"


def test_a_small_restaurant_qualifies_for_two_halls(points_app: PointsApp) -> None:
    r = points_app.client.post("/api/points/eligibility", json={
        "ubn": "04595252", "industry": "餐廳", "employees": 5, "consent": True})
    assert r.json()["eligible_halls"] == ["商業館", "中小館"]
    assert r.json()["ubn_rule"] == "new_only", "valid only under the 2023 rule, and accepted"
    assert "✔ 商業館：上限3萬點" in r.json()["explanation"]


def test_eligibility_for_another_year_and_a_year_without_rules(points_app: PointsApp) -> None:
    r = points_app.client.post("/api/points/eligibility", json={"industry": "manufacturing", "year": 111})
    assert [h["hall"] for h in r.json()["halls"]] == ["工業館"]
    missing = points_app.client.post("/api/points/eligibility", json={"year": 113})
    assert missing.status_code == 400 and code(missing) == "invalid_input"
    assert all(year in error(missing) for year in ("113", "110", "111"))  # the year asked, the years held
    assert error(missing) == msg.unknown_year(113, [110, 111])[0]


def test_quote(points_app: PointsApp) -> None:
    r = points_app.client.get("/api/points/quote", params={"price": "60萬", "year": 110, "hall": "工業館"})
    assert r.status_code == 200
    assert {k: r.json()[k] for k in ("points", "self_paid", "cap_points", "ratio")} == \
        {"points": 200000, "self_paid": 400000, "cap_points": 200000, "ratio": "1:2"}
    assert r.json()["source"].startswith("雲市集工業館補助說明（110年6月）")
    ask = points_app.client.get("/api/points/quote", params={"price": "60萬"})
    every_hall = [(hall.year, hall.hall) for _, hall in sorted(load_rules().halls.items())]
    assert ask.status_code == 400 and error(ask) == msg.name_year_and_hall(every_hall)[0]
    commercial = points_app.client.get("/api/points/quote", params={"price": "6萬", "hall": "商業館"})
    assert commercial.json()["points"] == 30000 and commercial.json()["year"] == 110
    for price in ("很多", "-5萬", "0"):
        bad = points_app.client.get("/api/points/quote", params={"price": price, "year": 111})
        assert bad.status_code == 400, price


def test_submit_and_read_the_status(points_app: PointsApp) -> None:
    ubn = new_ubn()
    r = points_app.client.post("/api/applications", json=application(ubn))
    assert r.status_code == 201
    created = r.json()
    assert created["status"] == "submitted" and created["status_label"] == "已送出，待審核"
    assert created["year"] == 110 and created["hall"] == "工業館" and created["reference"].startswith("P110-")
    status = points_app.client.get(f"/api/applications/{created['reference'].lower()}")
    assert status.status_code == 200 and status.json()["status"] == "submitted"
    assert "phone" not in status.json() and "ubn" not in status.json()


def test_applying_twice_for_the_same_company_and_year_is_refused(points_app: PointsApp) -> None:
    ubn = new_ubn()
    assert points_app.client.post("/api/applications", json=application(ubn)).status_code == 201
    again = points_app.client.post("/api/applications", json=application(ubn, hall="中小館", employees=3))
    assert again.status_code == 409
    assert code(again) == "conflict" and ubn not in error(again)  # the same words for any company
    assert error(again) == msg.ALREADY_APPLIED_NEUTRAL[0]


@pytest.mark.parametrize(("changes", "field", "label"), [
    ({"ubn": "12345678"}, "ubn", "統一編號"),
    ({"ubn": "1234"}, "ubn", "統一編號"),
    ({"employees": -5}, "employees", "員工數"),
    ({"employees": "很多"}, "employees", "員工數"),
    ({"annual_revenue": "99999兆"}, "revenue", "年營收"),
    ({"paid_in_capital": "不知道"}, "capital", "實收資本額"),
    ({"phone": "123"}, "phone", "聯絡電話"),
    ({"email": "not-an-email"}, "email", "Email"),
    ({"region": "火星"}, "region", "所在縣市"),
    ({"consent": False}, "consent", "個資同意"),
    ({"industry": "太空業"}, "industry", "行業別"),
    ({"hall": "月球館"}, "hall", "申請館別"),
])
def test_bad_input_is_named_field_by_field_and_nothing_is_stored(points_app: PointsApp, changes: dict[str, Any],
                                                                 field: str, label: str) -> None:
    ubn = new_ubn()
    changes.setdefault("ubn", ubn)
    r = points_app.client.post("/api/applications", json=application(**changes))
    assert r.status_code == 400 and code(r) == "invalid_input"
    assert [d["field"] for d in r.json()["error"]["details"]] == [field]
    assert f"{label}：" in error(r), error(r)  # the user is told which field to fix
    assert points_app.client.post("/api/applications", json=application(ubn)).status_code == 201


def test_a_profile_that_does_not_fit_the_chosen_hall_gets_the_reasons(points_app: PointsApp) -> None:
    r = points_app.client.post("/api/applications", json=application(new_ubn(), annual_revenue="25億",
                                                                     factory_registration="none"))
    assert r.status_code == 400
    assert code(r) == "invalid_input" and "110年度工業館" in error(r)
    assert "20億" in error(r) and "25億" in error(r)  # the limit and the figure the user gave
    assert [d["rule"] for d in r.json()["error"]["details"]] == ["ind-110-revenue", "ind-110-factory"]


def test_a_hall_the_year_does_not_have(points_app: PointsApp) -> None:
    r = points_app.client.post("/api/applications", json=application(new_ubn(), hall="商業館", year=111,
                                                                     industry="retail"))
    assert r.status_code == 400 and code(r) == "invalid_input"
    assert "111年度" in error(r) and "商業館" in error(r) and "工業館" in error(r)  # the hall asked, the one held
    assert error(r) == msg.no_hall_rule(111, "商業館", ["工業館"])[0]


def test_english_messages(points_app: PointsApp) -> None:
    r = points_app.client.post("/api/applications", json=application("12345678", employees=-1),
                               headers={"Accept-Language": "en"})
    assert r.status_code == 400
    assert [d["field"] for d in r.json()["error"]["details"]] == ["ubn", "employees"]
    assert error(r).isascii() and "tax ID" in error(r) and "employees" in error(r)


def test_unknown_reference(points_app: PointsApp) -> None:
    r = points_app.client.get("/api/applications/P110-NOPE")
    assert r.status_code == 404 and code(r) == "not_found" and "P110-NOPE" in error(r)
    assert error(r) == msg.application_not_found("P110-NOPE")[0]
