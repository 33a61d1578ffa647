"""`tcloud line setup-richmenu`, and the LINE settings checked at start-up."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pydantic import ValidationError

from api.cli import main
from api.line import messages as texts
from api.settings import Settings
from tests.api.line.conftest import TOKEN
from tests.support.fake_line import FakeLine


def test_setup_richmenu_draws_uploads_and_sets_the_default_menu(fake_line: FakeLine, tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", TOKEN)
    monkeypatch.setenv("LINE_API_HOST", fake_line.url)
    saved = tmp_path / "menu.png"
    assert main(["line", "setup-richmenu", "--save", str(saved)]) == 0
    assert main(["line", "setup-richmenu"]) == 0  # re-running replaces the menu
    assert len(fake_line.rich_menus) == 1
    [(menu_id, menu)] = fake_line.rich_menus.items()
    assert fake_line.default_rich_menu == menu_id
    labels = [area["action"]["label"] for area in menu["areas"]]
    assert labels == [texts.MENU_ASK, texts.MENU_BOOK, texts.MENU_APPLY, texts.MENU_STATUS]
    assert menu["chatBarText"] == texts.MENU_BAR
    assert [area["action"]["data"] for area in menu["areas"]] == [
        "1|intent:greeting", "1|intent:book_expert", "1|intent:apply_points", "1|intent:check_status"]
    image = Image.open(io.BytesIO(fake_line.rich_menu_images[menu_id]))
    assert image.format == "PNG" and image.size == (menu["size"]["width"], menu["size"]["height"]) == (2500, 843)
    assert saved.read_bytes() == fake_line.rich_menu_images[menu_id]
    assert "set as the default" in capsys.readouterr().out


def test_setup_richmenu_needs_the_access_token(monkeypatch: pytest.MonkeyPatch,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "")
    assert main(["line", "setup-richmenu"]) == 2
    assert "LINE_CHANNEL_ACCESS_TOKEN" in capsys.readouterr().err


def test_setup_richmenu_reports_a_refusal_in_one_line(fake_line: FakeLine, monkeypatch: pytest.MonkeyPatch,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "a-revoked-token")
    monkeypatch.setenv("LINE_API_HOST", fake_line.url)
    assert main(["line", "setup-richmenu"]) == 1
    assert "LINE refused the rich menu (401)" in capsys.readouterr().err


def _production(**line: str) -> Settings:
    return Settings(environment="production", user_hash_salt="real-salt", admin_token="real-token-" + "x" * 32, **line)  # type: ignore[arg-type]


def test_line_is_enabled_only_with_both_secrets() -> None:
    assert not Settings().line_enabled
    assert not Settings(line_channel_secret="s").line_enabled  # type: ignore[arg-type]
    assert Settings(line_channel_secret="s", line_channel_access_token="t").line_enabled  # type: ignore[arg-type]


def test_production_refuses_placeholder_or_half_configured_line_secrets() -> None:
    assert not _production().line_enabled  # no LINE at all is fine
    assert _production(line_channel_secret="s", line_channel_access_token="t").line_enabled
    with pytest.raises(ValidationError, match="LINE_CHANNEL_SECRET must be set"):
        _production(line_channel_secret="changethis", line_channel_access_token="t")
    with pytest.raises(ValidationError, match="LINE_CHANNEL_ACCESS_TOKEN must be set"):
        _production(line_channel_secret="s")


def test_production_refuses_the_crash_test_fault_hook() -> None:
    assert Settings(line_fault_after_reply=3).line_fault_after_reply == 3  # tests and benchmarks may
    with pytest.raises(ValidationError, match="LINE_FAULT_AFTER_REPLY"):
        _production(line_fault_after_reply=3)  # type: ignore[arg-type]
