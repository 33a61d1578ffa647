"""The reply language follows what the user writes, not references, addresses or acronyms."""

from __future__ import annotations

import pytest

from bot.lang import detect_language
from tests.bot.conftest import World


@pytest.mark.parametrize("text", ["B-000012", "owner@example.com", "POS", "ERP", "POS ERP CRM", "P110-TEST1",
                                  "https://example.com/a", "12345678", "👍"])
def test_what_is_no_language_keeps_the_conversations(text: str) -> None:
    assert detect_language(text, previous="zh", first=False) == "zh"
    assert detect_language(text, locale="en-US", previous="zh", first=False) == "zh"
    assert detect_language(text, previous="en", first=False) == "en"


@pytest.mark.parametrize(("text", "lang"), [("How do I apply for points?", "en"), ("help", "en"),
                                            ("我要導入POS", "zh"), ("ERP 補助多少？", "zh"),
                                            ("My booking B-000012 please", "en")])
def test_words_decide(text: str, lang: str) -> None:
    assert detect_language(text, locale="zh-TW", previous="zh", first=False) == lang


def test_the_locale_hint_decides_only_a_first_message_with_no_language() -> None:
    assert detect_language("POS", locale="en-US") == "en"
    assert detect_language("POS", locale="en-US", previous="zh", first=False) == "zh"


def test_a_chinese_conversation_stays_chinese_through_references_and_acronyms(world: World) -> None:
    chat = world.chat(user="lang-user")
    chat.say("我要找真人客服")
    chat.press("留下聯絡資料")
    assert chat.say("王小明").language == "zh"
    for text in ("owner@example.com", "B-000012", "POS"):
        reply = chat.say(text)
        assert reply.language == "zh", text
    assert chat.say("ERP", locale="en-US").language == "zh"
