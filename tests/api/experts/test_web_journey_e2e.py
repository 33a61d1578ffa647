"""A web user's booking journeys in headless Chromium, with the expert acting through the console
API meanwhile: what the expert decides reaches the open chat without a reload, a reload keeps the
conversation, the form at its step and what arrived meanwhile, and the buttons of a message work."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, Locator, Page, expect

from api.app import create_app
from api.settings import Settings
from tests.api.experts.chat import random_tax_id
from tests.api.experts.console_helpers import book, expert_with_login
from tests.support.browser import assert_page_is_usable, chat_page, chromium, needs_chromium, served

pytestmark = [pytest.mark.slow, needs_chromium]
ANSWER_MS = 30_000
REPLIES = ".msg.bot:not(.welcome):not(.pending)"
# A tool and a subject no other test's expert has both of, so this expert is on the shortlist.
TAGS: dict[str, Any] = {"tools": ["碳排計算分析"], "topics": ["數位轉型診斷"]}
TOPIC = "想做碳盤查的數位轉型診斷"
REFERENCE = re.compile(r"B-\d{6}")


@pytest.fixture(scope="module")
def site(api_settings: Settings) -> Iterator[tuple[str, Browser, TestClient]]:
    app = create_app(api_settings.model_copy(update={"web_poll_seconds": 1.0}))
    with served(app) as base_url, chromium() as browser, TestClient(app) as direct:
        yield base_url, browser, direct


@pytest.fixture
def user(site: tuple[str, Browser, TestClient]) -> Iterator[Page]:
    """A phone-sized chat page in a fresh context (a fresh session); fails on any script error."""
    base_url, browser, _ = site
    with chat_page(browser, base_url) as page:
        yield page


def _session_id(page: Page) -> str:
    return str(page.evaluate("localStorage.getItem('tcloud.sessionId')"))


def _reply_to(page: Page, send: Any) -> Locator:
    """Do `send` (type, or press a button) and return the reply bubble once it is complete."""
    replies = page.locator(REPLIES)
    before = replies.count()
    send()
    expect(replies).to_have_count(before + 1, timeout=ANSWER_MS)
    reply = replies.nth(before)
    expect(reply).not_to_have_class(re.compile("error"))
    return reply


def _type(page: Page, text: str) -> Locator:
    box = page.get_by_label("輸入您的問題")

    def send() -> None:
        box.fill(text)
        box.press("Enter")

    return _reply_to(page, send)


def _press(page: Page, scope: Locator, name: str) -> Locator:
    return _reply_to(page, lambda: scope.get_by_role("button", name=name).click())


def _start_booking(page: Page, expert: dict[str, Any]) -> Locator:
    """The booking form up to the consent step (topic, expert, first free slot)."""
    _type(page, "我要預約專家")
    _type(page, TOPIC)
    experts = page.locator(REPLIES).last
    slots = _press(page, experts, expert["name"])
    first_slot = slots.get_by_role("group", name="快速回覆").get_by_role("button").first
    return _reply_to(page, first_slot.click)


def _finish_booking(page: Page) -> str:
    for answer in ("碳足跡科技有限公司", random_tax_id(), "陳美玲", "0912345678", "視訊"):
        _type(page, answer)
    done = _press(page, page.locator(REPLIES).last, "確認送出")
    found = REFERENCE.search(done.locator(".text").inner_text())
    assert found, done.inner_text()
    return found.group()


def _booking_id(direct: TestClient, headers: dict[str, str], reference: str) -> int:
    mine = [b for b in direct.get("/api/console/bookings", headers=headers).json() if b["reference"] == reference]
    assert len(mine) == 1, mine
    return int(mine[0]["id"])


def test_a_reload_keeps_the_conversation_the_form_at_its_step_and_what_arrived_meanwhile(
        site: tuple[str, Browser, TestClient], user: Page, staff: dict[str, str]) -> None:
    _, _, direct = site
    expert, as_expert = expert_with_login(direct, staff, **TAGS)
    answer = _type(user, "110年工業館最多補助幾點？")
    expect(answer.locator(".text")).to_contain_text("20萬點")
    earlier = book(direct, expert, user=_session_id(user), channel="web")  # booked before, by the same browser

    consent = _start_booking(user, expert)
    expect(consent.locator(".form-step")).to_have_text(re.compile(r"第 \d+／\d+ 步"))
    company = _press(user, consent, "同意")
    step = company.locator(".form-step").inner_text()
    r = direct.post(f"/api/console/bookings/{earlier.id}/decline", json={"reason": "當週在國外參展"}, headers=as_expert)
    assert r.status_code == 200, r.text
    notice = user.locator(".msg.notice")
    expect(notice).to_have_count(1, timeout=ANSWER_MS)  # polled into the open page
    expect(notice).to_contain_text("當週在國外參展")

    user.reload()
    expect(user.locator("html")).to_have_attribute("data-ready", "true")
    texts = user.locator(".messages .msg:not(.welcome) .text").all_inner_texts()
    at = {what: next(i for i, t in enumerate(texts) if what in t)
          for what in ("110年工業館最多補助幾點？", "20萬點", "請輸入公司（商號）名稱", "當週在國外參展")}
    assert at["110年工業館最多補助幾點？"] < at["20萬點"] < at["請輸入公司（商號）名稱"] < at["當週在國外參展"]
    last = user.locator(REPLIES).last
    expect(last.locator(".form-step")).to_have_text(step)  # the form where it was
    expect(last.get_by_role("group", name="快速回覆").get_by_role("button", name="取消")).to_be_visible()
    expect(user.get_by_label("輸入您的問題")).to_have_attribute("placeholder", "請輸入公司（商號）名稱。")
    restored = user.locator(".msg.notice")
    expect(restored).to_have_count(1)
    expect(restored.get_by_role("button", name="重新預約")).to_be_visible()  # nothing typed since it came
    assert_page_is_usable(user)
    user.wait_for_timeout(2500)  # two polls later the message is still shown once
    expect(restored).to_have_count(1)

    reference = _finish_booking(user)
    assert reference != earlier.reference
    booking = direct.get(f"/api/console/bookings/{_booking_id(direct, as_expert, reference)}", headers=as_expert)
    assert booking.json()["company"] == "碳足跡科技有限公司" and booking.json()["status"] == "pending"


def test_declined_then_rebooked_then_a_proposed_time_accepted_all_from_the_chat(
        site: tuple[str, Browser, TestClient], user: Page, staff: dict[str, str]) -> None:
    _, _, direct = site
    expert, as_expert = expert_with_login(direct, staff, **TAGS)
    _press(user, _start_booking(user, expert), "同意")
    first = _finish_booking(user)
    r = direct.post(f"/api/console/bookings/{_booking_id(direct, as_expert, first)}/decline",
                    json={"reason": "這個主題請改約資安專家"}, headers=as_expert)
    assert r.status_code == 200, r.text

    declined = user.locator(".msg.notice[data-kind='declined']")
    expect(declined).to_contain_text("這個主題請改約資安專家", timeout=ANSWER_MS)  # no reload
    expect(declined).to_contain_text(first)
    expect(declined.locator(".msg-author")).to_contain_text("專家預約通知")
    assert_page_is_usable(user)
    topic = _press(user, declined, "重新預約")
    expect(topic.locator(".form-step")).to_have_text(re.compile(r"第 1／\d+ 步"))
    _type(user, TOPIC)
    slots = _press(user, user.locator(REPLIES).last, expert["name"])
    _reply_to(user, slots.get_by_role("group", name="快速回覆").get_by_role("button").first.click)
    _press(user, user.locator(REPLIES).last, "同意")
    second = _finish_booking(user)
    assert second != first

    second_id = _booking_id(direct, as_expert, second)
    start = datetime.fromisoformat(direct.get(f"/api/console/bookings/{second_id}", headers=as_expert)
                                   .json()["slot_start"])
    later = start + timedelta(days=1)
    r = direct.post(f"/api/console/bookings/{second_id}/propose", json={"start": later.isoformat(),
                                                                         "note": "改到隔天同一時間"}, headers=as_expert)
    assert r.status_code == 200, r.text
    proposal = user.locator(".msg.notice[data-kind='proposal']")
    expect(proposal).to_contain_text("改到隔天同一時間", timeout=ANSWER_MS)
    for name in ("接受新時間", "維持原時間", "另約時間"):
        expect(proposal.get_by_role("button", name=name)).to_be_visible()
    accepted = _press(user, proposal, "接受新時間")
    expect(accepted.locator(".text")).to_contain_text("已改到")
    moved = direct.get(f"/api/console/bookings/{second_id}", headers=as_expert).json()
    assert moved["status"] == "confirmed" and datetime.fromisoformat(moved["slot_start"]) == later
    assert_page_is_usable(user)
