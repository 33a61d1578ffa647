"""統一編號 checksum (Ministry of Finance): known numbers, the 7th-digit-7 case, the 2023 rule."""

from __future__ import annotations

import pytest

from bot.flows import validators
from bot.flows.spec import Invalid, Valid
from bot.ubn import check_ubn, checksum_total


@pytest.mark.parametrize("ubn", [
    "04595257",  # the Ministry of Finance's worked example
    "22099131",  # 台灣積體電路製造股份有限公司
    "53212539",
])
def test_known_valid_numbers_pass_under_both_rules(ubn: str) -> None:
    result = check_ubn(ubn)
    assert result.valid and result.rule == "old_and_new"
    assert checksum_total(ubn) % 10 == 0


@pytest.mark.parametrize(("ubn", "total"), [("10458575", 30), ("10458574", 29), ("12345675", 39)])
def test_seventh_digit_7_counts_its_28_as_10_or_as_1(ubn: str, total: int) -> None:
    # 7 x 4 = 28 -> 2 + 8 = 10, which may also count as 1 + 0 = 1: the sum or the sum + 1 must divide.
    assert checksum_total(ubn) == total
    assert check_ubn(ubn).valid and check_ubn(ubn).rule == "old_and_new"


@pytest.mark.parametrize("ubn", ["04595252", "10458570", "22099136"])
def test_numbers_valid_only_under_the_2023_rule(ubn: str) -> None:
    result = check_ubn(ubn)
    assert checksum_total(ubn) % 5 == 0 and checksum_total(ubn) % 10 != 0
    assert result.valid and result.rule == "new_only"
    assert "112年" in result.reason_zh  # the user is told which rule accepted it


def test_seventh_digit_7_under_the_new_rule_only() -> None:
    # sum 24: neither 24 nor 25 divides by 10; 25 divides by 5.
    ubn = next(f"{n:06d}7{d}" for n in range(1000) for d in range(10)
               if checksum_total(f"{n:06d}7{d}") % 10 == 4)
    assert check_ubn(ubn).valid and check_ubn(ubn).rule == "new_only"


@pytest.mark.parametrize("ubn", ["12345678", "04595258", "22099132", "10458573", "10458576"])
def test_wrong_checksums_fail(ubn: str) -> None:
    result = check_ubn(ubn)
    assert not result.valid and result.problem == "checksum"
    assert "檢查碼" in result.reason_zh  # the user is told it is the check digit, not the length


@pytest.mark.parametrize("raw", ["1234567", "123456789", "ABCDEFGH", "0459525７x", "", "統一編號"])
def test_not_eight_digits(raw: str) -> None:
    result = check_ubn(raw)
    assert not result.valid and result.problem == "format" and "8位數字" in result.reason_zh


def test_typing_variants_are_normalised() -> None:
    assert check_ubn("０４５９５２５７").value == "04595257"  # full-width digits
    assert check_ubn(" 0459-5257 ").value == "04595257"


def test_the_flow_validator_is_the_same_checker() -> None:
    assert validators.tax_id("04595252") == Valid("04595252")  # new-rule-only numbers are accepted
    refused = validators.tax_id("12345678")
    assert isinstance(refused, Invalid) and refused.zh == check_ubn("12345678").reason_zh
