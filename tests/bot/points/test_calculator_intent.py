"""The calculator in the chat: figures with the year and the rule's source; asks year/館 when unsaid."""

from __future__ import annotations

import pytest

from bot.intents.calculator import plan_price
from tests.bot.conftest import World


def test_asks_which_year_and_hall_then_answers(world: World) -> None:
    chat = world.chat("calc-1")
    ask = chat.say("60萬的方案我要付多少？")
    assert ask.intent == "points_calculator" and ask.sources == () and "萬點" not in ask.text  # asks, no figures
    assert [a.label for a in ask.actions] == ["110年中小館", "110年商業館", "110年工業館", "110年農業館", "111年工業館"]
    answer = chat.press("110年工業館")
    assert answer.intent == "points_calculator"
    assert answer.text.startswith("依110年度工業館規定，60萬元的方案：可用20萬點（1點＝1元），自付40萬元")
    assert "出處：雲市集工業館補助說明（110年6月）" in answer.text
    [source] = answer.sources
    assert source.year == 110 and source.hall == "工業館" and source.document.startswith("2021-06_")


def test_a_named_hall_in_two_years_asks_only_the_year(world: World) -> None:
    chat = world.chat("calc-2")
    ask = chat.say("工業館100萬方案點數多少")
    assert [a.label for a in ask.actions] == ["110年工業館", "111年工業館"]
    answer = chat.say("111年")
    assert "依111年度工業館規定，100萬元的方案：可用20萬點" in answer.text and "自付80萬元" in answer.text
    assert "方案40萬元就能用滿20萬點" in answer.text


def test_year_and_hall_given(world: World) -> None:
    reply = world.chat("calc-3").say("110年工業館，買一個六十萬的方案要自付多少")
    assert "可用20萬點" in reply.text and "自付40萬元" in reply.text


def test_the_trade_implies_the_hall(world: World) -> None:
    reply = world.chat("calc-4").say("我開餐廳，6萬的方案自己要付多少？")
    assert reply.text.startswith("依110年度商業館規定，6萬元的方案：可用3萬點"), reply.text


def test_a_year_without_that_hall_says_what_exists(world: World) -> None:
    reply = world.chat("calc-5").say("111年商業館10萬的方案要付多少")
    assert "目前的規則檔沒有111年度商業館的點數規定" in reply.text and "110年度（" in reply.text


def test_absurd_price(world: World) -> None:
    reply = world.chat("calc-6").say("110年工業館 5億的方案要付多少")
    assert "似乎不合理" in reply.text


def test_english(world: World) -> None:
    reply = world.chat("calc-7").say("How much do I pay for a NT$600,000 plan in the 110 Industrial Hall?")
    assert reply.intent == "points_calculator" and "200,000 points + NT$400,000 paid by you" in reply.text


@pytest.mark.parametrize("text", ["營收3000萬可以申請嗎", "110年工業館最多補助幾點", "用滿20萬點要買多少",
                                  "員工50人算中小企業嗎"])
def test_not_a_plan_price(world: World, text: str) -> None:
    assert world.chat(f"calc-n-{text}").say(text).intent != "points_calculator"
    assert plan_price(text) is None
