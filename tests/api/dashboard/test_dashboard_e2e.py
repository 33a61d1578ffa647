"""The dashboard in headless Chromium: a reviewer on a phone sees every chart drawn (Chart.js, no
script error), reads a chart's numbers in its table, changes the period by keyboard and by a
preset; an editor on a desktop. axe-core and no sideways scrolling on every state."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.dashboard.seed import World, seed
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import DESKTOP, PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]
CHARTS = ("questions", "outcomes", "trend", "feedback", "topics", "funnel", "bookings", "applications")


@dataclass
class Site:
    base_url: str
    browser: Browser
    direct: TestClient
    world: World


@pytest.fixture(scope="module")
def site(dash_settings: Settings) -> Iterator[Site]:
    app = create_app(dash_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield Site(base_url, browser, direct, seed(direct))


def _signed_in(site: Site, role: str, viewport: dict[str, int], errors: list[str]) -> Page:
    username = new_staff(site.direct, role)
    page = site.browser.new_context(viewport=viewport, locale="zh-TW", base_url=site.base_url).new_page()
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto("/staff/login")
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    expect(page.get_by_role("heading", name="總覽", exact=True)).to_be_visible()
    return page


def _charts_drawn(page: Page) -> None:
    for name in CHARTS:
        expect(page.locator(f"#chart-{name}")).to_have_attribute("data-drawn", "true")
    assert page.evaluate("Array.from(document.querySelectorAll('canvas')).every(c => Chart.getChart(c) && "
                         "c.width > 0 && c.height > 0)")


def test_a_reviewer_reads_the_dashboard_on_a_phone_and_changes_the_period(site: Site) -> None:
    errors: list[str] = []
    page = _signed_in(site, "reviewer", PHONE, errors)
    day = site.world.day.isoformat()
    page.goto(f"/staff?from={day}&to={day}")
    _charts_drawn(page)
    expect(page.locator("#total-questions")).to_have_text("3")
    assert_page_is_usable(page)
    funnel = page.get_by_role("heading", name="提問 → 預約 → 申請").locator("xpath=..")
    funnel.get_by_text("數據表").click()
    table = page.locator("#table-funnel")
    expect(table.locator("tr[data-key=asked] td").first).to_have_text("3")
    expect(table.locator("tr[data-key=booked] td").first).to_have_text("1")
    expect(table.locator("tr[data-key=applied] td").nth(1)).to_have_text("100.0%")
    export = f"/staff/export/exchanges.csv?from={day}&to={day}&channel=all"
    expect(page.get_by_role("link", name="對話紀錄")).to_have_attribute("href", export)
    assert_page_is_usable(page)

    page.get_by_label("開始日期").fill("2020-01-01")  # by keyboard: fill the dates, Enter on 套用
    page.get_by_label("結束日期").fill("2020-01-31")
    page.get_by_role("button", name="套用").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{site.base_url}/staff?from=2020-01-01&to=2020-01-31&channel=all")
    expect(page.locator("#total-questions")).to_have_text("0")
    _charts_drawn(page)
    assert_page_is_usable(page)

    page.get_by_role("link", name="近 7 天").click()
    expect(page.locator("#total-questions")).to_have_text("3")
    expect(page.get_by_role("link", name="近 7 天")).to_have_attribute("aria-current", "true")
    _charts_drawn(page)
    page.get_by_label("管道", exact=True).select_option("line")
    page.get_by_role("button", name="套用").click()
    expect(page.locator("#total-questions")).to_have_text("0")
    assert_page_is_usable(page)
    assert errors == []


def test_an_editor_sees_the_charts_on_a_desktop_without_exports(site: Site) -> None:
    errors: list[str] = []
    page = _signed_in(site, "editor", DESKTOP, errors)
    _charts_drawn(page)
    expect(page.locator("#total-questions")).to_have_text("3")
    expect(page.get_by_role("heading", name="匯出 CSV（此期間與管道）")).to_have_count(0)
    page.get_by_role("heading", name="專家預約（依專家與狀態）").locator("xpath=..").get_by_text("數據表").click()
    expect(page.locator("#table-bookings")).to_contain_text(site.world.expert_name)
    assert_page_is_usable(page)
    page.goto("/staff?from=oops")
    expect(page.get_by_role("alert")).to_contain_text("開始日期")
    assert_page_is_usable(page)
    assert errors == []
