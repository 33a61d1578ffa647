"""Validators for flow steps: each returns `Valid(normalised value)` or `Invalid(reason)`."""

from __future__ import annotations

import re
import unicodedata

from bot.flows.spec import Invalid, Valid, Validator
from bot.ubn import check_ubn

_MOBILE = re.compile(r"^09\d{8}$")
_LANDLINE = re.compile(r"^0[2-8]\d{7,8}(#\d{1,6})?$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)


def _clean(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def text(max_len: int = 100, min_len: int = 1) -> Validator:
    def check(raw: str) -> Valid | Invalid:
        value = _clean(raw)
        if not value:
            return Invalid("這一欄不能空白，請再輸入一次。", "This can't be empty; please try again.")
        if len(value) < min_len:
            return Invalid(f"請至少輸入{min_len}個字（目前{len(value)}字）。",
                           f"Please type at least {min_len} characters (now {len(value)}).")
        if len(value) > max_len:
            return Invalid(f"請在{max_len}字以內（目前{len(value)}字）。",
                           f"Please keep it within {max_len} characters (now {len(value)}).")
        return Valid(value)
    return check


def phone_tw(raw: str) -> Valid | Invalid:
    """Taiwan mobile (0912345678) or landline with area code (02-2345-6789#123)."""
    value = re.sub(r"[\s\-()（）]", "", _clean(raw)).replace("+886", "0")
    if _MOBILE.match(value) or _LANDLINE.match(value):
        return Valid(value)
    return Invalid("電話格式不正確，請輸入手機（例如 0912345678）或含區碼的市話（例如 02-23456789）。",
                   "That phone number doesn't look right: use a mobile (0912345678) or a landline "
                   "with area code (02-23456789).")


def email(raw: str) -> Valid | Invalid:
    value = _clean(raw)
    if _EMAIL.match(value):
        return Valid(value.lower())
    return Invalid("Email 格式不正確，請再輸入一次（例如 name@example.com）。",
                   "That email address doesn't look right (e.g. name@example.com).")


def tax_id(raw: str) -> Valid | Invalid:
    """統一編號: 8 digits passing the Ministry of Finance checksum (`bot.ubn`, old or new rule)."""
    checked = check_ubn(raw)
    return Valid(checked.value) if checked.valid else Invalid(checked.reason_zh, checked.reason_en)


def integer(minimum: int, maximum: int) -> Validator:
    def check(raw: str) -> Valid | Invalid:
        value = _clean(raw).replace(",", "")
        if not re.fullmatch(r"\d+", value) or not minimum <= int(value) <= maximum:
            return Invalid(f"請輸入{minimum}到{maximum}之間的數字。",
                           f"Please enter a number from {minimum} to {maximum}.")
        return Valid(str(int(value)))
    return check
