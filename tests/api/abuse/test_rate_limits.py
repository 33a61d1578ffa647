"""Per-client rate limits on chat, feedback and applications, counted in the database (shared by
two app instances over it) or in the real Redis on 127.0.0.1:6379."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from tests.api.abuse.conftest import EN, REDIS_URL, AppFactory, refusal
from tests.api.applications.conftest import application


def ask(client: TestClient, session: str, headers: dict[str, str] | None = None) -> int:
    return client.post("/api/chat", json={"session_id": session, "message": "你好"}, headers=headers).status_code


def test_a_session_past_its_chat_limit_is_told_when_to_retry(limited_app: AppFactory) -> None:
    with limited_app(rate_limit_chat_ip="100/minute") as client:
        assert [ask(client, "s-1") for _ in range(3)] == [200, 200, 200]
        message, retry = refusal(client.post("/api/chat", json={"session_id": "s-1", "message": "你好"}))
        assert "請在" in message and "後再試" in message and retry <= 60
        english, _ = refusal(client.post("/api/chat", json={"session_id": "s-1", "message": "hi"}, headers=EN))
        assert "try again in" in english
        # the streaming variant counts against the same limit
        refusal(client.post("/api/chat/stream", json={"session_id": "s-1", "message": "你好"}))
        assert ask(client, "s-2") == 200  # another session is not held back by the first


def test_one_address_is_limited_across_sessions(limited_app: AppFactory) -> None:
    with limited_app() as client:
        assert [ask(client, f"s-{n}") for n in range(5)] == [200] * 5  # five sessions, one address
        refusal(client.post("/api/chat", json={"session_id": "s-new", "message": "你好"}))


def test_x_forwarded_for_is_ignored_unless_the_proxy_is_trusted(limited_app: AppFactory) -> None:
    with limited_app() as client:
        codes = [ask(client, f"s-{n}", {"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(6)]
        assert codes == [200] * 5 + [429]  # made-up client addresses do not escape the address limit
    with limited_app(trusted_proxies="testclient") as client:  # TestClient's peer is "testclient"
        codes = [ask(client, f"p-{n}", {"X-Forwarded-For": f"203.0.113.{n}"}) for n in range(6)]
        assert codes == [200] * 6  # each is a client of its own behind the trusted proxy
        assert [ask(client, "p-9", {"X-Forwarded-For": "198.51.100.7"}) for _ in range(3)] == [200] * 3
        assert ask(client, "p-10", {"X-Forwarded-For": "198.51.100.7"}) == 200
        assert ask(client, "p-11", {"X-Forwarded-For": "198.51.100.7"}) == 200
        assert ask(client, "p-12", {"X-Forwarded-For": "198.51.100.7"}) == 429


def test_two_instances_over_one_database_share_the_counters(limited_app: AppFactory) -> None:
    with limited_app() as first, limited_app() as second:
        assert [ask(first, "shared"), ask(second, "shared"), ask(first, "shared")] == [200, 200, 200]
        refusal(second.post("/api/chat", json={"session_id": "shared", "message": "你好"}))
        refusal(first.post("/api/chat", json={"session_id": "shared", "message": "你好"}))


def test_two_instances_over_redis_share_the_counters(limited_app: AppFactory) -> None:
    with limited_app(redis_url=REDIS_URL) as first, limited_app(redis_url=REDIS_URL) as second:
        assert type(first.app.state.resources.rates.storage).__name__ == "RedisStorage"  # type: ignore[attr-defined]
        assert [ask(first, "r"), ask(second, "r"), ask(first, "r")] == [200, 200, 200]
        refusal(second.post("/api/chat", json={"session_id": "r", "message": "你好"}))


def test_the_moving_window_in_redis_limits_too(limited_app: AppFactory) -> None:
    with limited_app(redis_url=REDIS_URL, rate_limit_strategy="moving-window") as client:
        assert [ask(client, "m") for _ in range(4)] == [200, 200, 200, 429]


def test_feedback_is_limited_per_session(limited_app: AppFactory) -> None:
    with limited_app() as client:
        exchange = client.post("/api/chat", json={"session_id": "fb", "message": "你好"}).json()["exchange_id"]
        vote = {"exchange_id": exchange, "session_id": "fb", "helpful": True}
        assert [client.post("/api/feedback", json=vote).status_code for _ in range(3)] == [201, 201, 429]


def test_application_submissions_are_limited_per_address(limited_app: AppFactory) -> None:
    with limited_app(rate_limit_applications_ip="2/minute", points_as_of="2021-07-15") as client:
        first = client.post("/api/applications", json=application("04595257"))
        assert first.status_code == 201, first.text
        reference = first.json()["reference"]
        # a withdrawal counts too; the third change within the minute is refused
        assert client.post(f"/api/applications/{reference}/withdraw", json={"phone": "0912345678"}).status_code == 200
        refusal(client.post(f"/api/applications/{reference}/resubmit", json={"phone": "0912345678"}))


def test_feedback_only_from_the_session_that_got_the_answer(limited_app: AppFactory) -> None:
    with limited_app(rate_limit_feedback="100/minute") as client:
        mine = f"web-{uuid.uuid4().hex}"
        exchange = client.post("/api/chat", json={"session_id": mine, "message": "你好"}).json()["exchange_id"]
        other = client.post("/api/feedback", json={"exchange_id": exchange, "session_id": "someone-else",
                                                   "helpful": False})
        unknown = client.post("/api/feedback", json={"exchange_id": 2_000_000_000, "session_id": mine,
                                                     "helpful": False})
        assert other.status_code == unknown.status_code == 404
        assert other.json() == unknown.json()  # nothing tells a stranger the answer exists
        missing = client.post("/api/feedback", json={"exchange_id": exchange, "helpful": False})
        assert missing.status_code == 422 and "對話編號" in missing.json()["error"]["message"]
        own = client.post("/api/feedback", json={"exchange_id": exchange, "session_id": mine, "helpful": True})
        assert own.status_code == 201 and own.json()["helpful"] is True
