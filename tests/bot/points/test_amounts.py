"""Amounts and counts as people type them: 「大概八百萬」「三百萬」「5個」「800萬左右」."""

from __future__ import annotations

import pytest

from bot.points.amounts import parse_amount


@pytest.mark.parametrize(("typed", "value"), [
    ("大概八百萬", 8_000_000), ("三百萬", 3_000_000), ("800萬左右", 8_000_000), ("約300萬元", 3_000_000),
    ("一千兩百萬", 12_000_000), ("5個", 5), ("8人", 8), ("大約20位", 20), ("NT$1,200,000", 1_200_000),
])
def test_everyday_amounts_are_understood(typed: str, value: int) -> None:
    assert parse_amount(typed).value == value


@pytest.mark.parametrize(("typed", "problem"), [("個", "not_number"), ("很多", "not_number"), ("-5", "negative"),
                                                 ("9" * 40, "too_large")])
def test_what_is_not_an_amount_says_why(typed: str, problem: str) -> None:
    parsed = parse_amount(typed)
    assert parsed.value is None and parsed.problem == problem
