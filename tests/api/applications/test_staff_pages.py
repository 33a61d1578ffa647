"""The staff console's review pages: the filtered list, the detail page's decision (the applicant
is told with the reason, through the outbox), a repeated decision, the registry's CSV import."""

from __future__ import annotations

import re

from sqlmodel import Session, col, select

from api.outbox.tables import OutboxMessage
from api.staff.tables import StaffAction
from tests.api.applications.conftest import PointsApp, application, new_ubn
from tests.api.staff.helpers import sign_in_staff


def submit(points_app: PointsApp, **changes: object) -> str:
    r = points_app.client.post("/api/applications", json=application(new_ubn(), **changes))
    assert r.status_code == 201, r.text
    return str(r.json()["reference"])


def line_application(points_app: PointsApp, user: str) -> str:
    for text in ("我要申請點數", new_ubn(), "彰化螺絲行", "製造業", "8", "500萬", "3000萬", "已辦工廠登記", "彰化縣",
                 "陳大明", "0912345678", "chen@example.com", "同意", "工業館"):
        points_app.say(user, text, channel="line")
    done = points_app.say(user, "確認送出", channel="line")
    return done.text.split("編號 ")[1].split("。")[0]


def references(html: str) -> set[str]:
    return set(re.findall(r'href="/staff/applications/(P\d+-[A-Z0-9]+)"', html))


def outbox_for(points_app: PointsApp, reference: str) -> list[OutboxMessage]:
    with Session(points_app.client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        return list(session.exec(select(OutboxMessage).where(OutboxMessage.subject == reference)
                                 .order_by(col(OutboxMessage.id))).all())


def test_filters_return_the_right_applications(points_app: PointsApp) -> None:
    client = points_app.client
    industry, small = submit(points_app), submit(points_app, hall="中小館", employees=3)
    sign_in_staff(client, "reviewer")
    assert client.post(f"/staff/applications/{industry}/decision", data={"action": "review",
                       "csrf_token": sign_in_staff(client, "reviewer").csrf}).status_code == 200
    by_hall = references(client.get("/staff/applications", params={"hall": "中小館"}).text)
    assert small in by_hall and industry not in by_hall
    reviewing = references(client.get("/staff/applications", params={"status": "under_review"}).text)
    assert industry in reviewing and small not in reviewing
    this_year = references(client.get("/staff/applications", params={"year": "110", "since": "2000-01-01"}).text)
    assert {industry, small} <= this_year
    assert references(client.get("/staff/applications", params={"year": "111"}).text) & {industry, small} == set()
    assert references(client.get("/staff/applications", params={"until": "2000-01-01"}).text) == set()
    bad = client.get("/staff/applications", params={"year": "去年", "since": "2024-13-01"})
    assert bad.status_code == 200 and "民國年" in bad.text


def test_a_reviewer_approves_with_a_reason_the_line_applicant_receives(points_app: PointsApp) -> None:
    client, user = points_app.client, "U-staff-page-approve"
    ref = line_application(points_app, user)
    login = sign_in_staff(client, "reviewer")
    page = client.get(f"/staff/applications/{ref}")
    assert page.status_code == 200 and "開始審核" in page.text and "核准</button>" not in page.text
    assert "符合" in page.text and "依據" in page.text  # the eligibility report, clause by clause
    client.post(f"/staff/applications/{ref}/decision", data={"action": "review", "csrf_token": login.csrf})
    done = client.post(f"/staff/applications/{ref}/decision",
                       data={"action": "approve", "points": "200000", "reason": "請於三個月內完成導入",
                             "csrf_token": login.csrf})
    assert done.status_code == 200 and "已核准" in done.text
    assert points_app.client.get(f"/api/applications/{ref}").json()["points_granted"] == 200000
    approval = [m for m in outbox_for(points_app, ref) if m.channel != "email"][-1]
    assert (approval.channel, approval.address, approval.kind) == ("line", user, "approved")
    assert [m.kind for m in outbox_for(points_app, ref) if m.channel == "email"] == ["under_review", "approved"]
    assert "請於三個月內完成導入" in approval.text and "20萬" in approval.text
    sent_before = len(points_app.notifier.sent)
    points_app.deliver()
    assert any(to == user and "請於三個月內完成導入" in text for _, to, text in points_app.notifier.sent[sent_before:])
    again = client.post(f"/staff/applications/{ref}/decision",
                        data={"action": "approve", "points": "200000", "csrf_token": login.csrf})
    assert "已經是「已核准」" in again.text  # a second submit changes nothing and says so
    assert [m.kind for m in outbox_for(points_app, ref) if m.channel != "email"] == ["under_review", "approved"]
    trail = client.get(f"/staff/applications/{ref}").text
    assert trail.count("staff:" + login.username) == 2
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        actions = session.exec(select(StaffAction.action).where(StaffAction.target == ref,
                                                                StaffAction.actor == login.username)).all()
    assert sorted(actions) == ["application.approve", "application.review"]


def test_a_rejection_needs_a_reason_and_sends_it(points_app: PointsApp) -> None:
    client, user = points_app.client, "U-staff-page-reject"
    ref = line_application(points_app, user)
    login = sign_in_staff(client, "reviewer")
    missing = client.post(f"/staff/applications/{ref}/decision", data={"action": "reject", "csrf_token": login.csrf})
    assert "必須寫明原因" in missing.text
    assert client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    client.post(f"/staff/applications/{ref}/decision",
                data={"action": "reject", "reason": "營收證明不足", "csrf_token": login.csrf})
    assert client.get(f"/api/applications/{ref}").json()["status"] == "rejected"
    notice, mail = [next(m for m in reversed(outbox_for(points_app, ref)) if (m.channel == "email") == by_mail)
                    for by_mail in (False, True)]
    assert notice.address == user and notice.kind == "rejected" and "營收證明不足" in notice.text
    assert mail.address == "chen@example.com" and "營收證明不足" in mail.text  # and by e-mail
    page = client.get(f"/staff/applications/{ref}").text
    assert 'value="reject"' not in page  # nothing left to decide


def test_wrong_role_and_missing_csrf_change_nothing(points_app: PointsApp) -> None:
    client = points_app.client
    ref = submit(points_app)
    sign_in_staff(client, "editor")
    assert client.get("/staff/applications").status_code == 403
    assert client.get(f"/staff/applications/{ref}").status_code == 403
    assert client.get("/staff/applications/registry").status_code == 403
    sign_in_staff(client, "reviewer")
    refused = client.post(f"/staff/applications/{ref}/decision", data={"action": "reject", "reason": "x"})
    assert refused.status_code == 403
    assert client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    upload = client.post("/staff/applications/registry",
                         files={"file": ("a.csv", f"統一編號,計畫名稱,年度\n{new_ubn()},攻頂計畫,110\n".encode())})
    assert upload.status_code == 403
    assert client.get("/staff/applications/NOPE-1").status_code == 404


def test_the_csv_import_reports_every_bad_line_and_imports_the_good_ones(points_app: PointsApp) -> None:
    client = points_app.client
    login = sign_in_staff(client, "reviewer")
    good, other = new_ubn(), new_ubn()
    csv = (f"統一編號,計畫名稱,年度,備註\n{good},攻頂計畫,110,\n12345678,攻頂計畫,110,\n{other},,110,\n"
           f"{other},攻頂計畫,111,\n")
    preview = client.post("/staff/applications/registry", data={"csrf_token": login.csrf, "dry_run": "1"},
                          files={"file": ("funded.csv", csv.encode())})
    assert preview.status_code == 200 and "試算" in preview.text
    assert f"<td>{good}</td>" not in client.get("/staff/applications/registry", params={"ubn": good}).text
    report = client.post("/staff/applications/registry", data={"csrf_token": login.csrf},
                         files={"file": ("funded.csv", csv.encode())})
    assert report.status_code == 200
    bad_lines = re.findall(r'<tr class="bad-line"><td>第 (\d+) 行</td>', report.text)
    assert bad_lines == ["3", "4"]  # both bad lines, not only the first
    assert "已匯入 2 筆" in report.text
    listed = client.get("/staff/applications/registry", params={"ubn": other}).text
    assert f"<td>{other}</td><td>攻頂計畫</td><td>111</td>" in listed
    again = client.post("/staff/applications/registry", data={"csrf_token": login.csrf},
                        files={"file": ("funded.csv", csv.encode())})
    assert "已匯入 0 筆" in again.text and "略過已登錄 2 筆" in again.text  # a second submit adds nothing
    empty = client.post("/staff/applications/registry", data={"csrf_token": login.csrf},
                        files={"file": ("x.csv", b"\xff\xfe\x00a")})
    assert empty.status_code == 400 and ("NUL" in empty.text or "編碼" in empty.text)
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        entries = session.exec(select(StaffAction).where(StaffAction.action == "registry.import",
                                                         StaffAction.actor == login.username)).all()
    assert [e.detail["error_lines"] for e in entries] == [[3, 4], [3, 4]]
