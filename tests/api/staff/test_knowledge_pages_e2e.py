"""The knowledge pages in headless Chromium on a phone: an editor uploads an FAQ file with bad
records (every line reported), then a good one (progress, then the report), sees it listed, tries
a question and retires the document."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect

from api.app import create_app
from api.settings import Settings
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def test_an_editor_uploads_sees_the_report_tries_a_question_and_retires(
        site: tuple[str, Browser, TestClient], tmp_path: Path) -> None:
    base_url, browser, direct = site
    username = new_staff(direct, "editor")
    page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    page.goto("/staff/login?next=/staff/knowledge")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_role("heading", name="知識庫", exact=True)).to_be_visible()
    assert_page_is_usable(page)

    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "e2e-1", "question": "好問題？"}\n{oops\n', encoding="utf-8")
    page.get_by_label("檔案（md、txt、html、pdf、docx；FAQ：yaml、csv、jsonl）").set_input_files(str(bad))
    page.get_by_role("button", name="上傳並匯入").click()
    problems = page.locator(".problems li")
    expect(problems).to_have_count(2)
    expect(problems.nth(0)).to_contain_text("第 1 行")
    expect(problems.nth(1)).to_contain_text("第 2 行")

    good = tmp_path / "parking.yaml"
    good.write_text("- id: e2e-parking\n  question: 成果發表會場有停車位嗎？\n"
                    "  answer: 成果發表會場地下室有八十個停車位。\n", encoding="utf-8")
    page.get_by_label("檔案（md、txt、html、pdf、docx；FAQ：yaml、csv、jsonl）").set_input_files(str(good))
    page.get_by_label("館別（空白：依檔案內容）").select_option("商業館")
    page.get_by_label("計畫年度（民國年，例如 115）").fill("115")
    page.get_by_label("依據文件（回答時引用的來源）").fill("發表會手冊")
    page.get_by_role("button", name="上傳並匯入").click()
    expect(page.locator("[data-added]")).to_have_text("1")
    page.reload()
    document = page.get_by_role("article", name="parking.yaml")
    expect(document).to_contain_text("115年度")
    expect(document).to_contain_text("商業館")
    expect(document).to_contain_text("測試editor")  # who ingested it
    assert_page_is_usable(page)

    page.get_by_role("navigation", name="後台選單").get_by_role("link", name="試問機器人").click()
    page.get_by_label("問題").fill("成果發表會場有停車位嗎")
    page.get_by_role("button", name="試問").click()
    expect(page.locator(".answer")).to_contain_text("八十個停車位")
    expect(page.locator(".passages li").first).to_contain_text("成果發表會場有停車位嗎？")
    assert_page_is_usable(page)

    page.goto("/staff/knowledge")
    page.get_by_role("button", name="停用 parking.yaml").click()
    expect(page.get_by_role("status")).to_contain_text("已停用")
    expect(page.get_by_role("article", name="parking.yaml")).to_contain_text("已停用")
    assert_page_is_usable(page)
