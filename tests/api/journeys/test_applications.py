"""Issue 13's application journey, on the web chat and on LINE: an application typed in everyday
words (「5個」「大概八百萬」) is submitted → staff review and approve it → the applicant is told in
the chat and by e-mail, and 我的申請進度 says approved."""

from __future__ import annotations

import re
import uuid

from api.applications import messages as msg
from api.applications.rules.transitions import label
from tests.api.applications.conftest import new_ubn
from tests.api.journeys.conftest import Journeys
from tests.api.journeys.helpers import body, email_saying
from tests.api.journeys.users import User, WebUser


def test_submitted_in_everyday_words_approved_by_staff_told_in_the_chat_and_by_email(
        journeys: Journeys, user: User, staff: dict[str, str]) -> None:
    address = f"shop-{uuid.uuid4().hex[:8]}@example.com"
    user.say("我要申請點數")
    for answer in (new_ubn(), "好吃小館", "餐廳", "5個", "0", "大概八百萬", "台中", "林小姐", "04-2234-5678",
                   address, "同意"):
        user.say(answer)
    confirm = user.say("中小館")
    assert all(fact in confirm.text for fact in ("員工數：5", "年營收：800萬", "所在縣市：臺中市")), confirm.text
    done = user.say("確認送出")
    found = re.search(r"P110-[0-9A-Z]+", done.text)
    assert found, done.text
    reference = found.group()

    for change in ({"status": "under_review"}, {"status": "approved", "points": 30000, "note": "文件齊全"}):
        r = journeys.client.post(f"/api/admin/applications/{reference}/status", json=change, headers=staff)
        assert r.status_code == 200, r.text
    review, approval = user.arrived(2)
    assert reference in review.text and label("under_review") in review.text
    assert reference in approval.text and label("approved") in approval.text
    mail = email_saying(journeys.inbox, address, label("approved"))
    assert reference in str(mail["Subject"]) and label("approved") in str(mail["Subject"])
    assert reference in body(mail)
    if isinstance(user, WebUser):
        assert [t["intent"] for t in user.reload() if t["kind"] == "notice"][-2:] == ["under_review", "approved"]
    status = user.press(msg.MY_APPLICATIONS, on=approval)
    assert reference in status.text and label("approved") in status.text
