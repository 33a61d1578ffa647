"""Chinese-aware tokenisation for the lexical index.

Tokens are jieba words (search mode, with the programme dictionary), character bigrams of
every CJK run, and pinyin bigrams of the same runs. Bigrams make matching robust to
segmentation mistakes and to text jieba's (mostly Simplified) dictionary does not know;
words reward exact terms; pinyin bigrams catch homophone typos from phonetic input
methods (點術 ~ 點數, 公業館 ~ 工業館, 進消存 ~ 進銷存).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Container
from functools import lru_cache

import jieba
import jieba.posseg
import opencc
from pypinyin import lazy_pinyin

from knowledge.lexicon import Lexicon
from knowledge.text import normalize

_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_WORD = re.compile(r"[a-z0-9][a-z0-9.:&+\-]*")
_STOP = frozenset(
    "的 了 是 在 和 與 及 或 嗎 呢 吧 啊 喔 哦 呀 我 你 他 她 們 我們 你們 請問 請 問 想 要 可以 能 會 有 沒有 "
    "什麼 怎麼 如何 這 那 個 一 也 都 就 還 嗎? 麼 a an the is are of to for in on and or do does can i my we you "
    "what how which".split()
)


@lru_cache(maxsize=1)
def _simplifier() -> opencc.OpenCC:
    return opencc.OpenCC("tw2sp")  # Taiwan vocabulary to Mainland (硬體 -> 硬件), jieba's dictionary


@lru_cache(maxsize=1)
def _tagger() -> jieba.posseg.POSTokenizer:
    import jieba.posseg

    return jieba.posseg.POSTokenizer(jieba.Tokenizer())


def _to_simplified(text: str) -> str:
    return str(_simplifier().convert(text))


TOKENIZER_VERSION = "3"
"""Bump when tokenisation changes, so indexes saved by an older version are rebuilt."""


class Tokenizer:
    """Turns text into lexical tokens. Build once; jieba's dictionary load takes ~1 s."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        for word in lexicon.words:
            self._jieba.add_word(word, freq=200_000)
        self._jieba.initialize()
        self.signature = f"{TOKENIZER_VERSION}-{lexicon.signature}"

    def tokens(self, text: str, *, query: bool = False, known: Container[str] | None = None) -> list[str]:
        """Tokens of `text`; a query is also expanded with programme synonyms.

        With `known` (the index vocabulary), a bigram's pinyin token is kept only where the
        bigram itself is unknown, i.e. probably mistyped: correct text gains no homophone noise.
        """
        norm = normalize(text)
        if query:
            norm = self.lexicon.expand(norm)
        return self._tokens(norm, known)

    def query_tokens(self, text: str, known: Container[str]) -> tuple[list[str], list[str]]:
        """(tokens of the question with its synonym expansion, tokens of the question alone)."""
        norm = normalize(text)
        own = self._tokens(norm, known)
        extra = self.lexicon.expand(norm)[len(norm):]
        return (own + self._tokens(extra, known) if extra else own), own

    def is_word(self, word: str) -> bool:
        """A real word (in the programme dictionary, or in jieba's, read in Simplified script), not a
        typo or a run of characters: 「停車」 yes, 「點術」 no."""
        norm = normalize(word)
        return len(norm) >= 2 and (norm in self.lexicon.words or bool(self._jieba.FREQ.get(_to_simplified(norm))))

    def is_thing(self, word: str) -> bool:
        """The word names a thing (jieba tags it a noun, in Simplified script): 「貸款」 yes, 「改成」 no."""
        tagged = _tagger().lcut(_to_simplified(normalize(word)))
        return len(tagged) == 1 and (tagged[0].flag.startswith("n") or tagged[0].flag in ("vn", "eng"))

    def head_noun(self, phrase: str) -> str:
        """The last noun of a phrase, in Traditional script (「收銀機、平板這種硬體」 -> 「硬體」), or ""."""
        tagged = _tagger().lcut(_to_simplified(normalize(phrase)))
        nouns = [w.word for w in tagged if w.flag.startswith("n") or w.flag in ("vn", "eng")]
        return normalize(nouns[-1]) if nouns else ""

    def nouns(self, text: str) -> list[str]:
        """The nouns of a text (jieba's tags, read in Simplified script), as the text writes them."""
        norm = normalize(text)
        simplified = _to_simplified(norm)
        out, at = [], 0
        for w in _tagger().lcut(simplified):
            word = norm[at:at + len(w.word)] if len(simplified) == len(norm) else normalize(w.word)
            at += len(w.word)
            if w.flag.startswith("n") and len(word) >= 2:
                out.append(word)
        return out

    def _tokens(self, norm: str, known: Container[str] | None) -> list[str]:
        out: list[str] = []
        for word in self._jieba.cut_for_search(norm):
            word = word.strip()
            if word and word not in _STOP and (_CJK_RUN.fullmatch(word) or _WORD.fullmatch(word)):
                out.append(word)
        for run in _CJK_RUN.findall(norm):
            out.extend(run[i : i + 2] for i in range(len(run) - 1))
            wanted = [i for i in range(len(run) - 1) if known is None or run[i : i + 2] not in known]
            if not wanted:
                continue
            syllables = lazy_pinyin(run)
            if len(syllables) == len(run):
                out.extend(f"py:{syllables[i]}{syllables[i + 1]}" for i in wanted)
        return out
