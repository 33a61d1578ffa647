"""One staff member's day in headless Chromium on a phone (issue 12's journey): sign in, upload a
document and ask the bot about it in the web chat, answer a question the bot could not and see the
bot use the answer, reply to a person who asked for one and see it in their web chat, approve an
application, and read the dashboard. Every page state passes axe-core and fits 390 px."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.applications.conftest import AS_OF, application, new_ubn
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]
ANSWER_MS = 30_000
FILE_LABEL = "檔案（md、txt、html、pdf、docx；FAQ：yaml、csv、jsonl）"


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings.model_copy(update={"points_as_of": AS_OF}))  # 110 工業館 taking applications
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def _chat(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    return page


def _ask(page: Page, text: str) -> None:
    box = page.get_by_label("輸入您的問題")
    box.fill(text)
    box.press("Enter")


def _last_answer(page: Page) -> str:
    replies = page.locator(".msg.bot:not(.welcome):not(.pending)")
    return replies.last.locator(".text").inner_text()


def test_a_staff_members_day(site: tuple[str, Browser, TestClient], tmp_path: Path) -> None:
    base_url, browser, direct = site
    staff = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    errors: list[str] = []
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    staff.goto("/staff")
    staff.get_by_label("帳號").fill(new_staff(direct, "admin"))
    staff.get_by_label("密碼").fill(PASSWORD)
    staff.get_by_role("button", name="登入").click()
    nav = staff.get_by_role("navigation", name="後台選單")
    expect(nav).to_be_visible()
    assert_page_is_usable(staff)

    # 1. Upload a document, then a user asks about it in the web chat.
    nav.get_by_role("link", name="知識庫").click()
    faq = tmp_path / "journey.yaml"
    faq.write_text("- id: journey-mascot\n  question: 雲市集的吉祥物叫什麼名字？\n"
                   "  answer: 雲市集的吉祥物名叫「雲寶」，是一朵會打算盤的雲。\n", encoding="utf-8")
    staff.get_by_label(FILE_LABEL).set_input_files(str(faq))
    staff.get_by_label("計畫年度（民國年，例如 115）").fill("115")
    staff.get_by_label("依據文件（回答時引用的來源）").fill("計畫辦公室公告")
    staff.get_by_role("button", name="上傳並匯入").click()
    expect(staff.locator("[data-added]")).to_have_text("1", timeout=ANSWER_MS)
    assert_page_is_usable(staff)
    user = _chat(browser, base_url)
    expect.set_options(timeout=ANSWER_MS)
    _ask(user, "雲市集吉祥物的名字是什麼")
    expect(user.locator(".msg.bot:not(.welcome):not(.pending)")).to_have_count(1)
    assert "雲寶" in _last_answer(user)

    # 2. A question the bot cannot answer, answered by staff, then answered by the bot.
    question = "雲市集有沒有 Podcast 節目？"
    for _ in range(2):
        direct.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": question})
    nav.get_by_role("link", name="待回答問題").click()
    group = staff.locator("li.group").filter(has=staff.get_by_role("heading", name=question))
    group.get_by_role("link", name=re.compile("^寫答覆")).click()
    group.get_by_role("textbox", name=re.compile("^答覆")).fill("雲市集目前沒有 Podcast 節目，活動消息請看計畫官網。")
    group.get_by_role("textbox", name=re.compile("^年度")).fill("115")
    group.get_by_role("textbox", name=re.compile("^依據")).fill("計畫辦公室 115年說明")
    group.get_by_role("button", name="發布答覆").click()
    expect(staff.get_by_role("status")).to_contain_text("已發布人工答覆")
    assert_page_is_usable(staff)
    _ask(user, "雲市集有 Podcast 嗎")
    expect(user.locator(".msg.bot:not(.welcome):not(.pending)")).to_have_count(2)
    assert "沒有 Podcast 節目" in _last_answer(user)

    # 3. The user asks for a person; staff reply from the inbox; the user's page shows it.
    _ask(user, "我要真人客服")
    expect(user.locator(".msg.bot[data-intent='handoff']")).to_be_visible()
    nav.get_by_role("link", name="真人客服").click()
    staff.locator(".conversations li.waiting a").first.click()
    staff.get_by_label("回覆內容").fill("您好，我是計畫辦公室，請問有什麼需要協助？")
    staff.get_by_role("button", name="送出回覆").click()
    expect(staff.get_by_role("status")).to_contain_text("已送出回覆")
    assert_page_is_usable(staff)
    expect(user.locator(".msg.staff")).to_contain_text("我是計畫辦公室")
    staff.get_by_role("button", name="結束對話，交回機器人").click()
    expect(staff.get_by_role("status")).to_contain_text("已結束對話")

    # 4. An application is approved from its detail page; the applicant's status says so.
    reference = direct.post("/api/applications", json=application(new_ubn())).json()["reference"]
    nav.get_by_role("link", name="申請審核").click()
    staff.get_by_role("link", name=reference).click()
    staff.get_by_role("button", name="開始審核").click()
    expect(staff.get_by_role("status")).to_contain_text("已開始審核")
    staff.get_by_label("給申請人的說明（選填）").fill("資料齊全")
    staff.get_by_role("button", name="核准").click()
    expect(staff.locator("#app-status")).to_have_text("已核准")
    assert_page_is_usable(staff)
    assert direct.get(f"/api/applications/{reference}").json()["status"] == "approved"

    # 5. The dashboard counts what happened.
    nav.get_by_role("link", name="總覽").click()
    expect(staff.get_by_role("heading", name="總覽", exact=True)).to_be_visible()
    expect(staff.locator("#chart-questions")).to_have_attribute("data-drawn", "true")
    assert int(staff.locator("#total-questions").inner_text()) >= 3
    assert_page_is_usable(staff)

    # 6. The uploaded document is retired (kept on record, no longer answered).
    nav.get_by_role("link", name="知識庫").click()
    staff.get_by_role("button", name="停用 journey.yaml").click()
    expect(staff.get_by_role("status")).to_contain_text("已停用")
    assert errors == []
