"""The review and operations pages in headless Chromium on a phone: a reviewer approves an
application from its detail page; an admin creates an expert and edits their hours; axe-core and
the 390 px width on every page state."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.applications.conftest import AS_OF, application, new_ubn
from tests.api.staff.helpers import PASSWORD, new_staff
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings.model_copy(update={"points_as_of": AS_OF}))
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def _signed_in(site: tuple[str, Browser, TestClient], role: str, start: str) -> Page:
    base_url, browser, direct = site
    username = new_staff(direct, role)
    page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    page.goto(start)
    page.get_by_label("帳號").fill(username)
    page.get_by_label("密碼").fill(PASSWORD)
    page.get_by_role("button", name="登入").click()
    return page


def test_a_reviewer_approves_an_application_from_its_detail_page(site: tuple[str, Browser, TestClient]) -> None:
    direct = site[2]
    r = direct.post("/api/applications", json=application(new_ubn()))
    assert r.status_code == 201, r.text
    ref = r.json()["reference"]
    page = _signed_in(site, "reviewer", "/staff/applications")
    expect(page.get_by_role("heading", name="申請審核")).to_be_visible()
    page.get_by_label("狀態").select_option("submitted")
    page.get_by_label("年度（民國）").fill("110")
    page.get_by_role("button", name="篩選").click()
    assert_page_is_usable(page)
    page.get_by_role("link", name=ref).click()
    expect(page.get_by_role("heading", name=f"申請 {ref}")).to_be_visible()
    assert_page_is_usable(page)
    page.get_by_role("button", name="開始審核").click()
    expect(page.get_by_role("status")).to_contain_text("已開始審核")
    assert_page_is_usable(page)
    page.get_by_label("核給點數").fill("150000")
    page.get_by_label("給申請人的說明（選填）").fill("文件齊全，請依約導入")
    page.get_by_role("button", name="核准").focus()
    page.keyboard.press("Enter")  # keyboard-usable
    expect(page.get_by_role("status")).to_contain_text("已核准")
    expect(page.locator("#app-status")).to_have_text("已核准")
    assert_page_is_usable(page)
    assert direct.get(f"/api/applications/{ref}").json()["points_granted"] == 150000
    page.get_by_role("link", name="← 回到申請列表").click()
    page.get_by_role("link", name="已獲補助公司名冊（CSV 匯入）").click()
    page.get_by_label("CSV 檔（最多 5 MB）").set_input_files(files=[{
        "name": "funded.csv", "mimeType": "text/csv",
        "buffer": f"統一編號,計畫名稱,年度\n{new_ubn()},攻頂計畫,110\n12345678,攻頂計畫,110\n".encode()}])
    page.get_by_role("button", name="匯入").click()
    expect(page.locator("#import-report")).to_contain_text("第 3 行")
    assert_page_is_usable(page)


def test_an_admin_edits_an_experts_hours(site: tuple[str, Browser, TestClient]) -> None:
    page = _signed_in(site, "admin", "/staff/operations")
    expect(page.get_by_role("heading", name="營運", exact=True)).to_be_visible()
    assert_page_is_usable(page)
    page.get_by_role("link", name="新增專家").click()
    assert_page_is_usable(page)
    page.get_by_label("姓名").fill("陳專家")
    page.get_by_label("資訊安全").check()
    page.get_by_role("button", name="新增專家").click()
    expect(page.get_by_role("status")).to_contain_text("已新增專家")
    assert_page_is_usable(page)
    page.get_by_label("星期", exact=True).select_option("2")
    page.get_by_label("開始時間", exact=True).fill("14:00")
    page.get_by_label("結束時間", exact=True).fill("17:00")
    page.get_by_role("button", name="新增時段").click()
    expect(page.locator("#weekly-rules")).to_contain_text("星期三 14:00–17:00")
    page.get_by_label("星期", exact=True).select_option("2")
    page.get_by_label("開始時間", exact=True).fill("15:00")
    page.get_by_label("結束時間", exact=True).fill("16:00")
    page.get_by_role("button", name="新增時段").click()
    expect(page.get_by_role("alert")).to_be_visible()  # overlapping hours are refused
    assert_page_is_usable(page)
    page.get_by_label("日期", exact=True).fill("2031-05-06")
    page.get_by_role("button", name="新增例外日").click()
    expect(page.locator("#exceptions")).to_contain_text("2031-05-06")
    page.get_by_role("button", name="刪除 星期三 14:00 的時段").click()
    expect(page.locator("#weekly-rules")).to_contain_text("尚未設定每週時段")
    assert_page_is_usable(page)
    page.get_by_role("link", name="預約").click()
    expect(page.get_by_role("heading", name="預約")).to_be_visible()
    assert_page_is_usable(page)
