"""Plan price -> points and self-paid amount under each year's ratio and cap; amounts as typed."""

from __future__ import annotations

import pytest

from bot.points.amounts import format_amount, parse_amount
from bot.points.calculator import PriceError, explain, quote
from bot.points.loader import load_rules

BOOK = load_rules()


@pytest.mark.parametrize(("year", "hall", "price", "points", "self_paid"), [
    (110, "工業館", 600_000, 200_000, 400_000),  # the briefing's own example (B方案)
    (110, "工業館", 1_000_000, 200_000, 800_000),
    (110, "工業館", 60_000, 20_000, 40_000),  # the A方案: a third in points
    (110, "工業館", 100_000, 33_333, 66_667),  # points round down, never above the share
    (111, "工業館", 1_000_000, 200_000, 800_000),
    (111, "工業館", 300_000, 150_000, 150_000),  # half in points
    (110, "商業館", 60_000, 30_000, 30_000),
    (110, "中小館", 100_000, 30_000, 70_000),
    (110, "農業館", 20_000, 10_000, 10_000),
])
def test_figures(year: int, hall: str, price: int, points: int, self_paid: int) -> None:
    rules = BOOK.hall(year, hall)
    assert rules is not None
    q = quote(rules.points, price)
    assert (q.points, q.self_paid) == (points, self_paid)


def test_the_reply_names_the_year_the_figures_and_the_source() -> None:
    rules = BOOK.hall(110, "工業館")
    assert rules is not None
    text = explain(rules, quote(rules.points, 600_000))
    assert text.startswith("依110年度工業館規定，60萬元的方案：可用20萬點（1點＝1元），自付40萬元（點數:自付＝1:2")
    assert "出處：雲市集工業館補助說明（110年6月） 貳、申請規範(2/2) 三、補助上限" in text
    capped = explain(rules, quote(rules.points, 1_000_000))
    assert "點數已達上限；方案60萬元就能用滿20萬點" in capped


@pytest.mark.parametrize(("price", "message"), [(0, "方案價格要大於0元。"), (-5, "方案價格要大於0元。"),
                                                (500_000_000, "似乎不合理")])
def test_bad_prices(price: int, message: str) -> None:
    rules = BOOK.hall(111, "工業館")
    assert rules is not None
    with pytest.raises(PriceError) as caught:
        quote(rules.points, price)
    assert message in caught.value.zh


@pytest.mark.parametrize(("text", "value"), [
    ("60萬", 600_000), ("六十萬", 600_000), ("1億2000萬", 120_000_000), ("NT$600,000", 600_000),
    ("600000元", 600_000), ("3.5萬", 35_000), ("約3000萬元", 30_000_000), ("五千萬", 50_000_000),
])
def test_amounts_as_people_type_them(text: str, value: int) -> None:
    assert parse_amount(text).value == value


@pytest.mark.parametrize(("text", "problem"), [("-5萬", "negative"), ("負100", "negative"), ("很多", "not_number"),
                                               ("萬", "not_number"), ("1.2.3", "not_number"), ("", "empty"),
                                               ("9" * 400, "too_large"), ("三" * 5000, "too_large"),
                                               ("1" * 5000 + "萬", "too_large"), ("1" * 30 + "兆", "too_large"),
                                               ("9" * 30, "too_large"), ("很" * 100, "not_number")])
def test_amounts_that_are_not(text: str, problem: str) -> None:
    assert parse_amount(text).value is None and parse_amount(text).problem == problem


def test_amounts_written_back() -> None:
    assert [format_amount(v) for v in (200_000, 2_000_000_000, 120_000_000, 33_333)] == \
        ["20萬", "20億", "1億2000萬", "33,333"]
