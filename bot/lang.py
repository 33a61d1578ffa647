"""Which language to reply in: English when the user writes English, zh-TW otherwise."""

from __future__ import annotations

import re

from bot.types import Language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_NO_LANGUAGE = re.compile(r"[^\s@]+@[^\s@]+|https?://\S+", re.IGNORECASE)
"""E-mail addresses and links say nothing about the language a user writes in."""


def detect_language(text: str, locale: str | None = None, previous: Language = "zh") -> Language:
    """English when the text is Latin words with no Chinese characters; Chinese when it has any;
    otherwise (digits, emoji, empty) the locale hint or the language of the conversation so far."""
    text = _NO_LANGUAGE.sub(" ", text)
    if _CJK.search(text):
        return "zh"
    if len(_LATIN_WORD.findall(text)) >= 1 and sum(len(w) for w in _LATIN_WORD.findall(text)) >= 4:
        return "en"
    if locale:
        return "en" if locale.lower().startswith("en") else "zh"
    return previous
