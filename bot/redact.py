"""Personal data out of logged text: phone numbers, e-mail addresses and 統一編號 (8 digits).
Digits may be full-width (`\\d` matches them).

Pure and small, so the exchange log (`api.exchanges`), log lines and anything else written for
staff or operators can use it. Form answers the user typed can be passed as `known` values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

PHONE = "[電話]"
EMAIL = "[Email]"
UBN = "[統編]"
VALUE = "[已遮蔽]"

_EMAIL = re.compile(r"[^\s@<>()（）「」,，;；:：]+@[^\s@<>()（）「」,，;；:：]+\.[A-Za-z]{2,}")
# Mobile 09xx-xxx-xxx or +886 9xx..., landline 0X-XXXX-XXXX (with separators), an optional extension.
_PHONE = re.compile(r"(?<![\d])(?:\+886[\s-]?|0)(?:9\d{2}[\s-]?\d{3}[\s-]?\d{3}|[2-8](?:[\s-]?\d){7,8})"
                    r"(?:\s?#\s?\d{1,6})?(?![\d])|(?<![\d])\(0[2-8]\)[\s-]?\d{3,4}[\s-]?\d{4}(?![\d])")
_UBN = re.compile(r"(?<![\d])\d{8}(?![\d])")
_MIN_KNOWN, _MIN_KNOWN_ASCII = 2, 4
"""Shorter typed values (「是」, "no") are not searched for: they would blank ordinary words."""


def redact(text: str, known: Iterable[str] = ()) -> str:
    """`text` with every e-mail address, phone number and 8-digit number replaced by a marker,
    and each of `known` (what the user typed into a form: a name, a company) by 「[已遮蔽]」."""
    for value in sorted({v.strip() for v in known}, key=len, reverse=True):
        if len(value) >= (_MIN_KNOWN if not value.isascii() else _MIN_KNOWN_ASCII):
            text = text.replace(value, VALUE)
    text = _EMAIL.sub(EMAIL, text)
    text = _PHONE.sub(PHONE, text)
    return _UBN.sub(UBN, text)
