"""Redaction of logged text: what an operator or staff member reads carries no contact details."""

from __future__ import annotations

import pytest

from bot.redact import redact


@pytest.mark.parametrize(("text", "expected"), [
    ("請回電 0912345678", "請回電 [電話]"),
    ("手機 0912-345-678 謝謝", "手機 [電話] 謝謝"),
    ("+886 912 345 678", "[電話]"),
    ("公司電話 02-2345-6789#123", "公司電話 [電話]"),
    ("(02) 2345-6789", "[電話]"),
    ("寄到 wang.ming@example.com.tw 就好", "寄到 [Email] 就好"),
    ("統一編號 12345675 的申請", "統一編號 [統編] 的申請"),
    ("統編是04595252。", "統編是[統編]。"),
    ("１２３４５６７５", "[統編]"),
])
def test_contact_details_are_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize("text", [
    "110年度商業館最多補助幾點？", "補助 30000 點", "金額 1,000,000 元", "2026-03-01 10:00", "B-000012",
    "申請編號 DP-115-000123",
])
def test_ordinary_text_is_kept(text: str) -> None:
    assert redact(text) == text


def test_known_form_answers_are_replaced() -> None:
    text = "聯絡人：王小明\n公司名稱：小明餐廳\n諮詢方式：視訊"
    assert redact(text, known=["王小明", "小明餐廳", "是"]) == "聯絡人：[已遮蔽]\n公司名稱：[已遮蔽]\n諮詢方式：視訊"


def test_short_ascii_answers_are_not_searched_for() -> None:
    assert redact("Mode: video", known=["vi", "Al"]) == "Mode: video"
