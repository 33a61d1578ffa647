"""The dashboard over HTTP: its figures equal what was made through the chat, feedback, booking and
application services; the period and channel filters; the CSV exports; who may see what."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.exchanges import hash_user
from api.staff.tables import StaffAction
from tests.api.dashboard.seed import World
from tests.api.staff.helpers import sign_in_staff

JSON = {"Accept": "application/json"}


def _figures(client: TestClient, **params: str) -> dict[str, Any]:
    r = client.get("/staff/dashboard/figures", params=params, headers=JSON)
    assert r.status_code == 200, r.text
    body: dict[str, Any] = r.json()
    return body


def _today(world: World) -> dict[str, str]:
    return {"from": world.day.isoformat(), "to": world.day.isoformat()}


def _outcome(figures: dict[str, Any], key: str) -> dict[str, Any]:
    return next(item for item in figures["outcomes"]["items"] if item["key"] == key)


def test_the_figures_count_what_users_did(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "reviewer")
    f = _figures(dash, **_today(world))
    assert f["outcomes"]["questions"] == 3
    assert (_outcome(f, "answered")["count"], _outcome(f, "declined")["count"], _outcome(f, "clarified")["count"]) \
        == (2, 1, 0)
    assert _outcome(f, "declined")["share"] == round(1 / 3, 4)
    day = f["questions_per_day"]
    assert day["days"] == [world.day.isoformat()] and day["questions"] == [3]
    assert f["unanswered_trend"]["declined"] == [1] and f["unanswered_trend"]["share"] == [round(1 / 3, 4)]
    assert (f["feedback"]["up"], f["feedback"]["down"]) == (1, 1)
    assert [(s["key"], s["users"]) for s in f["funnel"]["steps"]] == [("asked", 3), ("booked", 1), ("applied", 1)]
    assert [s["conversion"] for s in f["funnel"]["steps"]] == [None, round(1 / 3, 4), 1.0]
    assert f["bookings"]["rows"] == [{"name": world.expert_name, "counts": [1], "total": 1}]
    assert [s["key"] for s in f["bookings"]["statuses"]] == ["pending"]
    assert [(r["name"], r["total"]) for r in f["applications"]["rows"]] == [("工業館", 1)]
    assert sum(t["questions"] for t in f["topics"]) == 3 and sum(t["declined"] for t in f["topics"]) == 1


def test_the_page_shows_the_same_numbers_in_its_tables(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "editor")
    page = dash.get("/staff", params=_today(world))
    assert page.status_code == 200
    html = page.text
    assert 'id="total-questions">3<' in html and "33.3%" in html
    assert 'src="/static/js/staff-dashboard.js"' in html and "<script>" not in html  # no inline script
    assert html.count("<canvas") == 8 and html.count("<table") >= 8
    assert world.expert_name in html and 'href="/staff/knowledge"' in html
    assert "/staff/export/" not in html  # an editor may not export


def test_the_channel_filter(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "reviewer")
    line = _figures(dash, **_today(world), channel="line")
    assert line["outcomes"]["questions"] == 0 and line["funnel"]["steps"][0]["users"] == 0
    assert line["bookings"]["rows"] == [] and line["applications"]["rows"] == []
    web = _figures(dash, **_today(world), channel="web")
    assert web["outcomes"]["questions"] == 3 and web["period"]["channel"] == "web"


def test_the_period_filter(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "reviewer")
    before = _figures(dash, **{"from": "2020-01-01", "to": "2020-01-31"})
    assert before["outcomes"]["questions"] == 0 and len(before["questions_per_day"]["days"]) == 31
    assert before["feedback"] == before["feedback"] | {"up": 0, "down": 0}
    week = _figures(dash, days="7")
    assert len(week["questions_per_day"]["days"]) == 7 and week["period"]["to"] == world.day.isoformat()
    assert week["outcomes"]["questions"] == 3


def test_bad_periods_get_clear_errors(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "reviewer")
    for params in ({"from": "2025-13-01"}, {"from": "2025-03-02", "to": "2025-03-01"}, {"days": "0"},
                   {"channel": "fax"}, {"from": "2020-01-01", "to": "2025-01-01"}):
        r = dash.get("/staff/dashboard/figures", params=params, headers=JSON)
        assert r.status_code == 400 and r.json()["error"]["code"] == "invalid_input", params
        assert any("\u4e00" <= ch <= "\u9fff" for ch in r.json()["error"]["message"])
    en = dash.get("/staff/dashboard/figures", params={"to": "soon"}, headers=JSON | {"Accept-Language": "en"})
    assert en.status_code == 400 and "YYYY-MM-DD" in en.json()["error"]["message"] and en.json()["error"][
        "message"].isascii()
    page = dash.get("/staff", params={"from": "not a date"})
    assert page.status_code == 200 and 'role="alert"' in page.text and "開始日期" in page.text
    assert dash.get("/staff", params={"days": "9" * 30}).status_code == 422  # bounded before it is read


def _csv(client: TestClient, kind: str, world: World) -> list[list[str]]:
    r = client.get(f"/staff/export/{kind}.csv", params=_today(world))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("text/csv") and "attachment" in r.headers["content-disposition"]
    assert r.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))


def test_csv_exports_are_pseudonymous_and_audited(dash: TestClient, world: World) -> None:
    login = sign_in_staff(dash, "reviewer")
    exchanges = _csv(dash, "exchanges", world)
    assert exchanges[0][:4] == ["編號", "時間（臺北）", "管道", "使用者代號（雜湊）"]
    assert sorted(int(row[0]) for row in exchanges[1:]) == sorted(world.exchange_ids)
    hashes = {hash_user(salt="test-salt", channel="web", user_id=s) for s in world.sessions}
    assert {row[3] for row in exchanges[1:]} == hashes
    bookings = _csv(dash, "bookings", world)
    applications = _csv(dash, "applications", world)
    feedback = _csv(dash, "feedback", world)
    assert [row[0] for row in bookings[1:]] == [world.booking_reference]
    assert [row[0] for row in applications[1:]] == [world.application_reference]
    assert sorted(row[4] for row in feedback[1:]) == ["👍", "👎"]
    every = "".join(str(table) for table in (exchanges, bookings, applications, feedback))
    assert not any(session in every for session in world.sessions)  # never the raw web session id
    assert "0912345678" not in every and "陳美玲" not in every  # nor the contact's phone or name
    assert bookings[1][6] == hash_user(salt="test-salt", channel="web", user_id=world.sessions[0])
    with Session(dash.app.state.resources.db) as session:  # type: ignore[attr-defined]
        done = session.exec(select(StaffAction).where(StaffAction.actor == login.username,
                                                      col(StaffAction.action).startswith("export."))).all()
    assert sorted(a.action for a in done) == ["export.applications", "export.bookings", "export.exchanges",
                                              "export.feedback"]
    assert done[0].detail["from"] == world.day.isoformat()


def test_who_may_see_and_export(dash: TestClient, world: World) -> None:
    sign_in_staff(dash, "editor")
    assert dash.get("/staff").status_code == 200
    assert dash.get("/staff/dashboard/figures", headers=JSON).status_code == 200
    refused = dash.get("/staff/export/exchanges.csv")
    assert refused.status_code == 403 and "審核人員" in refused.text and "編號" not in refused.text
    sign_in_staff(dash, "admin")
    assert dash.get("/staff/export/feedback.csv", params=_today(world)).status_code == 200
    unknown = dash.get("/staff/export/passwords.csv", headers=JSON)
    assert unknown.status_code == 404 and "可匯出" in unknown.json()["error"]["message"]
    bad = dash.get("/staff/export/exchanges.csv", params={"from": "x"}, follow_redirects=False)
    assert bad.status_code == 303 and bad.headers["location"].startswith("/staff?err=")
    dash.cookies.clear()
    assert dash.get("/staff/dashboard/figures", headers=JSON).status_code == 401
    assert dash.get("/staff/export/exchanges.csv", follow_redirects=False).status_code == 303
