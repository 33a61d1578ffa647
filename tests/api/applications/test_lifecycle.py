"""Staff review with an audit trail; withdrawal and resubmission by the applicant; LINE users
are told when their application moves, web users see it in their chat."""

from __future__ import annotations

from typing import Any

from api.applications import messages as msg
from api.applications.rules.transitions import label
from tests.api.applications.conftest import PointsApp, application, new_ubn


def labels(status: str) -> msg.Pair:
    return label(status), label(status, "en")


def submit(points_app: PointsApp, **changes: Any) -> dict[str, Any]:
    r = points_app.client.post("/api/applications", json=application(changes.pop("ubn", None) or new_ubn(), **changes))
    assert r.status_code == 201, r.text
    body: dict[str, Any] = r.json()
    return body


def move(points_app: PointsApp, ref: str, staff: dict[str, str], **body: Any) -> Any:
    return points_app.client.post(f"/api/admin/applications/{ref}/status", json=body, headers=staff)


def test_review_to_approval_is_audited_and_registers_the_funding(points_app: PointsApp, staff: dict[str, str]) -> None:
    app = submit(points_app)
    ref = app["reference"]
    assert move(points_app, ref, staff, status="under_review").json()["status"] == "under_review"
    approved = move(points_app, ref, staff, status="approved", points=150000, note="文件齊全")
    assert approved.status_code == 200
    detail = approved.json()
    assert detail["status"] == "approved" and detail["points_granted"] == 150000 and detail["decided_at"]
    assert [(a["actor"], a["action"], a["from_status"], a["to_status"]) for a in detail["audit"]] == [
        ("applicant:api", "submitted", "", "submitted"),
        ("staff:admin", "status", "submitted", "under_review"),
        ("staff:admin", "status", "under_review", "approved"),
    ]
    assert detail["audit"][2]["changes"] == {"status": ["under_review", "approved"], "points_granted": 150000}
    assert detail["audit"][2]["note"] == "文件齊全"
    status = points_app.client.get(f"/api/applications/{ref}").json()
    assert status["status_label"] == "已核准" and status["points_granted"] == 150000
    funded = points_app.client.get("/api/admin/funded-companies", params={"ubn": detail["ubn"]}, headers=staff).json()
    assert [(f["programme"], f["year"], f["source"]) for f in funded] == [("雲市集工業館", 110, f"application:{ref}")]
    # approved still counts as active: the company cannot apply again this year
    again = points_app.client.post("/api/applications", json=application(detail["ubn"], hall="中小館", employees=3))
    assert again.status_code == 409


def test_rejection_needs_a_reason_the_applicant_sees(points_app: PointsApp, staff: dict[str, str]) -> None:
    ref = submit(points_app)["reference"]
    missing = move(points_app, ref, staff, status="rejected")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "invalid_input"
    assert missing.json()["error"]["message"] == msg.REASON_REQUIRED[0]
    assert points_app.client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    rejected = move(points_app, ref, staff, status="rejected", reason="工廠登記證影本不清楚")
    assert rejected.json()["status"] == "rejected"
    assert points_app.client.get(f"/api/applications/{ref}").json()["reason"] == "工廠登記證影本不清楚"


def test_transitions_that_make_no_sense_are_refused(points_app: PointsApp, staff: dict[str, str]) -> None:
    ref = submit(points_app)["reference"]
    skip = move(points_app, ref, staff, status="approved")
    assert skip.status_code == 409 and skip.json()["error"]["code"] == "conflict"
    assert skip.json()["error"]["message"] == msg.cannot_become(labels("submitted"), labels("approved"))[0]
    assert points_app.client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    move(points_app, ref, staff, status="under_review")
    too_many = move(points_app, ref, staff, status="approved", points=300000)
    assert too_many.status_code == 400 and too_many.json()["error"]["message"] == msg.points_out_of_range(200000)[0]
    same = move(points_app, ref, staff, status="under_review")
    assert same.status_code == 409 and same.json()["error"]["code"] == "conflict"
    assert same.json()["error"]["message"] == msg.already_in_status(labels("under_review"))[0]
    unknown = move(points_app, ref, staff, status="archived")
    assert unknown.status_code == 422
    assert move(points_app, "P110-NOPE", staff, status="under_review").status_code == 404


def test_staff_endpoints_need_the_token(points_app: PointsApp) -> None:
    ref = submit(points_app)["reference"]
    r = points_app.client.post(f"/api/admin/applications/{ref}/status", json={"status": "under_review"})
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"
    assert points_app.client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    assert points_app.client.get("/api/admin/applications").status_code == 401


def test_withdraw_then_resubmit_creates_a_new_submission(points_app: PointsApp, staff: dict[str, str]) -> None:
    first = submit(points_app)
    ref = first["reference"]
    wrong = points_app.client.post(f"/api/applications/{ref}/withdraw", json={"phone": "0900000000"})
    assert wrong.status_code == 401 and wrong.json()["error"]["code"] == "unauthorized"
    assert wrong.json()["error"]["message"] == msg.PHONE_MISMATCH[0]
    assert points_app.client.get(f"/api/applications/{ref}").json()["status"] == "submitted"
    early = points_app.client.post(f"/api/applications/{ref}/resubmit", json={"phone": "0912345678"})
    assert early.status_code == 409 and early.json()["error"]["code"] == "conflict"
    assert early.json()["error"]["message"] == msg.only_withdrawn_resubmitted(labels("submitted"))[0]
    withdrawn = points_app.client.post(f"/api/applications/{ref}/withdraw", json={"phone": "0912 345 678"})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == "withdrawn"
    review = move(points_app, ref, staff, status="under_review")
    assert review.status_code == 409
    assert review.json()["error"]["message"] == msg.cannot_become(labels("withdrawn"), labels("under_review"),
                                                                  msg.RESUBMIT_HINT)[0]

    again = points_app.client.post(f"/api/applications/{ref}/resubmit", json={"phone": "0912345678"})
    assert again.status_code == 201
    new = again.json()
    assert new["reference"] != ref and new["status"] == "submitted" and new["resubmission_of"] == ref
    twice = points_app.client.post(f"/api/applications/{ref}/resubmit", json={"phone": "0912345678"})
    assert twice.status_code == 409, "the resubmission is active: a second one would make two"
    old = points_app.client.get(f"/api/admin/applications/{ref}", headers=staff).json()
    assert old["status"] == "withdrawn"
    assert [a["action"] for a in old["audit"]] == ["submitted", "status", "resubmitted"]
    assert old["audit"][1]["actor"] == "applicant:api" and old["audit"][2]["note"] == new["reference"]
    listed = points_app.client.get("/api/admin/applications", params={"status": "submitted", "year": 110},
                                   headers=staff).json()
    assert new["reference"] in {a["reference"] for a in listed}


def test_line_applicants_are_told_of_status_changes(points_app: PointsApp, staff: dict[str, str]) -> None:
    ubn, user = new_ubn(), "U-line-status"
    for text in ("我要申請點數", ubn, "彰化螺絲行", "製造業", "8", "500萬", "3000萬", "已辦工廠登記", "彰化縣",
                 "陳大明", "0912345678", "chen@example.com", "同意", "工業館"):
        points_app.say(user, text, channel="line")
    done = points_app.say(user, "確認送出", channel="line")
    assert done.form is None and "已送出，編號 P110-" in done.text
    ref = done.text.split("編號 ")[1].split("。")[0]
    sent_before = len(points_app.notifier.sent)
    move(points_app, ref, staff, status="under_review")
    move(points_app, ref, staff, status="rejected", reason="營收證明不足")
    assert points_app.notifier.sent[sent_before:] == []  # told through the outbox, not from the request
    assert points_app.deliver() == 2
    assert points_app.deliver() == 0  # sent once
    pushed = points_app.notifier.sent[sent_before:]
    assert [(channel, to) for channel, to, _ in pushed] == [("line", user), ("line", user)]
    review, rejection = (text for *_, text in pushed)
    assert ref in review and "審核中" in review
    assert ref in rejection and "未通過" in rejection and "營收證明不足" in rejection  # the reason reaches them
    status = points_app.say(user, "我的申請進度", channel="line")
    assert status.intent == "check_status"
    assert ref in status.text and "未通過" in status.text and "營收證明不足" in status.text


def test_web_applicants_see_each_status_change_in_their_chat(points_app: PointsApp, staff: dict[str, str]) -> None:
    session = f"web-status-{new_ubn()}"
    for text in ("我要申請點數", new_ubn(), "好吃小館", "餐廳", "5", "0", "300萬", "台中", "林小姐", "04-2234-5678",
                 "lin@example.com", "同意", "中小館"):
        points_app.web(session, text)
    done = points_app.web(session, "確認送出")
    ref = done["answer"].split("編號 ")[1].split("。")[0]
    move(points_app, ref, staff, status="under_review")
    move(points_app, ref, staff, status="approved", points=30000, note="文件齊全")
    points_app.deliver()
    assert [to for _, to, _ in points_app.notifier.sent if to == session] == []  # not pushed: the page fetches them
    updates = points_app.client.get("/api/chat/updates", params={"session_id": session}).json()
    assert [(n["subject"], n["kind"]) for n in updates["notices"]] == [(ref, "under_review"), (ref, "approved")]
    approved = updates["notices"][1]
    assert labels("approved")[0] in approved["text"] and approved["topic"] == "application"
    assert [a["label"] for a in approved["actions"]] == [msg.MY_APPLICATIONS]
    status = points_app.web(session, approved["actions"][0]["text"])
    assert status["intent"] == "check_status" and ref in status["answer"] and labels("approved")[0] in status["answer"]
    turns = points_app.client.get("/api/chat/history", params={"session_id": session}).json()["turns"]
    assert [t["kind"] for t in turns[-3:]] == ["notice", "notice", "turn"]


def test_line_applicants_are_told_of_withdrawal_and_resubmission(points_app: PointsApp) -> None:
    ubn, user = new_ubn(), "U-line-withdraw"
    for text in ("我要申請點數", ubn, "鹿港木器行", "製造業", "6", "300萬", "2000萬", "已辦工廠登記", "彰化縣",
                 "林小華", "0922333444", "lin@example.com", "同意", "工業館"):
        points_app.say(user, text, channel="line")
    done = points_app.say(user, "確認送出", channel="line")
    ref = done.text.split("編號 ")[1].split("。")[0]
    points_app.deliver()
    sent_before = len(points_app.notifier.sent)
    withdrawn = points_app.client.post(f"/api/applications/{ref}/withdraw", json={"phone": "0922333444"})
    assert withdrawn.status_code == 200, withdrawn.text
    again = points_app.client.post(f"/api/applications/{ref}/resubmit", json={"phone": "0922333444"})
    assert again.status_code == 201, again.text
    new_ref = again.json()["reference"]
    assert points_app.deliver() == 2
    pushed = points_app.notifier.sent[sent_before:]
    assert [(channel, to) for channel, to, _ in pushed] == [("line", user), ("line", user)]
    assert ref in pushed[0][2] and "已撤回" in pushed[0][2]
    assert ref in pushed[1][2] and new_ref in pushed[1][2]
