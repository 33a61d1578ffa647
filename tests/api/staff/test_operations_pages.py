"""The staff console's operations and bookings pages: experts created, edited and deactivated with
their hours, expert console accounts, LINE dead letters replayed; roles and CSRF enforced."""

from __future__ import annotations

import re
import uuid

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.experts.console_tables import ConsoleAccount
from api.experts.tables import AvailabilityRule, Expert
from api.line.tables import DEAD, PENDING, LineDeadLetter, LineEvent
from api.staff.tables import StaffAction
from tests.api.staff.helpers import sign_in_staff

EXPERT = {"name": "林顧問", "title": "資安顧問", "email": "lin@example.com", "tools": ["資訊安全"],
          "industries": "製造業、零售", "topics": "資安", "meeting_modes": ["video", "phone"],
          "slot_minutes": "60", "buffer_minutes": "15", "min_notice_hours": "24", "horizon_days": "60"}


def _db(client: TestClient) -> Session:
    return Session(client.app.state.resources.db)  # type: ignore[attr-defined]


def _create(client: TestClient, csrf: str, **changes: object) -> int:
    r = client.post("/staff/operations/experts", data={**EXPERT, **changes, "csrf_token": csrf},
                    follow_redirects=False)
    assert r.status_code == 303 and "err=" not in r.headers["location"], r.headers["location"]
    return int(r.headers["location"].split("/experts/")[1].split("?")[0])


def _actions(client: TestClient, actor: str) -> list[str]:
    with _db(client) as session:
        return list(session.exec(select(StaffAction.action).where(StaffAction.actor == actor,
                                                                  StaffAction.action != "sign_in")
                                 .order_by(StaffAction.id)).all())  # type: ignore[arg-type]


def test_an_admin_creates_edits_and_deactivates_an_expert(client: TestClient) -> None:
    login = sign_in_staff(client, "admin")
    expert_id = _create(client, login.csrf)
    page = client.get(f"/staff/operations/experts/{expert_id}")
    assert page.status_code == 200 and 'value="林顧問"' in page.text and 'value="資訊安全" checked' in page.text
    edited = client.post(f"/staff/operations/experts/{expert_id}",
                         data={**EXPERT, "title": "首席資安顧問", "slot_minutes": "45", "csrf_token": login.csrf})
    assert "已儲存" in edited.text
    bad = client.post(f"/staff/operations/experts/{expert_id}",
                      data={**EXPERT, "slot_minutes": "5", "tools": ["不存在的工具"], "csrf_token": login.csrf})
    assert "每段諮詢分鐘數" in bad.text
    unknown_tag = client.post(f"/staff/operations/experts/{expert_id}",
                              data={**EXPERT, "tools": ["不存在的工具"], "csrf_token": login.csrf})
    assert "不存在的工具" in unknown_tag.text
    with _db(client) as session:
        expert = session.get(Expert, expert_id)
        assert expert is not None
        assert (expert.title, expert.slot_minutes, expert.tools) == ("首席資安顧問", 45, ["資訊安全"])
        assert expert.industries == ["製造業", "零售"]
    off = client.post(f"/staff/operations/experts/{expert_id}/active", data={"active": "0", "csrf_token": login.csrf})
    assert "已停用專家" in off.text
    twice = client.post(f"/staff/operations/experts/{expert_id}/active", data={"active": "0", "csrf_token": login.csrf})
    assert "已經停用" in twice.text
    with _db(client) as session:
        assert session.get(Expert, expert_id).active is False  # type: ignore[union-attr]
    assert _actions(client, login.username) == ["expert.create", "expert.update", "expert.deactivate"]


def test_weekly_hours_and_exceptions(client: TestClient) -> None:
    login = sign_in_staff(client, "admin")
    expert_id = _create(client, login.csrf)
    path = f"/staff/operations/experts/{expert_id}"
    added = client.post(f"{path}/rules", data={"weekday": "1", "start": "09:00", "end": "12:00",
                                               "csrf_token": login.csrf})
    assert "已新增每週時段" in added.text and "星期二 09:00–12:00" in added.text
    overlap = client.post(f"{path}/rules", data={"weekday": "1", "start": "10:00", "end": "11:00",
                                                 "csrf_token": login.csrf})
    assert "重疊" in overlap.text
    backwards = client.post(f"{path}/rules", data={"weekday": "1", "start": "15:00", "end": "14:00",
                                                   "csrf_token": login.csrf})
    assert 'role="alert"' in backwards.text
    garbage = client.post(f"{path}/rules", data={"weekday": "9", "start": "noon", "end": "", "csrf_token": login.csrf})
    assert garbage.status_code == 200 and "星期" in garbage.text and "開始時間" in garbage.text
    with _db(client) as session:
        rules = session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert_id)).all()
    assert [(r.weekday, r.start.hour, r.end.hour) for r in rules] == [(1, 9, 12)]
    off = client.post(f"{path}/exceptions", data={"day": "2031-03-04", "kind": "off", "note": "休假",
                                                  "csrf_token": login.csrf})
    assert "已新增例外日" in off.text and "2031-03-04" in off.text
    exception_id = re.search(r"/exceptions/(\d+)/delete", off.text).group(1)  # type: ignore[union-attr]
    client.post(f"{path}/exceptions/{exception_id}/delete", data={"csrf_token": login.csrf})
    deleted = client.post(f"{path}/rules/{rules[0].id}/delete", data={"csrf_token": login.csrf})
    assert "尚未設定每週時段" in deleted.text and "沒有例外日" in deleted.text
    again = client.post(f"{path}/rules/{rules[0].id}/delete", data={"csrf_token": login.csrf})
    assert 'role="alert"' in again.text  # already gone: said, nothing else happens


def test_expert_console_accounts(client: TestClient) -> None:
    login = sign_in_staff(client, "admin")
    expert_id = _create(client, login.csrf)
    username = f"expert-{uuid.uuid4().hex[:6]}"
    made = client.post(f"/staff/operations/experts/{expert_id}/account",
                       data={"username": username, "password": "expert password 1", "csrf_token": login.csrf})
    assert f"已建立專家後台帳號 {username}" in made.text
    short = client.post(f"/staff/operations/experts/{expert_id}/account",
                        data={"username": "x y", "password": "short", "csrf_token": login.csrf})
    assert "帳號" in short.text and "密碼" in short.text and 'role="alert"' in short.text
    taken = client.post(f"/staff/operations/experts/{expert_id}/account",
                        data={"username": username, "password": "expert password 1", "csrf_token": login.csrf})
    assert "已經有人使用" in taken.text
    with _db(client) as session:
        account = session.exec(select(ConsoleAccount).where(ConsoleAccount.username == username)).one()
    done = client.post(f"/staff/operations/accounts/{account.id}/deactivate", data={"csrf_token": login.csrf})
    assert "已停用帳號" in done.text
    signed = client.post("/console/login", data={"username": username, "password": "expert password 1"})
    assert signed.status_code == 401


def test_a_line_dead_letter_is_replayed(client: TestClient) -> None:
    with _db(client) as session:
        event = LineEvent(webhook_event_id=uuid.uuid4().hex[:26], event_type="message", source_key="user:Uabc",
                          event_ts=0, body={"type": "message", "message": {"type": "text", "text": "請問補助"}},
                          status=DEAD, attempts=3, retry_key=str(uuid.uuid4()), outcome="dead")
        session.add(event)
        session.flush()
        letter = LineDeadLetter(event_id=event.id or 0, reason="retries_exhausted", error="LINE 500")
        session.add(letter)
        session.commit()
        letter_id, event_id = letter.id, event.id
    login = sign_in_staff(client, "admin")
    page = client.get("/staff/operations")
    assert "請問補助" in page.text and f"/dead-letters/{letter_id}/replay" in page.text
    done = client.post(f"/staff/operations/dead-letters/{letter_id}/replay", data={"csrf_token": login.csrf})
    assert f"已重送第 {letter_id} 筆" in done.text and f"/dead-letters/{letter_id}/replay" not in done.text
    again = client.post(f"/staff/operations/dead-letters/{letter_id}/replay", data={"csrf_token": login.csrf})
    assert 'role="alert"' in again.text
    with _db(client) as session:
        replayed = session.get(LineDeadLetter, letter_id)
        assert replayed is not None and replayed.replayed_by == login.username
        assert session.get(LineEvent, event_id).status in (PENDING, "processing", "done", DEAD)  # type: ignore[union-attr]
    assert _actions(client, login.username) == ["line.replay"]


def test_bookings_page_filters(client: TestClient) -> None:
    sign_in_staff(client, "reviewer")
    page = client.get("/staff/bookings", params={"status": "confirmed", "since": "2030-01-01", "until": "2030-01-31"})
    assert page.status_code == 200 and 'value="confirmed" selected' in page.text
    bad = client.get("/staff/bookings", params={"since": "2030-02-01", "until": "2030-01-01"})
    assert "起始日期晚於結束日期" in bad.text
    assert "日期格式不正確" in client.get("/staff/bookings", params={"since": "tomorrow"}).text


def test_wrong_roles_and_missing_csrf_are_refused(client: TestClient) -> None:
    login = sign_in_staff(client, "admin")
    expert_id = _create(client, login.csrf)
    sign_in_staff(client, "reviewer")
    assert client.get("/staff/operations").status_code == 403
    assert client.get(f"/staff/operations/experts/{expert_id}").status_code == 403
    assert client.post(f"/staff/operations/experts/{expert_id}/active", data={"active": "0"}).status_code == 403
    sign_in_staff(client, "editor")
    assert client.get("/staff/bookings").status_code == 403
    sign_in_staff(client, "admin")
    for path, data in ((f"/staff/operations/experts/{expert_id}/active", {"active": "0"}),
                       (f"/staff/operations/experts/{expert_id}", {**EXPERT, "name": "改掉"}),
                       (f"/staff/operations/experts/{expert_id}/rules", {"weekday": "0", "start": "09:00",
                                                                         "end": "10:00"}),
                       ("/staff/operations/experts", EXPERT)):
        assert client.post(path, data=data).status_code == 403, path
    with _db(client) as session:
        expert = session.get(Expert, expert_id)
        assert expert is not None and expert.active and expert.name == "林顧問"
        assert session.exec(select(AvailabilityRule).where(AvailabilityRule.expert_id == expert_id)).all() == []
