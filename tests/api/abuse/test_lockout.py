"""Lockout with back-off: console sign-in (API and page) and the phone proof of an application.
After too many wrong tries even the right secret is refused for a while, in every instance."""

from __future__ import annotations

import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
from fastapi.testclient import TestClient

from tests.api.abuse.conftest import EN, REDIS_URL, STAFF, AppFactory, refusal
from tests.api.applications.conftest import application

PASSWORD = "the-right-password-1"


def account(client: TestClient) -> str:
    username = f"staff{uuid.uuid4().hex[:8]}"
    r = client.post("/api/admin/staff-accounts", json={"username": username, "password": PASSWORD}, headers=STAFF)
    assert r.status_code == 201, r.text
    return username


def login(client: TestClient, username: str, password: str, headers: dict[str, str] | None = None) -> int:
    return client.post("/api/console/login", json={"username": username, "password": password},
                       headers=headers).status_code


@pytest.mark.parametrize("redis_url", [None, REDIS_URL], ids=["database", "redis"])
def test_wrong_passwords_lock_the_account_even_for_the_right_one(limited_app: AppFactory,
                                                                 redis_url: str | None) -> None:
    with limited_app(redis_url=redis_url) as client, limited_app(redis_url=redis_url) as other_instance:
        username = account(client)
        assert [login(client, username, "wrong") for _ in range(3)] == [401, 401, 401]
        r = client.post("/api/console/login", json={"username": username, "password": PASSWORD})
        message, retry = refusal(r)
        assert "嘗試錯誤次數過多" in message and "後再試" in message and 1 <= retry <= 60
        english, _ = refusal(other_instance.post("/api/console/login", headers=EN,
                                                 json={"username": username, "password": PASSWORD}))
        assert "try again in" in english
        assert login(client, account(client), PASSWORD) == 200  # another account is not locked


def test_the_lock_grows_and_a_right_password_works_once_it_is_over(limited_app: AppFactory) -> None:
    with limited_app(lockout_base_seconds=1) as client:
        username = account(client)
        assert [login(client, username, "wrong") for _ in range(3)] == [401, 401, 401]
        _, first = refusal(client.post("/api/console/login", json={"username": username, "password": PASSWORD}))
        time.sleep(first + 0.2)
        assert [login(client, username, "wrong") for _ in range(3)] == [401, 401, 401]
        _, second = refusal(client.post("/api/console/login", json={"username": username, "password": PASSWORD}))
        assert (first, second) == (1, 2)  # each further lock doubles
        time.sleep(second + 0.2)
        assert login(client, username, PASSWORD) == 200
        assert login(client, username, "wrong") == 401  # a success forgets the failures: one wrong is not a lock
        assert login(client, username, PASSWORD) == 200


def test_64_parallel_wrong_passwords_lock_the_account(limited_app: AppFactory) -> None:
    with limited_app(lockout_max_failures=5) as client:
        username = account(client)
        with ThreadPoolExecutor(16) as pool:
            codes = list(pool.map(lambda _: login(client, username, "wrong"), range(64)))
        assert set(codes) <= {401, 429} and codes.count(401) >= 5
        assert login(client, username, PASSWORD) == 429


def test_one_address_guessing_at_many_accounts_is_locked(limited_app: AppFactory) -> None:
    with limited_app(lockout_ip_max_failures=4) as client:
        users = [account(client) for _ in range(3)]
        assert [login(client, users[n % 2], "wrong") for n in range(4)] == [401] * 4  # no account reached 3
        refusal(client.post("/api/console/login", json={"username": users[2], "password": PASSWORD}))


def test_the_sign_in_page_says_when_to_try_again(limited_app: AppFactory) -> None:
    with limited_app() as client:
        username = account(client)
        for _ in range(3):
            assert client.post("/console/login", data={"username": username, "password": "wrong"}).status_code == 401
        page = client.post("/console/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
        assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
        assert "嘗試錯誤次數過多" in page.text and "tcloud_console" not in page.headers.get("set-cookie", "")


def test_the_staff_sign_in_page_locks_too(limited_app: AppFactory) -> None:
    with limited_app() as client:
        username = account(client)
        for _ in range(3):
            assert client.post("/staff/login", data={"username": username, "password": "wrong"}).status_code == 401
        page = client.post("/staff/login", data={"username": username, "password": PASSWORD},
                           follow_redirects=False)
        assert page.status_code == 429 and int(page.headers["Retry-After"]) >= 1
        assert "嘗試錯誤次數過多" in page.text and "tcloud_staff" not in page.headers.get("set-cookie", "")


def test_wrong_phone_numbers_lock_the_withdrawal(limited_app: AppFactory) -> None:
    with limited_app(points_as_of="2021-07-15", lockout_base_seconds=1) as client:
        reference = client.post("/api/applications", json=application("04595257")).json()["reference"]
        for n in range(3):
            wrong = client.post(f"/api/applications/{reference}/withdraw", json={"phone": f"091200000{n}"})
            assert wrong.status_code == 401
        right = client.post(f"/api/applications/{reference}/withdraw", json={"phone": "0912345678"})
        message, retry = refusal(right)
        assert "後再試" in message
        assert client.get(f"/api/applications/{reference}").json()["status"] == "submitted"
        time.sleep(retry + 0.2)
        right = client.post(f"/api/applications/{reference}/withdraw", json={"phone": "0912345678"})
        assert right.status_code == 200 and right.json()["status"] == "withdrawn"
