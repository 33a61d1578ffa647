"""The application in the chat over the real engine and database: submitted from the web, drafts
resumed after an interruption and across channels, status asked in the chat."""

from __future__ import annotations

import uuid
from datetime import timedelta

from sqlmodel import Session, select

from api.applications import messages as msg
from api.applications.services.lifecycle import audit_of
from api.applications.tables import PointsApplication, PointsDraft
from api.models import utcnow
from api.privacy.services.personal_data import erase, subject
from bot.messages import t
from tests.api.applications.conftest import PointsApp, new_ubn

COMPANY = ["好吃小館", "餐廳", "5", "0", "300萬", "台中", "林小姐", "04-2234-5678", "lin@example.com"]


def test_apply_on_the_web_then_ask_for_the_status(points_app: PointsApp) -> None:
    session, ubn = f"web-{uuid.uuid4().hex[:8]}", new_ubn()
    assert points_app.web(session, "我要申請點數")["form"]["step"] == "ubn"
    bad = points_app.web(session, "1234567")
    assert bad["form"]["step"] == "ubn" and "8位數字" in bad["form"]["error"]  # asked again, told the length
    for text in [ubn, *COMPANY]:
        points_app.web(session, text)
    verdict = points_app.web(session, "同意")
    assert verdict["form"]["step"] == "hall" and "✔ 商業館：上限3萬點" in verdict["answer"]
    assert [a["label"] for a in verdict["actions"]][:2] == ["商業館", "中小館"]
    confirm = points_app.web(session, "中小館")
    assert confirm["form"]["confirming"] and "所在縣市：臺中市" in confirm["answer"]
    done = points_app.web(session, "確認送出")
    assert done["form"] is None
    assert all(fact in done["answer"] for fact in ("110年度中小館", "3萬點", "1:1")), done["answer"]
    assert msg.submitted(110, "中小館", 30_000, "1:1", heard=msg.RESULT_NONE)[0] in done["answer"]  # no promise:
    assert "通知您" not in done["answer"]  # a web user, and this app sends no e-mail
    reference = done["answer"].split("編號 ")[1].split("。")[0]
    status = points_app.web(session, "我的申請進度")
    assert status["intent"] == "check_status"
    assert all(fact in status["answer"] for fact in (reference, "已送出，待審核", "110年度中小館"))
    other = points_app.web(f"other-{session}", "我的申請進度")
    assert other["intent"] == "check_status" and reference not in other["answer"]
    assert other["answer"] == t("status_none", "zh")  # another user is told there is nothing, not given this one
    with Session(points_app.client.app.state.resources.db) as db:  # type: ignore[attr-defined]
        assert db.exec(select(PointsDraft).where(PointsDraft.ubn == ubn)).all() == [], "drafts go once submitted"
    again = points_app.web(session, "我要申請點數")
    assert again["form"]["step"] == "ubn"
    refused = points_app.web(session, ubn)
    assert refused["form"]["step"] == "ubn" and "110年度已經有一件申請" in refused["answer"]


def test_an_interrupted_application_resumes_from_the_draft(points_app: PointsApp) -> None:
    session, ubn = f"web-{uuid.uuid4().hex[:8]}", new_ubn()
    points_app.web(session, "我要申請點數")
    for text in [ubn, *COMPANY[:4]]:
        points_app.web(session, text)
    points_app.client.post("/api/chat", json={"session_id": session, "message": "取消"})
    points_app.web(session, "我要申請點數")
    resumed = points_app.web(session, ubn)
    assert resumed["form"]["step"] == "revenue"
    assert resumed["form"]["values"]["company_name"] == "好吃小館" and resumed["form"]["values"]["capital"] == "0"


def test_started_on_line_finished_on_the_web(points_app: PointsApp) -> None:
    ubn, line_user, web_session = new_ubn(), f"U{uuid.uuid4().hex}", f"web-{uuid.uuid4().hex[:8]}"
    points_app.say(line_user, "我要申請點數", channel="line")
    for text in [ubn, *COMPANY[:8]]:  # stops after the phone
        points_app.say(line_user, text, channel="line")

    points_app.web(web_session, "我要申請點數")
    ask = points_app.web(web_session, ubn)
    assert ask["form"]["step"] == "resume" and ask["form"]["values"] == {"ubn": ubn}
    wrong = points_app.web(web_session, "0911111111")
    assert wrong["form"]["step"] == "resume" and "和草稿上的資料不符" in wrong["answer"]
    proved = points_app.web(web_session, "0422345678")
    assert proved["form"]["step"] == "email", proved["answer"]
    assert proved["form"]["values"]["contact"] == "林小姐" and proved["form"]["values"]["region"] == "臺中市"
    points_app.web(web_session, "lin@example.com")
    points_app.web(web_session, "同意")
    points_app.web(web_session, "商業館")
    done = points_app.web(web_session, "確認送出")
    assert done["form"] is None and "已送出，編號 P110-" in done["answer"]
    # the LINE chat that started it now meets the submitted application
    points_app.say(line_user, "取消", channel="line")
    points_app.say(line_user, "我要申請點數", channel="line")
    assert "110年度已經有一件申請" in points_app.say(line_user, ubn, channel="line").text


def test_the_calculator_over_the_web(points_app: PointsApp) -> None:
    session = f"web-{uuid.uuid4().hex[:8]}"
    ask = points_app.web(session, "60萬的方案我要付多少？")
    assert ask["intent"] == "points_calculator" and "110年工業館" in [a["label"] for a in ask["actions"]]
    answer = points_app.web(session, "110年工業館")
    assert "可用20萬點" in answer["answer"] and "自付40萬元" in answer["answer"]
    assert answer["sources"][0]["year"] == 110 and answer["sources"][0]["hall"] == "工業館"


def test_drafts_older_than_30_days_are_neither_offered_nor_kept(points_app: PointsApp) -> None:
    ubn, session = new_ubn(), f"web-{uuid.uuid4().hex[:8]}"
    db = points_app.client.app.state.resources.db  # type: ignore[attr-defined]
    with Session(db) as s:
        s.add(PointsDraft(ubn=ubn, year=110, channel="line", user_id="U-old", data={"ubn": ubn, "phone": "0912345678"},
                          updated_at=utcnow() - timedelta(days=31)))
        s.commit()
    points_app.web(session, "我要申請點數")
    reply = points_app.web(session, ubn)
    assert reply["form"]["step"] == "company_name", "the stale draft is not offered"
    with Session(db) as s:
        owners = [d.user_id for d in s.exec(select(PointsDraft).where(PointsDraft.ubn == ubn)).all()]
    assert owners == [session]


def test_withdraw_resubmit_and_look_up_from_another_device_with_the_phone(points_app: PointsApp) -> None:
    session, ubn = f"web-{uuid.uuid4().hex[:8]}", new_ubn()

    def press(chat: str, label_start: str, last: dict) -> dict:  # type: ignore[type-arg]
        action = next(a for a in last["actions"] if a["label"].startswith(label_start))
        r = points_app.client.post("/api/chat", json={"session_id": chat, "message": "", "postback": action["data"]})
        assert r.status_code == 200, r.text
        return r.json()  # type: ignore[no-any-return]

    points_app.web(session, "我要申請點數")
    for text in [ubn, *COMPANY, "同意", "中小館"]:
        points_app.web(session, text)
    reference = points_app.web(session, "確認送出")["answer"].split("編號 ")[1].split("。")[0]
    status = points_app.web(session, "我的申請進度")
    asked = press(session, f"撤回 {reference}", status)
    assert asked["form"]["step"] == "phone" and asked["form"]["total"] == 1 and reference in asked["answer"]
    wrong = points_app.web(session, "0912345678")
    assert wrong["form"]["confirming"]  # the proof is checked when the request is sent
    confirm = points_app.web(session, "確認送出")
    assert confirm["form"]["step"] == "phone" and msg.PHONE_MISMATCH[0] in confirm["answer"]
    points_app.web(session, "04-2234-5678")
    withdrawn = points_app.web(session, "確認送出")
    assert msg.withdrawn(reference)[0] in withdrawn["answer"] and withdrawn["form"] is None
    status = points_app.web(session, "我的申請進度")
    assert "已撤回" in status["answer"]
    press(session, f"重新送出 {reference}", status)
    points_app.web(session, "0422345678")
    again = points_app.web(session, "確認送出")
    assert f"原申請 {reference}" in again["answer"], again["answer"]
    new_reference = again["answer"].split("新的申請編號 ")[1].split("。")[0]

    phone = f"line-{uuid.uuid4().hex[:8]}"  # another device: nothing of this user's
    none = points_app.web(phone, "我的申請進度")
    lookup = press(phone, "用申請編號查詢", none)
    assert lookup["form"]["step"] == "reference"
    assert "格式" in points_app.web(phone, "12345")["answer"]
    points_app.web(phone, new_reference.lower())
    points_app.web(phone, "查詢進度")
    points_app.web(phone, "04-2234-5678")
    found = points_app.web(phone, "確認送出")
    assert new_reference in found["answer"] and "已送出，待審核" in found["answer"]
    assert "已送出，編號" not in found["answer"]  # a look-up submits nothing
    points_app.deliver()  # nothing is pushed to a web user: their open chat page fetches what the outbox holds
    assert [to for _, to, _ in points_app.notifier.sent if to in (session, phone)] == []

    def notices(chat: str) -> list[str]:
        r = points_app.client.get("/api/chat/updates", params={"session_id": chat})
        return [n["text"] for n in r.json()["notices"]]

    told = notices(session)  # the applicant is told of the withdrawal and the new submission
    assert any(reference in text for text in told) and any(new_reference in text for text in told)
    assert notices(phone) == []  # the device that looked it up is not the applicant's chat


def test_an_erased_applicant_is_named_in_the_audit_trail_only_by_pseudonym(points_app: PointsApp) -> None:
    session_id, ubn = f"web-{uuid.uuid4().hex[:8]}", new_ubn()
    points_app.web(session_id, "我要申請點數")
    for text in [ubn, *COMPANY, "同意", "中小館"]:
        points_app.web(session_id, text)
    assert points_app.web(session_id, "確認送出")["form"] is None
    db = points_app.client.app.state.resources.db  # type: ignore[attr-defined]
    with Session(db) as session:
        app = session.exec(select(PointsApplication).where(PointsApplication.ubn == ubn)).one()
        assert any(session_id in a.actor for a in audit_of(session=session, app=app))  # before: who applied
        erase(session=session, salt="test-salt", who=subject("web", session_id), requested_by="user")
    with Session(db) as session:
        app = session.exec(select(PointsApplication).where(PointsApplication.ubn == ubn)).one()
        trail = audit_of(session=session, app=app)
        assert trail and app.status == "submitted"  # the programme keeps the application and its history
        assert not any(session_id in a.actor for a in trail) and trail[0].actor.startswith("applicant:web:")
