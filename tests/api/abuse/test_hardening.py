"""Production refuses weak secrets and the demo seed; every response carries the security headers;
the console cookie is Secure behind https."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from api.cli import main
from api.settings import Settings
from tests.api.abuse.conftest import STAFF, AppFactory

STRONG = "k" * 20 + "Q7x9-pLm2_Zt4"  # 33 characters


def production(**changes: str) -> Settings:
    values = {"environment": "production", "admin_token": STRONG, "user_hash_salt": "a-real-salt-7f3k", **changes}
    return Settings(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize("changes", [{"admin_token": "1"}, {"admin_token": "changethis"},
                                     {"admin_token": "short-but-not-a-placeholder"},
                                     {"user_hash_salt": "changeme"},
                                     {"line_channel_secret": "changethis", "line_channel_access_token": "x" * 40},
                                     {"line_channel_secret": "x" * 32, "line_channel_access_token": "Secret"}],
                         ids=["token 1", "token placeholder", "token short", "salt placeholder", "line secret",
                              "line token"])
def test_production_refuses_weak_or_placeholder_secrets(changes: dict[str, str]) -> None:
    with pytest.raises(ValidationError) as refused:
        production(**changes)
    assert "ENVIRONMENT=production" in str(refused.value)


def test_production_starts_with_real_secrets_and_development_with_anything() -> None:
    assert production().environment == "production"
    assert production(line_channel_secret="s" * 32, line_channel_access_token="t" * 100).line_enabled
    assert Settings(admin_token="1").admin_token.get_secret_value() == "1"


def test_a_rate_limit_that_is_not_one_is_refused() -> None:
    with pytest.raises(ValidationError, match="rate limit"):
        Settings(rate_limit_chat="thirty a minute")
    with pytest.raises(ValidationError, match="REDIS_URL"):
        Settings(rate_limit_strategy="moving-window")


def test_the_demo_seed_refuses_to_run_in_production(monkeypatch: pytest.MonkeyPatch, tmp_path: object,
                                                    fresh_database_url: str, capsys: pytest.CaptureFixture[str]
                                                    ) -> None:
    for name, value in {"ENVIRONMENT": "production", "ADMIN_TOKEN": STRONG, "USER_HASH_SALT": "a-real-salt-7f3k",
                        "DATABASE_URL": fresh_database_url}.items():
        monkeypatch.setenv(name, value)
    assert main(["experts", "seed"]) == 2
    assert "ENVIRONMENT=production" in capsys.readouterr().err


def _security_headers(response: object) -> None:
    headers = response.headers  # type: ignore[attr-defined]
    assert headers["X-Frame-Options"] == "DENY" and headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]


def test_every_kind_of_response_carries_the_security_headers(limited_app: AppFactory) -> None:
    with limited_app() as client:
        responses = [client.get("/"), client.get("/static/js/main.js"), client.get("/console/login"),
                     client.get("/healthz"), client.get("/api/nothing-here"), client.get("/api/admin/stats"),
                     client.post("/api/chat", json={"session_id": ""})]
        assert [r.status_code for r in responses] == [200, 200, 200, 200, 404, 401, 422]
        for response in responses:
            _security_headers(response)
        page_policy = responses[0].headers["Content-Security-Policy"]
        assert "script-src 'self';" in page_policy and "unsafe-inline" not in page_policy.split("style-src")[0]
        docs = client.get("/docs")
        _security_headers(docs)
        assert "cdn.jsdelivr.net" in docs.headers["Content-Security-Policy"]


def _console_cookie(client: TestClient) -> str:
    r = client.post("/api/admin/staff-accounts", json={"username": "cookie", "password": "a-long-password"},
                    headers=STAFF)
    assert r.status_code == 201, r.text
    signed_in = client.post("/console/login", data={"username": "cookie", "password": "a-long-password"},
                            follow_redirects=False)
    assert signed_in.status_code == 303
    return signed_in.headers["set-cookie"]


def test_the_console_cookie_is_secure_behind_https(limited_app: AppFactory) -> None:
    with limited_app(public_base_url="https://tcloud.example.tw") as client:
        cookie = _console_cookie(client)
        assert "secure" in cookie.lower() and "httponly" in cookie.lower() and "samesite=strict" in cookie.lower()
        assert "max-age=31536000" in client.get("/healthz").headers["Strict-Transport-Security"]


def test_the_console_cookie_over_plain_http_in_development(limited_app: AppFactory) -> None:
    with limited_app() as client:
        assert "secure" not in _console_cookie(client).lower()
        assert "Strict-Transport-Security" not in client.get("/healthz").headers
