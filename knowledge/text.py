"""Text normalisation for Chinese retrieval.

The same normalisation is applied to indexed passages and to questions, so that
Simplified and Traditional script, full- and half-width forms and Chinese and Arabic
numerals (二十萬 ~ 20萬 ~ 200000) meet in one canonical form.
"""

from __future__ import annotations

import re
import unicodedata
import warnings
from functools import lru_cache

import opencc

_CN_DIGITS = "零〇一二兩三四五六七八九十百千萬億"
# A run of Chinese numerals is converted when a measure word follows it or it is clearly a number.
_MEASURES = "點元人年月日天類成家項次個位倍比週周萬億%％小時分"
_CN_NUMBER = re.compile(
    rf"[{_CN_DIGITS}]+(?=[{_MEASURES}])|(?<=[比:])[{_CN_DIGITS}]+|[{_CN_DIGITS}]{{2,}}"
)
_WAN = re.compile(r"(\d+(?:\.\d+)?)\s*([萬億])")
_RATIO = re.compile(r"(\d)\s*(?:比|：)\s*(\d)")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3})")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    # s2twp: Simplified to Taiwan Traditional including vocabulary (软件 -> 軟體, 信息 -> 資訊).
    return opencc.OpenCC("s2twp")


def to_traditional(text: str) -> str:
    """Convert Simplified Chinese to Taiwan Traditional; Traditional text passes unchanged."""
    return str(_converter().convert(text))


def _cn_number(match: re.Match[str]) -> str:
    import cn2an  # ~90 ms to import: loaded by the first Chinese numeral, not by every importer

    run = match.group(0)
    if run in ("萬", "億", "百", "千", "十") or "萬一" in run:
        return run
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            value = cn2an.cn2an(run.replace("兩", "二").replace("〇", "零"), "smart")
        except (ValueError, KeyError):
            return run
    return str(int(value)) if float(value).is_integer() else str(value)


def _expand_wan(match: re.Match[str]) -> str:
    factor = 10_000 if match.group(2) == "萬" else 100_000_000
    value = float(match.group(1)) * factor
    return str(int(value)) if value.is_integer() else str(value)


def normalize_numbers(text: str) -> str:
    """二十萬 / 20萬 / 200,000 all become 200000; 1比2 and 1：2 become 1:2."""
    text = _CN_NUMBER.sub(_cn_number, text)
    text = _THOUSANDS.sub("", text)
    text = _WAN.sub(_expand_wan, text)
    return _RATIO.sub(r"\1:\2", text)


def normalize(text: str) -> str:
    """Canonical form used for lexical indexing and matching."""
    text = unicodedata.normalize("NFKC", text)
    text = to_traditional(text)
    text = text.replace("台", "臺")
    text = normalize_numbers(text)
    return _SPACES.sub(" ", text).strip().lower()
