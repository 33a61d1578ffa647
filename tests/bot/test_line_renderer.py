"""Neutral replies -> LINE messages, within LINE's limits, accepted by line-bot-sdk's models."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from typing import Any

from linebot.v3.messaging import ReplyMessageRequest

from bot.channels.line import (
    MAX_ALT_TEXT,
    MAX_LABEL,
    MAX_MESSAGES,
    MAX_POSTBACK,
    MAX_QUICK_REPLIES,
    MAX_TEXT,
    decode_postback,
    encode_postback,
    feedback_postback,
    render_line,
    utf16_len,
)
from bot.types import Action, FormStep, Reply, Source


def _sources(n: int) -> tuple[Source, ...]:
    return tuple(Source(title=f"110年度工業館每家企業最多可獲得多少點數補助{i}", source="雲市集工業館補助說明 110年6月",
                        year=110 + i % 2, hall="工業館", snippet="…", score=0.8) for i in range(n))


def _valid(messages: list[dict[str, Any]]) -> None:
    """line-bot-sdk accepts them as a reply, and every LINE limit holds."""
    ReplyMessageRequest.from_dict({"replyToken": "t", "messages": messages})
    assert 1 <= len(messages) <= MAX_MESSAGES
    for message in messages:
        if message["type"] == "text":
            assert 0 < utf16_len(message["text"]) <= MAX_TEXT
        if message["type"] == "flex":
            assert utf16_len(message["altText"]) <= MAX_ALT_TEXT
    items = messages[-1].get("quickReply", {}).get("items", [])
    assert len(items) <= MAX_QUICK_REPLIES
    for item in items:
        assert utf16_len(item["action"]["label"]) <= MAX_LABEL
        assert len(item["action"].get("data", "")) <= MAX_POSTBACK
    assert all("quickReply" not in m for m in messages[:-1])


def test_an_answer_is_a_bubble_with_year_badge_three_sources_and_buttons() -> None:
    reply = Reply("110年度工業館每家企業最多補助20萬點。", "question", sources=_sources(5), confidence=0.8,
                  actions=(Action("message", "111年度", "111年度"),
                           Action("postback", "預約專家", "intent:book_expert")))
    messages = render_line(reply, exchange_id=7)
    _valid(messages)
    [bubble] = messages
    body = str(bubble["contents"]["body"])
    assert "110年度・111年度" in body and "工業館" in body and "20萬點" in body
    assert body.count("1|ask:") == 3
    footer = str(bubble["contents"]["footer"])
    assert "1|intent:book_expert" in footer and "1|intent:apply_points" in footer
    assert "1|fb|7|y" in footer and "1|fb|7|n" in footer
    labels = [i["action"]["label"] for i in bubble["quickReply"]["items"]]
    assert labels == ["111年度"]  # the booking button is in the bubble, not repeated


def test_no_feedback_buttons_without_an_exchange() -> None:
    messages = render_line(Reply("答案。", "question", sources=_sources(1)))
    assert "|fb|" not in str(messages)


def test_a_long_answer_is_split_into_texts_before_the_bubble() -> None:
    text = ("數位點數可以折抵雲端解決方案費用😀。" * 700)
    messages = render_line(Reply(text, "question", sources=_sources(2)), exchange_id=1)
    _valid(messages)
    assert [m["type"] for m in messages][-1] == "flex" and len(messages) >= 3
    assert "以上回答" in str(messages[-1]["contents"]["body"])


def test_an_endless_text_is_cut_to_five_messages() -> None:
    messages = render_line(Reply("字" * 40_000, "notice"))
    _valid(messages)
    assert len(messages) == MAX_MESSAGES and messages[-1]["text"].endswith("…")


def test_quick_replies_are_capped_at_13_keeping_cancel_last() -> None:
    actions = tuple(Action("message", f"選項{i}號非常非常長的標籤文字超過二十個字元", f"選項{i}") for i in range(20))
    reply = Reply("請選擇：", "flow", actions=(*actions, Action("message", "取消", "取消")))
    messages = render_line(reply)
    _valid(messages)
    items = messages[-1]["quickReply"]["items"]
    assert len(items) == 13 and items[-1]["action"]["label"] == "取消"


def test_postback_data_is_versioned_and_never_over_300_chars() -> None:
    long_question = "請問" + "數位點數" * 100
    reply = Reply("相關問題：", "no_answer", actions=(
        Action("postback", "問這題", f"ask:{long_question}"), Action("postback", "太長", "x:" + "y" * 400),
        Action("postback", "預約專家", "intent:book_expert")))
    messages = render_line(reply)
    _valid(messages)
    items = [i["action"] for i in messages[-1]["quickReply"]["items"]]
    assert items[0]["type"] == "message" and items[0]["text"].startswith("請問")  # asked as text instead
    assert [a["label"] for a in items] == ["問這題", "預約專家"]
    assert items[1]["data"] == "1|intent:book_expert" and items[1]["displayText"] == "預約專家"


def test_a_flow_step_offers_its_choices_and_a_datetime_picker() -> None:
    form = FormStep("book_expert", "when", 2, 4, "何時方便？")
    reply = Reply("何時方便？（第3/4步）", "flow", form=form, actions=(
        Action("message", "明天上午", "明天上午"),
        Action("datetime", "選擇日期時間", "flow:pick:when",
               (("mode", "datetime"), ("initial", "2026-11-23T10:00"), ("min", "2026-11-22T09:00:00+08:00"),
                ("max", "not a date"))),
        Action("message", "取消", "取消")))
    messages = render_line(reply)
    _valid(messages)
    picker = messages[-1]["quickReply"]["items"][1]["action"]
    assert picker == {"type": "datetimepicker", "label": "選擇日期時間", "data": "1|flow:pick:when",
                      "mode": "datetime", "initial": "2026-11-23T10:00", "min": "2026-11-22T09:00"}


def test_postback_codec_round_trips_and_rejects_other_versions() -> None:
    data = encode_postback("flow:edit:phone")
    assert data == "1|flow:edit:phone"
    assert decode_postback(data).kind == "engine" and decode_postback(data).value == "flow:edit:phone"
    vote = decode_postback(feedback_postback(42, False))
    assert vote.kind == "feedback" and vote.exchange_id == 42 and vote.helpful is False
    for stale in ("2|intent:book_expert", "intent:book_expert", "1|fb|x|y", "1|"):
        assert decode_postback(stale).kind == "stale"


def test_the_renderer_does_not_import_the_line_sdk() -> None:
    code = "import sys, bot.channels.line\nprint('linebot' in sys.modules, 'fastapi' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False False"


def test_sources_open_their_page_when_the_service_has_a_public_https_address() -> None:
    cited = tuple(replace(s, chunk_id="faq:s21-ind-cap-ratio") for s in _sources(1))
    reply = Reply("答案。", "question", sources=cited)
    bubble = render_line(reply, base_url="https://tcloud.example.tw")[0]["contents"]
    actions = [row.get("action") for row in bubble["body"]["contents"] if isinstance(row, dict) and row.get("action")]
    assert actions and actions[0]["type"] == "uri"
    assert actions[0]["uri"].startswith("https://tcloud.example.tw/sources/")
    plain = render_line(reply, base_url="http://127.0.0.1:8000")[0]["contents"]
    kinds = [row["action"]["type"] for row in plain["body"]["contents"] if isinstance(row, dict) and row.get("action")]
    assert kinds and kinds[0] == "postback"  # LINE opens only https links
