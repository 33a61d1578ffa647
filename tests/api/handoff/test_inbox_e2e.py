"""The handoff inbox in headless Chromium: a web user asks for a person in one browser context, a
staff member replies from the inbox on a phone in another, and the user's page shows the reply
without a reload; then staff close it and the user's page says the bot answers again."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.handoff.helpers import conversation_of
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]
ANSWER_MS = 30_000


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def _chat_user(browser: Browser, base_url: str) -> Page:
    page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    return page


def _type(page: Page, text: str) -> None:
    box = page.get_by_label("輸入您的問題")
    box.fill(text)
    box.press("Enter")


def test_staff_reply_from_a_phone_reaches_the_web_chat_without_a_reload(
        site: tuple[str, Browser, TestClient]) -> None:
    base_url, browser, direct = site
    user = _chat_user(browser, base_url)
    _type(user, "我要真人客服")
    expect(user.locator(".msg.bot[data-intent='handoff']")).to_be_visible(timeout=ANSWER_MS)
    _type(user, "我想問請款的問題")
    expect(user.locator(".msg.bot[data-intent='handoff_held']")).to_be_visible(timeout=ANSWER_MS)

    staff = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    staff.goto("/staff/inbox")
    staff.get_by_label("帳號").fill(new_staff(direct, "editor"))
    staff.get_by_label("密碼").fill(PASSWORD)
    staff.get_by_role("button", name="登入").click()
    expect(staff.get_by_role("heading", name="真人客服")).to_be_visible()
    assert_page_is_usable(staff)
    conversation = conversation_of(direct, "web", user.evaluate("localStorage.getItem('tcloud.sessionId')"))
    assert conversation is not None
    staff.locator(f".conversations li.waiting a[href='/staff/inbox/{conversation.id}']").click()
    expect(staff.get_by_role("heading", name="對話紀錄")).to_be_visible()
    expect(staff.locator("#transcript")).to_contain_text("我想問請款的問題")
    assert_page_is_usable(staff)

    box = staff.get_by_label("回覆內容")  # keyboard only: type, then Tab to the button and press Enter
    box.fill("您好，請款需檢附發票與成果報告。")
    box.focus()
    staff.keyboard.press("Tab")
    expect(staff.get_by_role("button", name="送出回覆")).to_be_focused()
    staff.keyboard.press("Enter")
    expect(staff.get_by_role("status")).to_contain_text("已送出回覆")
    expect(staff.locator("#transcript li.staff")).to_contain_text("發票與成果報告")
    assert_page_is_usable(staff)

    expect(user.locator(".msg.staff.staff")).to_contain_text("發票與成果報告", timeout=ANSWER_MS)  # no reload
    expect(user.locator(".msg.staff .msg-author").first).to_contain_text("服務人員")
    _type(user, "好的，謝謝")  # held quietly: marked as sent to staff, no bot bubble
    expect(user.get_by_text("已轉給服務人員", exact=True)).to_be_visible(timeout=ANSWER_MS)
    expect(staff.locator("#transcript")).to_contain_text("好的，謝謝", timeout=ANSWER_MS)  # htmx refresh

    staff.get_by_role("button", name="結束對話，交回機器人").click()
    expect(staff.get_by_role("status")).to_contain_text("已結束對話")
    assert_page_is_usable(staff)
    expect(user.locator(".msg.staff.system")).to_contain_text("結束這次對話", timeout=ANSWER_MS)
    assert_page_is_usable(user)

    user.reload()  # the next visit shows the staff messages in order
    expect(user.locator("html")).to_have_attribute("data-ready", "true")
    texts = user.locator(".msg .text").all_inner_texts()
    at = {what: next(i for i, t in enumerate(texts) if what in t)
          for what in ("我想問請款的問題", "發票與成果報告", "好的，謝謝", "結束這次對話")}
    assert at["我想問請款的問題"] < at["發票與成果報告"] < at["好的，謝謝"] < at["結束這次對話"]
