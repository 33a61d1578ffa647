"""Which language to reply in: English when the user writes English, zh-TW otherwise."""

from __future__ import annotations

import re

from bot.types import Language

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
_NO_LANGUAGE = re.compile(
    r"[^\s@]+@[^\s@]+"                   # e-mail addresses
    r"|https?://\S+|www\.\S+"            # links
    r"|\b[A-Za-z]{1,4}-?\d[\w-]*"        # references and codes: B-000012, P110-ABC12, A1
    r"|\b[A-Z]{2,6}s?\b",                # acronyms: POS, ERP, CRM, APIs
)
"""What says nothing about the language a user writes in (they type the same in any language)."""
MIN_ENGLISH_LETTERS = 4


def detect_language(text: str, locale: str | None = None, previous: Language = "zh",
                    first: bool = True) -> Language:
    """English when the text is Latin words (not only acronyms, references, e-mail addresses or
    links) with no Chinese characters; Chinese when it has any; otherwise (digits, emoji, 「POS」,
    「B-000012」) the language of the conversation so far, or on its first turn the locale hint."""
    words = _NO_LANGUAGE.sub(" ", text)
    if _CJK.search(words):
        return "zh"
    if sum(len(w) for w in _LATIN_WORD.findall(words)) >= MIN_ENGLISH_LETTERS:
        return "en"
    if locale and first:
        return "en" if locale.lower().startswith("en") else "zh"
    return previous
