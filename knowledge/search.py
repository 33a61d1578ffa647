"""Hybrid search: BM25 over Chinese tokens + dense similarity, fused by reciprocal rank.

The fused rank orders results; a separate calibrated `score` in [0, 1] (dense similarity
and idf-weighted coverage of the question's terms) tells callers how sure to be.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from knowledge.crosslingual import english_bridge
from knowledge.dense import top_rows
from knowledge.programme import current_roc_year, extract_hints
from knowledge.store import KnowledgeStore, Snapshot
from knowledge.text import normalize, to_traditional
from knowledge.types import Passage, SearchFilters

Mode = Literal["hybrid", "lexical", "dense"]
_HAS_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass(frozen=True)
class SearchConfig:
    rrf_k: int = 10
    lexical_weight: float = 1.0
    dense_weight: float = 0.8
    """Re-swept (bench/questions, tuning set) when FAQ vectors began to blend question and answer."""
    foreign_lexical_weight: float = 0.5
    """Lexical weight for a question with no Chinese in it: the Chinese index knows few English
    words, so the multilingual dense side carries an English question across languages."""
    candidates: int = 50
    english_bridge: bool = True
    """An English question also searches the Chinese words a bilingual dictionary gives for its
    words (knowledge/crosslingual.py)."""
    # Calibration of the dense cosine into [0, 1] for the score.
    dense_floor: float = 0.25
    dense_ceiling: float = 0.75
    # Fused score factor for a chunk of another year / 館 than the question names.
    scope_mismatch: float = 0.5


class HybridSearcher:
    def __init__(self, store: KnowledgeStore, config: SearchConfig | None = None,
                 clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.config = config or SearchConfig()
        self.clock = clock
        self._years: tuple[str, frozenset[int]] | None = None

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None,
               mode: Mode = "hybrid") -> list[Passage]:
        snap = self.store.snapshot()
        if not len(snap) or not query.strip():
            return []
        mask = self._mask(snap, filters)
        if not mask.any():
            return []
        tokenizer = self.store.tokenizer
        q_tokens, own_tokens = tokenizer.query_tokens(query, snap.idf)
        by_word = {} if _HAS_CJK.search(query) or not self.config.english_bridge else (
            english_bridge().by_word(query, snap.idf))
        bridged = list(dict.fromkeys(c for found in by_word.values() for c in found))
        if bridged:
            q_tokens = q_tokens + tokenizer.tokens(" ".join(bridged), known=snap.idf)
        lex = snap.lexical.scores(q_tokens) if mode != "dense" else np.zeros(len(snap), np.float32)
        qvec = np.asarray(self.store.model.embeddings.embed_query(self._dense_text(query)), dtype=np.float32)
        cfg = self.config
        dense = snap.dense.nearest(qvec, cfg.candidates if mode != "lexical" else 0, mask)
        lex_order = top_rows(lex, mask & (lex > 0), cfg.candidates) if mode != "dense" else []
        lex_rank = {i: r for r, i in enumerate(lex_order)}
        dense_rank = {i: r for r, i in enumerate(dense.rows)}
        fused: dict[int, float] = {}
        lexical_weight = cfg.lexical_weight if _HAS_CJK.search(query) else cfg.foreign_lexical_weight
        for i, r in lex_rank.items():
            fused[i] = fused.get(i, 0.0) + lexical_weight / (cfg.rrf_k + r + 1)
        for i, r in dense_rank.items():
            fused[i] = fused.get(i, 0.0) + cfg.dense_weight / (cfg.rrf_k + r + 1)
        # Only what the question names outright: a relative year (去年) is the engine's preference.
        scope = extract_hints(query, current_roc_year=current_roc_year(self.clock()))
        if scope.years or scope.halls:
            for i in fused:
                chunk = snap.chunks[i]
                if (scope.years and chunk.year and chunk.year not in scope.years) or (
                        scope.halls and chunk.hall and chunk.hall not in scope.halls):
                    fused[i] *= cfg.scope_mismatch
        top = sorted(fused, key=lambda i: (-fused[i], snap.chunks[i].chunk_id))[:k]

        plain_tokens = {t for t in own_tokens if not t.startswith("py:")}
        results = []
        for rank, i in enumerate(top):
            coverage = (self._bridged_coverage(snap, i, by_word) if by_word
                        else self._coverage(snap, i, plain_tokens))
            sim = dense.similarity(i)
            score = 0.5 * self._calibrate(sim) + 0.5 * coverage
            results.append(Passage(
                chunk=snap.chunks[i], score=round(score, 4), rank=rank + 1,
                lexical_rank=lex_rank.get(i, -1) + 1 or None, dense_rank=dense_rank.get(i, -1) + 1 or None,
                dense_similarity=round(sim, 4), term_coverage=round(coverage, 4),
                extra={"rrf": round(fused[i], 5), "bm25": round(float(lex[i]), 3),
                       **({"crosslingual": 1.0} if by_word else {})},
            ))
        return results

    def is_word(self, term: str) -> bool:
        """A real word, not a typo (knowledge.tokenize.Tokenizer.is_word)."""
        return self.store.tokenizer.is_word(term)

    def is_thing(self, term: str) -> bool:
        """The word names a thing (a noun), not an action (knowledge.tokenize.Tokenizer.is_thing)."""
        return self.store.tokenizer.is_thing(term)

    def nouns(self, text: str) -> list[str]:
        """The nouns of a text (knowledge.tokenize.Tokenizer.nouns)."""
        return self.store.tokenizer.nouns(text)

    def head_noun(self, phrase: str) -> str:
        """The last noun of a phrase (knowledge.tokenize.Tokenizer.head_noun)."""
        return self.store.tokenizer.head_noun(phrase)

    def years_on_file(self) -> frozenset[int]:
        """The programme years the indexed passages belong to (a year-less passage adds none)."""
        snap = self.store.snapshot()
        cached = self._years
        if cached is None or cached[0] != snap.version:
            cached = self._years = (snap.version, frozenset(c.year for c in snap.chunks if c.year))
        return cached[1]

    def passages_using(self, term: str) -> int:
        """In how many indexed passages `term` (a token) occurs; 0 when none does."""
        snap = self.store.snapshot()
        idf = snap.idf.get(normalize(term))
        return 0 if idf is None else max(1, round(len(snap) / math.expm1(idf)))

    def _dense_text(self, query: str) -> str:
        """The question in Traditional script plus the programme terms its words stand for:
        the model then sees 商業館 for 餐廳 just as the lexical side does."""
        additions = self.store.tokenizer.lexicon.additions(normalize(query))
        base = to_traditional(query)
        return f"{base} {' '.join(additions)}" if additions else base

    @staticmethod
    def _mask(snap: Snapshot, filters: SearchFilters | None) -> np.ndarray:
        if filters is None:
            return np.ones(len(snap), dtype=bool)
        return np.fromiter((filters.accepts(c) for c in snap.chunks), dtype=bool, count=len(snap))

    @staticmethod
    def _coverage(snap: Snapshot, i: int, tokens: set[str]) -> float:
        """Share of the question's (idf-weighted) terms found in the chunk; a term the corpus
        never uses weighs as much as the rarest known term."""
        weights = {t: snap.idf.get(t, snap.max_idf) for t in tokens}
        total = sum(weights.values())
        if total <= 0:
            return 0.0
        present = snap.token_sets[i]
        return sum(w for t, w in weights.items() if t in present) / total

    @staticmethod
    def _bridged_coverage(snap: Snapshot, i: int, by_word: dict[str, list[str]]) -> float:
        """An English question's coverage: the share of its content words whose Chinese translation
        the chunk uses, each weighted by the rarest translation's idf (a word with none weighs most)."""
        present = snap.token_sets[i]
        total = found = 0.0
        for chinese in by_word.values():
            weight = max((snap.idf.get(normalize(c), snap.max_idf) for c in chinese), default=snap.max_idf)
            total += weight
            if any(normalize(c) in present for c in chinese):
                found += weight
        return found / total if total else 0.0

    def _calibrate(self, similarity: float) -> float:
        lo, hi = self.config.dense_floor, self.config.dense_ceiling
        return float(min(1.0, max(0.0, (similarity - lo) / (hi - lo))))
