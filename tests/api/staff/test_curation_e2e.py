"""The curation page in headless Chromium on a phone: an editor answers a queued question with
the keyboard and htmx, and the web chat (another browser context) then gets the curated answer."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect

from api.app import create_app
from api.settings import Settings
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]
QUESTION = "雲市集有沒有 YouTube 頻道？"


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def test_an_editor_answers_a_queued_question_on_a_phone_and_the_web_chat_gets_it(
        site: tuple[str, Browser, TestClient]) -> None:
    base_url, browser, direct = site
    for _ in range(2):
        reply = direct.post("/api/chat", json={"session_id": uuid.uuid4().hex, "message": QUESTION}).json()
        assert reply["intent"] in ("not_stated", "no_answer")
    username = new_staff(direct, "editor")
    staff = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    errors: list[str] = []
    staff.on("pageerror", lambda exc: errors.append(str(exc)))
    staff.goto("/staff/curation")
    staff.get_by_label("帳號").fill(username)
    staff.get_by_label("密碼").fill(PASSWORD)
    staff.get_by_role("button", name="登入").click()
    expect(staff.get_by_role("heading", name="待回答問題", exact=True)).to_be_visible()
    assert_page_is_usable(staff)

    group = staff.locator("li.group").filter(has=staff.get_by_role("heading", name=QUESTION))
    expect(group).to_contain_text("問了 2 次")
    open_form = group.get_by_role("link", name=re.compile("^寫答覆"))
    open_form.focus()
    staff.keyboard.press("Enter")  # htmx opens the form in place and puts the focus in it
    question = group.get_by_role("textbox", name=re.compile("^問題"))
    expect(question).to_be_focused()
    expect(question).to_have_value(QUESTION)
    assert_page_is_usable(staff)
    group.get_by_role("textbox", name=re.compile("^答覆")).fill("雲市集沒有 YouTube 頻道，活動影片放在計畫官網。")
    group.get_by_role("textbox", name=re.compile("^年度")).fill("115")
    group.get_by_role("combobox", name="對象").select_option("sme")
    group.get_by_role("textbox", name=re.compile("^依據")).fill("計畫辦公室 115年說明")
    group.get_by_role("button", name="發布答覆").click()
    expect(staff.get_by_role("status")).to_contain_text("已發布人工答覆")
    expect(staff.locator("li.group").filter(has=staff.get_by_role("heading", name=QUESTION))).to_have_count(0)
    listed = staff.locator(".answers > li").filter(has_text="沒有 YouTube 頻道")
    expect(listed).to_contain_text("命中 0 次")
    assert_page_is_usable(staff)

    chat = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    chat.goto("/")
    expect(chat.locator("html")).to_have_attribute("data-ready", "true")
    replies = chat.locator(".msg.bot:not(.welcome):not(.pending)")
    chat.get_by_label("輸入您的問題").fill("雲市集有 YouTube 頻道嗎")
    chat.get_by_label("輸入您的問題").press("Enter")
    expect(replies).to_have_count(1, timeout=30_000)
    expect(replies.first.locator(".text")).to_contain_text("沒有 YouTube 頻道")
    expect(replies.first.locator(".badge").first).to_contain_text("115年度")
    chat.context.close()

    staff.reload()
    expect(staff.locator(".answers > li").filter(has_text="沒有 YouTube 頻道")).to_contain_text("命中 1 次")
    retire = staff.locator(".answers > li").filter(has_text="沒有 YouTube 頻道").get_by_role(
        "button", name=re.compile("^停用"))
    retire.click()
    expect(staff.get_by_role("status")).to_contain_text("已停用")
    assert_page_is_usable(staff)
    staff.context.close()
    assert not errors, errors
