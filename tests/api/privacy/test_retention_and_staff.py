"""The retention purge removes old rows only; an admin looks a user up by 統一編號, exports and
erases their data on /staff/privacy (audited); other roles may not."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.applications.tables import PointsDraft
from api.models import DialogueStateRow, Exchange, Feedback, utcnow
from api.privacy.jobs import retention_of
from api.privacy.services.retention import purge
from api.staff.tables import StaffAction
from tests.api.experts.chat import Chat, new_expert, walk_to_confirmation
from tests.api.staff.helpers import sign_in_staff

# A topic no other test's expert has, so this test's expert is on the shortlist however many exist.
TOPIC = "想了解供應商上架的流程"


def test_the_retention_purge_removes_old_rows_only(client: TestClient) -> None:
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    now = utcnow()
    with Session(db) as session:
        old = Exchange(channel="web", user_hash="retention-old", question="q", intent="question", answer="a",
                       created_at=now - timedelta(days=400))
        new = Exchange(channel="web", user_hash="retention-new", question="q", intent="question", answer="a",
                       created_at=now - timedelta(days=300))
        session.add_all([old, new,
                         DialogueStateRow(key="web:retention-old", data={}, updated_at=now - timedelta(days=91)),
                         DialogueStateRow(key="web:retention-new", data={}, updated_at=now - timedelta(days=89)),
                         PointsDraft(ubn="12345675", year=115, channel="web", user_id="retention-old",
                                     updated_at=now - timedelta(days=31)),
                         PointsDraft(ubn="12345675", year=115, channel="web", user_id="retention-new",
                                     updated_at=now - timedelta(days=29))])
        session.flush()
        assert old.id is not None
        session.add(Feedback(exchange_id=old.id, helpful=True))  # in one commit: the app's own purge may run too
        session.commit()
        purge(session=session, retention=retention_of(client.app.state.resources.settings), now=now)  # type: ignore[attr-defined]
        hashes = set(session.exec(select(Exchange.user_hash)).all())
        keys = set(session.exec(select(DialogueStateRow.key)).all())
        owners = set(session.exec(select(PointsDraft.user_id)).all())
    assert "retention-old" not in hashes and "retention-new" in hashes
    assert "web:retention-old" not in keys and "web:retention-new" in keys
    assert "retention-old" not in owners and "retention-new" in owners


def test_an_admin_finds_exports_and_erases_a_users_data(client: TestClient, staff: dict[str, str]) -> None:
    chat = Chat(client)
    walk_to_confirmation(chat, new_expert(client, staff, topics=["供應商上架"]), topic=TOPIC)
    tax_id = chat.last["form"]["values"]["tax_id"]
    done = chat.send("確認送出")
    reference = done["answer"][done["answer"].index("B-"):][:8]

    reviewer = sign_in_staff(client, "reviewer")
    assert client.get("/staff/privacy", follow_redirects=False).status_code in (302, 303, 403)
    admin = sign_in_staff(client, "admin")
    assert "個人資料" in client.get("/staff").text  # in the navigation bar
    page = client.get("/staff/privacy", params={"key": tax_id})
    assert page.status_code == 200 and "預約 1" in page.text and chat.session_id not in page.text.split("匯出")[0]
    bad = client.get("/staff/privacy", params={"channel": "fax", "user_id": "x"})
    assert "管道只能是 web 或 line" in bad.text
    empty = client.get("/staff/privacy", params={"key": ""})
    assert empty.status_code == 200

    exported = client.get("/staff/privacy/export", params={"channel": "web", "user_id": chat.session_id})
    assert exported.status_code == 200 and exported.json()["bookings"][0]["reference"] == reference

    unconfirmed = client.post("/staff/privacy/erase", data={"channel": "web", "user_id": chat.session_id,
                                                             "csrf_token": admin.csrf}, follow_redirects=False)
    assert unconfirmed.status_code == 303 and "err=" in unconfirmed.headers["location"]
    refused = client.post("/staff/privacy/erase", data={"channel": "web", "user_id": chat.session_id,
                                                         "confirm": "yes"}, follow_redirects=False)
    assert refused.status_code in (400, 403)  # no CSRF token
    erased = client.post("/staff/privacy/erase", data={"channel": "web", "user_id": chat.session_id, "confirm": "yes",
                                                        "csrf_token": admin.csrf})
    assert erased.status_code == 200 and "已刪除這位使用者的個人資料" in erased.text
    rows = client.get("/api/admin/bookings", headers=staff).json()
    booking = next(r for r in rows if r["reference"] == reference)
    assert booking["contact_name"] == "已刪除" and booking["status"] == "pending"
    assert client.get("/api/chat/history", params={"session_id": chat.session_id}).json()["turns"] == []
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        actions = session.exec(select(StaffAction).where(StaffAction.actor == admin.username)).all()
    done_actions = [a.action for a in actions]
    assert "privacy.export" in done_actions and "privacy.erase" in done_actions
    assert all(chat.session_id not in a.target for a in actions)  # audited by pseudonym
    assert reviewer.username not in [a.actor for a in actions]
