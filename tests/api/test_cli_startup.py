"""A command that cannot start says why in one line (no traceback), exits non-zero, and never
repeats a password: an unreachable database, an invalid setting, a mistyped SQLite path. Real
`tcloud` processes, as an operator runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.server import free_port


def tcloud(*args: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "ENVIRONMENT", "DATA_DIR")}
    return subprocess.run([sys.executable, "-m", "api.cli", *args], env={**clean, **env}, cwd=tmp_path,
                          input="a-long-enough-password\n", capture_output=True, text=True, timeout=120)


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode not in (0, 1), result  # 2: could not start (1 means a command's own failure)
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr and lines[0].startswith("tcloud: ")
    return lines[0]


@pytest.mark.parametrize("command", [["serve"], ["db", "upgrade"], ["staff", "create", "ops", "--role", "admin",
                                                                    "--password-stdin"]])
def test_an_unreachable_database_is_one_line_with_the_password_masked(tmp_path: Path, command: list[str]) -> None:
    url = f"postgresql+psycopg://tcloud:s3cret-pw@127.0.0.1:{free_port()}/tcloud"  # nothing listens there
    line = one_line(tcloud(*command, tmp_path=tmp_path, DATABASE_URL=url))
    assert line == f"tcloud: cannot reach the database at postgresql+psycopg://tcloud:***@127.0.0.1:" \
                   f"{url.rsplit(':', 1)[1].split('/')[0]}/tcloud: connection refused"


def test_a_missing_postgresql_database_is_named(tmp_path: Path) -> None:
    server = os.environ.get("TEST_DATABASE_URL")
    if not server:
        pytest.skip("needs a PostgreSQL server (TEST_DATABASE_URL)")
    from sqlalchemy.engine import make_url

    url = make_url(server).set(database="tcloud_no_such_database").render_as_string(hide_password=False)
    line = one_line(tcloud("db", "upgrade", tmp_path=tmp_path, DATABASE_URL=url))
    assert "cannot reach the database" in line and 'database "tcloud_no_such_database" does not exist' in line


def test_an_invalid_setting_is_one_line_naming_it(tmp_path: Path) -> None:
    line = one_line(tcloud("db", "upgrade", tmp_path=tmp_path, LINE_WORKERS="0"))
    assert "LINE_WORKERS" in line and "greater than or equal to 1" in line
    line = one_line(tcloud("serve", tmp_path=tmp_path, ENVIRONMENT="production", ADMIN_TOKEN="changethis"))
    assert "ENVIRONMENT=production" in line and ("ADMIN_TOKEN" in line or "USER_HASH_SALT" in line)
    line = one_line(tcloud("serve", tmp_path=tmp_path, LOG_FORMAT="xml"))
    assert "LOG_FORMAT='xml'" in line


def test_a_secret_in_an_invalid_setting_is_not_repeated(tmp_path: Path) -> None:
    line = one_line(tcloud("db", "upgrade", tmp_path=tmp_path, ENVIRONMENT="production", ADMIN_TOKEN="x" * 40,
                           USER_HASH_SALT="a-real-salt-7f3k", METRICS_TOKEN="short-metrics-secret"))
    assert "METRICS_TOKEN" in line and "short-metrics-secret" not in line


def test_a_mistyped_sqlite_path_is_refused_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "dtaa" / "tcloud.db"
    line = one_line(tcloud("db", "upgrade", tmp_path=tmp_path, DATABASE_URL=f"sqlite:///{missing}"))
    assert str(missing.parent) in line and "does not exist" in line
    assert not missing.parent.exists()


def test_the_default_database_is_created_on_the_first_run(tmp_path: Path) -> None:
    first = tcloud("db", "upgrade", tmp_path=tmp_path)  # a fresh clone: no DATA_DIR, no DATABASE_URL
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "data" / "tcloud.db").is_file()


@pytest.mark.parametrize("command", [["serve"], ["ask", "工業館補助上限"]])
def test_an_unreachable_chroma_server_is_one_line(tmp_path: Path, models_dir: Path, command: list[str]) -> None:
    url = f"http://127.0.0.1:{free_port()}"  # nothing listens there
    line = one_line(tcloud(*command, tmp_path=tmp_path, CHROMA_URL=url, MODELS_DIR=str(models_dir)))
    assert line.startswith(f"tcloud: cannot reach the Chroma server at CHROMA_URL={url}")
