"""Signing in to the staff console in tests: a fresh account of a role, its cookie and CSRF token."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass

from fastapi.testclient import TestClient
from sqlmodel import Session

from api.staff.services.accounts import create_staff

PASSWORD = "correct horse battery"
_CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]+)"')


@dataclass
class StaffLogin:
    username: str
    role: str
    csrf: str


def csrf_from(html: str) -> str:
    found = _CSRF.search(html)
    assert found, "the page carries no CSRF token"
    return found.group(1)


def new_staff(client: TestClient, role: str) -> str:
    """Create a staff account of `role` in the app's database; returns its username."""
    username = f"{role}-{uuid.uuid4().hex[:8]}"
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        create_staff(session=session, username=username, password=PASSWORD, role=role, display_name=f"測試{role}")
    return username


def sign_in_staff(client: TestClient, role: str) -> StaffLogin:
    """Sign `client` in (its cookie jar keeps the session) as a new account of `role`."""
    username = new_staff(client, role)
    client.cookies.clear()
    r = client.post("/staff/login", data={"username": username, "password": PASSWORD}, follow_redirects=False)
    assert r.status_code == 303, r.text
    page = client.get("/staff")
    assert page.status_code == 200
    return StaffLogin(username, role, csrf_from(page.text))
