"""The web chat page end to end: the real app on loopback, driven by headless Chromium (Debian's)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from playwright.sync_api import Browser, Locator, Page, Request, Route, expect

from api.app import create_app
from api.settings import Settings
from tests.support.browser import axe_violations, chat_page, chromium, needs_chromium, served

SCREENSHOT = Path("/tmp/web-chat.png")
ANSWER_TIMEOUT_MS = 30_000

pytestmark = [pytest.mark.slow, needs_chromium]

REPLIES = ".msg.bot:not(.welcome):not(.pending)"


@pytest.fixture(scope="module")
def base_url(api_settings: Settings) -> Iterator[str]:
    """The real app served by uvicorn in a background thread, on a loopback port of its own."""
    with served(create_app(api_settings)) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as launched:
        yield launched


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A phone-sized page in a fresh context (so a fresh session id); fails on any script error."""
    with chat_page(browser, base_url, viewport={"width": 375, "height": 812}) as page:
        yield page


def ask(page: Page, text: str) -> Locator:
    """Type a question, press Enter, and return the locator of the reply bubble once it is complete."""
    replies = page.locator(REPLIES)
    before = replies.count()
    page.get_by_label("輸入您的問題").fill(text)
    page.get_by_label("輸入您的問題").press("Enter")
    expect(replies).to_have_count(before + 1, timeout=ANSWER_TIMEOUT_MS)
    return replies.nth(before)


def chat_requests(page: Page) -> list[Request]:
    seen: list[Request] = []
    page.on("request", lambda r: seen.append(r) if "/api/chat" in r.url else None)
    return seen


def test_page_opens_with_the_privacy_notice_and_loads_nothing_external(browser: Browser, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, base_url=base_url)
    page = context.new_page()
    urls: list[str] = []
    page.on("request", lambda r: urls.append(r.url))
    page.goto("/")
    expect(page.get_by_role("heading", name="雲市集助理")).to_be_visible()
    expect(page.get_by_text("對話內容僅用於回覆與改善服務，請勿輸入身分證字號、密碼等個資。")).to_be_visible()
    expect(page.get_by_label("輸入您的問題")).to_be_visible()
    expect(page.get_by_role("button", name="送出")).to_be_disabled()
    assert page.title() == "雲市集助理"
    assert urls and all(u.startswith(base_url) or u.startswith("data:") for u in urls), urls
    session = page.evaluate("localStorage.getItem('tcloud.sessionId')")
    assert session is None or session.startswith("web-")
    context.close()


def test_question_gets_a_streamed_answer_with_year_badge_and_expandable_source(page: Page) -> None:
    requests = chat_requests(page)
    reply = ask(page, "110年工業館最多補助幾點？")
    expect(reply.locator(".text")).to_contain_text("20萬點")
    expect(reply.locator(".badge").first).to_contain_text("110年度")
    assert [r.url.rsplit("/api", 1)[1] for r in requests] == ["/chat/stream"]
    body = json.loads(requests[0].post_data or "{}")
    assert body["message"] == "110年工業館最多補助幾點？" and body["session_id"].startswith("web-")

    sources = reply.locator("details.sources")
    expect(sources).to_have_count(1)
    first_title = sources.locator(".source-title").first
    expect(first_title).to_be_hidden()
    sources.locator("summary").click()
    expect(first_title).to_be_visible()
    expect(sources.locator(".source-doc").first).not_to_be_empty()
    expect(sources.locator(".source-snippet").first).to_contain_text("20萬點")

    page.screenshot(path=str(SCREENSHOT))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the page scrolls sideways on a phone"
    assert axe_violations(page) == []  # no serious or critical accessibility problem, sources open
    small = page.evaluate("""() => [...document.querySelectorAll('button, summary, a.action, textarea#input')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.textContent.trim() || e.getAttribute('aria-label'), e.getBoundingClientRect().height])
        .filter(([, h]) => h < 44)""")
    assert not small, f"tap targets under 44px: {small}"


def test_action_button_sends_its_postback_and_gets_a_reply(page: Page) -> None:
    reply = ask(page, "110年工業館最多補助幾點？")
    requests = chat_requests(page)
    replies = page.locator(REPLIES)
    reply.get_by_role("button", name="預約專家").click()
    expect(replies).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    expect(page.locator(".msg.user").last).to_contain_text("預約專家")
    expect(replies.last.locator(".text")).not_to_be_empty()
    assert not replies.last.evaluate("e => e.classList.contains('error')")
    assert json.loads(requests[0].post_data or "{}")["postback"] == "intent:book_expert"


def test_thumbs_down_with_a_comment_reaches_the_api(page: Page, base_url: str, staff: dict[str, str]) -> None:
    reply = ask(page, "110年工業館最多補助幾點？")
    reply.get_by_role("button", name="沒有幫助").click()
    comment = f"想知道111年度的規定 {uuid.uuid4().hex[:6]}"
    reply.get_by_label("哪裡可以改進？（選填）").fill(comment)
    reply.get_by_role("button", name="送出意見").click()
    expect(reply.get_by_text("感謝回饋")).to_be_visible()

    rows = httpx.get(f"{base_url}/api/admin/exchanges", headers=staff, params={"limit": 500}).json()
    mine = [row for row in rows if row["feedback_comment"] == comment]
    assert len(mine) == 1 and mine[0]["helpful"] is False
    assert mine[0]["question"] == "110年工業館最多補助幾點？"


def test_thumbs_up_thanks_at_once(page: Page) -> None:
    reply = ask(page, "數位點數誰可以申請？")
    reply.get_by_role("button", name="有幫助", exact=True).click()
    expect(reply.get_by_text("感謝回饋")).to_be_visible()


def test_an_empty_message_is_not_sent(page: Page) -> None:
    requests = chat_requests(page)
    box = page.get_by_label("輸入您的問題")
    box.fill("   ")
    expect(page.get_by_role("button", name="送出")).to_be_disabled()
    box.press("Enter")
    page.evaluate("document.getElementById('composer').requestSubmit()")
    page.wait_for_timeout(300)
    assert requests == []
    expect(page.locator(".msg.user")).to_have_count(0)


def test_a_refused_message_shows_the_services_message_and_keeps_the_text(page: Page) -> None:
    box = page.get_by_label("輸入您的問題")
    expect(box).to_have_attribute("maxlength", "1000")
    box.evaluate("e => e.removeAttribute('maxlength')")  # as if the browser ignored it
    too_long = "字" * 1500
    box.fill(too_long)
    expect(page.locator("#counter")).to_contain_text("1500/1000")
    box.press("Enter")
    error = page.locator(".msg.bot.error")
    expect(error).to_contain_text("訊息太長了", timeout=ANSWER_TIMEOUT_MS)
    expect(box).to_have_value(too_long)
    expect(page.get_by_role("button", name="送出")).to_be_enabled()


def test_network_failure_says_so_and_keeps_the_text(page: Page) -> None:
    page.route("**/api/chat**", lambda route: route.abort("connectionrefused"))
    box = page.get_by_label("輸入您的問題")
    box.fill("餐廳可以申請嗎")
    box.press("Enter")
    expect(page.locator(".msg.bot.error")).to_contain_text("連線失敗，請稍後再試")
    expect(box).to_have_value("餐廳可以申請嗎")
    expect(page.locator(".msg.user").last).to_contain_text("未送出")


def test_falls_back_to_plain_chat_when_streaming_fails(page: Page) -> None:
    page.route("**/api/chat/stream", lambda route: route.abort("failed"))
    requests = chat_requests(page)
    reply = ask(page, "110年工業館最多補助幾點？")
    expect(reply.locator(".text")).to_contain_text("20萬點")
    assert [r.url.rsplit("/api", 1)[1] for r in requests] == ["/chat/stream", "/chat"]


def _sse(reply: dict[str, Any], deltas: list[str]) -> str:
    events = [f"event: delta\r\ndata: {json.dumps({'text': d}, ensure_ascii=False)}\r\n\r\n" for d in deltas]
    events.append(f"event: reply\r\ndata: {json.dumps(reply, ensure_ascii=False)}\r\n\r\n")
    return ": ping\r\n\r\n" + "".join(events)


def test_form_step_shows_progress_and_quick_replies_and_escapes_server_text(page: Page) -> None:
    answer = "想諮詢哪一類問題？<img src=x onerror=\"window.hacked=1\">\n（第3/4步）"
    form_reply = {
        "answer": answer, "sources": [], "confidence": 1.0, "handoff": None, "intent": "flow", "exchange_id": 7,
        "actions": [{"type": "message", "label": "數位點數申請", "text": "數位點數申請"},
                    {"type": "message", "label": "專家諮詢", "text": "專家諮詢"},
                    {"type": "message", "label": "取消", "text": "取消"},
                    {"type": "uri", "label": "bad link", "uri": "javascript:alert(1)"}],
        "form": {"flow": "contact", "step": "topic", "index": 2, "total": 4, "prompt": "想諮詢哪一類問題？",
                 "error": None, "confirming": False, "values": {"name": "王小明"}},
    }
    bodies: list[dict[str, Any]] = []

    def fake_stream(route: Route) -> None:
        bodies.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=200, headers={"Content-Type": "text/event-stream; charset=utf-8"},
                      body=_sse(form_reply, ["想諮詢哪一類問題？", "\n", "（第3/4步）"]))

    page.route("**/api/chat/stream", fake_stream)
    reply = ask(page, "我要留下聯絡資料")
    expect(reply.locator(".text")).to_have_text(answer)
    assert page.evaluate("window.hacked") is None
    expect(reply.locator(".form-step")).to_have_text("第 3／4 步")
    expect(reply.get_by_role("group", name="快速回覆").get_by_role("button")).to_have_count(3)
    expect(reply.get_by_role("link")).to_have_count(0)
    expect(reply.locator(".feedback")).to_have_count(0)
    expect(page.get_by_label("輸入您的問題")).to_have_attribute("placeholder", "想諮詢哪一類問題？")

    reply.get_by_role("button", name="專家諮詢").click()
    expect(page.locator(REPLIES)).to_have_count(2)
    assert bodies[-1]["message"] == "專家諮詢" and not bodies[-1].get("postback")
    expect(reply.get_by_role("button", name="專家諮詢")).to_be_hidden()  # an earlier step's choices retire


def test_a_real_form_shows_its_steps_and_can_be_cancelled(page: Page) -> None:
    replies = page.locator(REPLIES)
    ask(page, "我要找真人客服").get_by_role("button", name="留下聯絡資料").click()
    expect(replies).to_have_count(2, timeout=ANSWER_TIMEOUT_MS)
    expect(replies.nth(1).locator(".form-step")).to_have_text("第 1／4 步")
    box = page.get_by_label("輸入您的問題")
    expect(box).to_have_attribute("placeholder", "請問怎麼稱呼您？")

    step_two = ask(page, "王小明")
    expect(step_two.locator(".form-step")).to_have_text("第 2／4 步")
    step_two.get_by_role("group", name="快速回覆").get_by_role("button", name="取消").click()
    expect(replies).to_have_count(4, timeout=ANSWER_TIMEOUT_MS)
    expect(replies.nth(3).locator(".form-progress")).to_have_count(0)
    expect(box).to_have_attribute("placeholder", "輸入您的問題…")


def test_a_date_picker_sends_the_picked_date_as_text(page: Page) -> None:
    picker_reply = {
        "answer": "想約哪一天？（第2/3步）", "sources": [], "confidence": 1.0, "handoff": None, "intent": "flow",
        "exchange_id": 8, "actions": [{"type": "datetime", "label": "選擇日期", "data": "flow:pick:day", "mode": "date",
                                       "initial": "2030-02-01", "min": "2030-01-01", "max": "2030-12-31"}],
        "form": {"flow": "book_expert", "step": "day", "index": 1, "total": 3, "prompt": "想約哪一天？",
                 "error": None, "confirming": False, "values": {}},
    }
    bodies: list[dict[str, Any]] = []

    def fake_stream(route: Route) -> None:
        bodies.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=_sse(picker_reply, []))

    page.route("**/api/chat/stream", fake_stream)
    reply = ask(page, "我要預約")
    date = reply.get_by_label("選擇日期")
    expect(date).to_have_attribute("type", "date")
    expect(date).to_have_attribute("min", "2030-01-01")
    expect(date).to_have_value("2030-02-01")  # starts at the first free day, not today
    date.fill("2030-03-15")
    reply.get_by_role("button", name="確定").click()
    expect(page.locator(".msg.user").last).to_have_text("您說：2030-03-15")
    assert bodies[-1]["message"] == "2030-03-15" and bodies[-1]["postback"] == "flow:pick:day"


def test_a_reload_shows_the_conversation_so_far_and_restart_starts_afresh(page: Page) -> None:
    reply = ask(page, "110年工業館最多補助幾點？")
    expect(reply).to_contain_text("20萬")
    page.reload()
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    restored = page.locator(REPLIES)
    expect(restored).to_have_count(1)
    expect(restored.first).to_contain_text("20萬")
    expect(page.locator(".msg.user").first).to_contain_text("110年工業館最多補助幾點？")
    page.get_by_role("button", name="重新開始一段新的對話").click()
    expect(page.locator("html")).to_have_attribute("data-ready", "true")
    expect(page.locator(REPLIES)).to_have_count(0)


def test_a_confirmation_offers_one_edit_menu_not_a_wall_of_buttons(page: Page) -> None:
    fields = ["統一編號", "公司名稱", "行業別", "員工數", "實收資本額", "年營收", "所在縣市", "聯絡人", "聯絡電話",
              "Email", "個資同意", "申請館別"]
    confirm_reply = {
        "answer": "請確認以下資料：\n" + "\n".join(f"{f}：…" for f in fields), "sources": [], "confidence": 1.0,
        "handoff": None, "intent": "flow", "exchange_id": 9,
        "actions": [{"type": "message", "label": "確認送出", "text": "確認送出"},
                    *[{"type": "postback", "label": f"修改{f}", "data": f"flow:edit:f{i}"}
                      for i, f in enumerate(fields)],
                    {"type": "message", "label": "取消", "text": "取消"}],
        "form": {"flow": "apply_points", "step": "confirm", "index": 11, "total": 12, "prompt": "請確認以下資料：",
                 "error": None, "confirming": True, "values": {}},
    }
    bodies: list[dict[str, Any]] = []

    def fake_stream(route: Route) -> None:
        bodies.append(json.loads(route.request.post_data or "{}"))
        route.fulfill(status=200, headers={"Content-Type": "text/event-stream"}, body=_sse(confirm_reply, []))

    page.route("**/api/chat/stream", fake_stream)
    reply = ask(page, "我要申請點數")
    quick = reply.get_by_role("group", name="快速回覆")
    expect(quick.get_by_role("button", name="確認送出")).to_be_visible()
    expect(quick.get_by_role("button", name="修改Email")).to_be_hidden()  # folded into the 修改 menu
    reply.locator(".edit-menu summary").click()
    expect(quick.get_by_role("group", name="要修改的欄位").get_by_role("button")).to_have_count(len(fields))
    quick.get_by_role("button", name="修改Email").click()
    expect(page.locator(REPLIES)).to_have_count(2)
    assert bodies[-1]["postback"] == "flow:edit:f9"
