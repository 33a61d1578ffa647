"""The knowledge pages' guards: the roles that may use them, the CSRF token on every form, and the
audit trail of who uploaded what."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from api.staff.tables import StaffAction
from tests.api.staff.helpers import sign_in_staff

FAQ = "- id: guard-parking\n  question: 說明會有停車位嗎？\n  answer: 說明會場地有二十個停車位。\n"


def _uploads(client: TestClient, actor: str) -> list[StaffAction]:
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        return list(session.exec(select(StaffAction).where(StaffAction.actor == actor,
                                                           col(StaffAction.action).startswith("document."))).all())


def test_a_reviewer_may_not_use_the_knowledge_pages(client: TestClient) -> None:
    sign_in_staff(client, "reviewer")
    for path in ("/staff/knowledge", "/staff/try"):
        r = client.get(path)
        assert r.status_code == 403 and "內容編輯" in r.text


def test_an_upload_needs_its_csrf_token_and_is_recorded_with_who_did_it(client: TestClient) -> None:
    login = sign_in_staff(client, "editor")
    files = {"file": ("guard.yaml", FAQ.encode(), "application/x-yaml")}
    refused = client.post("/staff/knowledge/upload", files=files, follow_redirects=False)
    assert refused.status_code == 403 and _uploads(client, login.username) == []
    ok = client.post("/staff/knowledge/upload", files=files, data={"csrf_token": login.csrf}, follow_redirects=False)
    assert ok.status_code == 303 and "job=" in ok.headers["location"]
    assert [(a.action, a.target) for a in _uploads(client, login.username)] == [("document.upload", "guard.yaml")]
