"""The staff console's foundation: sign-in, roles, CSRF on every form, the audit trail, the CLI."""

from __future__ import annotations

import subprocess
import sys

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.settings import Settings
from api.staff.tables import StaffAction
from tests.api.experts.console_helpers import PASSWORD as EXPERT_PASSWORD
from tests.api.experts.console_helpers import expert_with_login
from tests.api.staff.helpers import PASSWORD, csrf_from, new_staff, sign_in_staff


def test_pages_need_a_staff_sign_in(client: TestClient) -> None:
    client.cookies.clear()
    r = client.get("/staff/accounts", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/staff/login?next=/staff/accounts"
    htmx = client.get("/staff", headers={"HX-Request": "true"})
    assert htmx.status_code == 401 and htmx.headers["HX-Redirect"].startswith("/staff/login")
    username = new_staff(client, "admin")
    wrong = client.post("/staff/login", data={"username": username, "password": "not it"})
    assert wrong.status_code == 401 and "帳號或密碼不正確" in wrong.text


def test_an_expert_is_sent_to_the_experts_console(client: TestClient, staff: dict[str, str]) -> None:
    client.cookies.clear()
    expert, _ = expert_with_login(client, staff)
    r = client.post("/staff/login", data={"username": expert["username"], "password": EXPERT_PASSWORD})
    assert r.status_code == 401 and "/console" in r.text
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_the_navigation_shows_what_the_role_may_use(client: TestClient) -> None:
    sign_in_staff(client, "editor")
    page = client.get("/staff").text
    assert 'href="/staff/knowledge"' in page and 'href="/staff/curation"' in page
    assert 'href="/staff/applications"' not in page and 'href="/staff/accounts"' not in page
    refused = client.get("/staff/accounts")
    assert refused.status_code == 403 and "管理者" in refused.text
    sign_in_staff(client, "reviewer")
    page = client.get("/staff").text
    assert 'href="/staff/applications"' in page and 'href="/staff/knowledge"' not in page


def test_a_form_without_its_csrf_token_is_refused_and_changes_nothing(client: TestClient) -> None:
    login = sign_in_staff(client, "admin")
    fields = {"username": "nocsrf-user", "password": PASSWORD, "role": "editor"}
    assert client.post("/staff/accounts", data=fields).status_code == 403
    assert client.post("/staff/accounts", data=fields | {"csrf_token": "0" * 64}).status_code == 403
    assert "nocsrf-user" not in client.get("/staff/accounts").text
    ok = client.post("/staff/accounts", data=fields | {"csrf_token": login.csrf})
    assert ok.status_code == 200 and "已建立帳號 nocsrf-user" in ok.text
    again = client.post("/staff/accounts", data=fields | {"csrf_token": login.csrf})  # submitted twice
    assert again.status_code == 200 and "已經有人使用" in again.text
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        created = session.exec(select(StaffAction).where(StaffAction.action == "account.create",
                                                         StaffAction.target == "nocsrf-user")).all()
    assert [(a.actor, a.detail["role"]) for a in created] == [(login.username, "editor")]


def test_sign_out_ends_the_session(client: TestClient) -> None:
    login = sign_in_staff(client, "reviewer")
    assert client.post("/staff/logout", data={}).status_code == 403  # sign-out is a form too
    r = client.post("/staff/logout", data={"csrf_token": login.csrf}, follow_redirects=False)
    assert r.status_code == 303
    assert client.get("/staff", follow_redirects=False).status_code == 303


def test_a_staff_session_token_opens_the_staff_api(client: TestClient) -> None:
    sign_in_staff(client, "editor")
    token = client.cookies.get("tcloud_staff")
    client.cookies.clear()
    assert client.get("/api/admin/stats", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_first_admin_is_created_from_the_command_line(api_settings: Settings, client: TestClient) -> None:
    env = {"DATABASE_URL": api_settings.resolved_database_url, "DATA_DIR": str(api_settings.data_dir),
           "PATH": "/usr/bin:/bin"}
    run = subprocess.run([sys.executable, "-m", "api.cli", "staff", "create", "first-admin", "--role", "admin",
                          "--password-stdin"], input=PASSWORD + "\n", capture_output=True, text=True, env=env,
                         check=False)
    assert run.returncode == 0, run.stderr
    short = subprocess.run([sys.executable, "-m", "api.cli", "staff", "create", "second", "--role", "editor",
                            "--password-stdin"], input="short\n", capture_output=True, text=True, env=env,
                           check=False)
    assert short.returncode == 1 and "10 characters" in short.stderr
    client.cookies.clear()
    r = client.post("/staff/login", data={"username": "first-admin", "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303
    assert 'href="/staff/accounts"' in client.get("/staff").text
    assert csrf_from(client.get("/staff/accounts").text)
