"""The staff console in headless Chromium: sign in on a phone, the navigation, keyboard use,
accessibility (axe-core) and a 390 px width on every page of the foundation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import DESKTOP, PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def _signed_in(site: tuple[str, Browser, TestClient], role: str, viewport: dict[str, int]) -> Page:
    base_url, browser, direct = site
    username = new_staff(direct, role)
    page = browser.new_context(viewport=viewport, locale="zh-TW", base_url=base_url).new_page()
    page.goto("/staff/accounts")  # not signed in: sent to sign in, then back here
    expect(page).to_have_url(f"{base_url}/staff/login?next=/staff/accounts")
    assert_page_is_usable(page)
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    return page


def test_an_admin_signs_in_on_a_phone_and_creates_an_editor(site: tuple[str, Browser, TestClient]) -> None:
    page = _signed_in(site, "admin", PHONE)
    expect(page.get_by_role("heading", name="帳號與紀錄")).to_be_visible()
    assert_page_is_usable(page)
    page.get_by_label("帳號", exact=True).fill("editor-from-browser")
    page.get_by_label("顯示名稱").fill("王編輯")
    page.get_by_label("角色").select_option("editor")
    page.get_by_label("初始密碼（至少 10 個字元）").fill(PASSWORD)
    page.get_by_role("button", name="建立帳號").click()
    expect(page.get_by_role("status")).to_contain_text("已建立帳號 editor-from-browser")
    expect(page.locator("table").first).to_contain_text("王編輯")
    page.get_by_role("navigation", name="後台選單").get_by_role("link", name="總覽").click()
    assert_page_is_usable(page)


def test_the_keyboard_reaches_the_navigation_and_the_skip_link(site: tuple[str, Browser, TestClient]) -> None:
    page = _signed_in(site, "editor", DESKTOP)
    page.goto("/staff")
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="跳到主要內容")).to_be_focused()
    page.keyboard.press("Tab")  # the sign-out button
    page.keyboard.press("Tab")
    expect(page.get_by_role("navigation", name="後台選單").get_by_role("link", name="總覽")).to_be_focused()
    assert_page_is_usable(page)
    page.goto("/staff/accounts")
    expect(page.get_by_role("heading", name="沒有權限")).to_be_visible()
    assert_page_is_usable(page)
