"""The experts' console and the survey page in headless Chromium on a phone: accessible (axe-core),
390 px wide with the calendar address, every input labelled, usable with the keyboard."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, expect
from sqlmodel import Session, select

from api.app import create_app
from api.experts.console_tables import Survey
from api.experts.tables import Booking
from api.settings import Settings
from tests.api.conftest import ADMIN_TOKEN
from tests.api.experts.console_helpers import PASSWORD, book, expert_with_login
from tests.support.browser import PHONE, assert_page_is_usable, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings)
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


def test_an_expert_confirms_on_a_phone_and_every_page_is_usable(site: tuple[str, Browser, TestClient]) -> None:
    base_url, browser, direct = site
    expert, _ = expert_with_login(direct, {"Authorization": f"Bearer {ADMIN_TOKEN}"})
    booking = book(direct, expert)
    finished = book(direct, expert, index=1, past=True)
    with Session(direct.app.state.resources.db) as session:  # type: ignore[attr-defined]
        held = session.get(Booking, finished.id)
        assert held is not None
        held.status = "confirmed"  # confirmed before it began (the sweeper releases unconfirmed past holds)
        session.add(held)
        session.commit()
    page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    page.goto("/console/login")
    assert_page_is_usable(page)
    page.get_by_label("帳號").fill(expert["username"])
    page.get_by_label("密碼").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=booking.reference, exact=False)).to_be_visible()
    page.locator(f"#{finished.reference} summary").first.click()
    assert_page_is_usable(page)  # the calendar address wraps instead of widening the page
    page.locator(f"#{booking.reference}").get_by_role("button", name="確認預約").click()
    expect(page.get_by_role("status")).to_contain_text(f"B-{booking.id:06d}")
    card = page.locator(f"#{finished.reference}")
    card.get_by_role("button", name="標記完成").click()
    expect(page.get_by_role("status")).to_contain_text(f"B-{finished.id:06d}")
    page.locator(f"#{finished.reference} summary", has_text="諮詢紀錄").click()
    expect(page.get_by_label("診斷").first).to_be_visible()
    assert_page_is_usable(page)  # the notes form: every input has its label
    with Session(direct.app.state.resources.db) as session:  # type: ignore[attr-defined]
        survey = session.exec(select(Survey).where(Survey.booking_id == finished.id)).one()
    survey_page = browser.new_context(viewport=PHONE, locale="zh-TW", base_url=base_url).new_page()
    survey_page.goto(f"/survey/{survey.token}")
    assert_page_is_usable(survey_page)
