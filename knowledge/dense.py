"""Dense nearest neighbours over a snapshot's vectors: exact below a size, HNSW (hnswlib) above it.

Exact search is a matrix-vector product and a sort: identical results, and fast for the shipped
knowledge base (a few thousand chunks). At a hundred thousand chunks the product and the sort
alone take tens of milliseconds, so from `ann_from` rows on an HNSW graph answers instead
(bench/README.md, "Retrieval at scale"). The graph is built with the snapshot, once per version.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

ANN_FROM = 20_000
"""From this many rows the HNSW graph answers; below it, exact search (the shipped index)."""


def top_rows(values: np.ndarray, keep: np.ndarray, n: int) -> list[int]:
    """The first `n` kept rows by descending value, ties by row: exactly what a stable sort of
    every kept row gives, without sorting them all."""
    idx = np.flatnonzero(keep)
    if len(idx) > n > 0:
        threshold = np.partition(values[idx], len(idx) - n)[len(idx) - n]  # the n-th largest
        idx = idx[values[idx] >= threshold]
    return [int(i) for i in idx[np.argsort(-values[idx], kind="stable")][:n]]


@dataclass(frozen=True)
class DenseHits:
    rows: list[int]
    """Rows by descending similarity (at most the number asked, only rows the mask keeps)."""
    similarity: Callable[[int], float]
    """The cosine similarity of any row to the query."""


class DenseIndex:
    """Answers "which rows are nearest this query vector" for one snapshot's unit vectors."""

    def __init__(self, vectors: np.ndarray, *, ann_from: int = ANN_FROM, ef: int = 200) -> None:
        self.vectors = vectors
        self._graph = self._build(vectors, ef) if len(vectors) >= ann_from else None

    @staticmethod
    def _build(vectors: np.ndarray, ef: int) -> object:
        import hnswlib

        graph = hnswlib.Index(space="ip", dim=int(vectors.shape[1]))
        graph.init_index(max_elements=len(vectors), ef_construction=100, M=16, random_seed=1)
        graph.add_items(vectors, np.arange(len(vectors)))
        graph.set_ef(ef)
        return graph

    @property
    def approximate(self) -> bool:
        return self._graph is not None

    def nearest(self, query: np.ndarray, n: int, mask: np.ndarray) -> DenseHits:
        """The `n` rows the mask keeps that are nearest `query`."""
        if self._graph is None:
            similarities = self.vectors @ query
            return DenseHits(top_rows(similarities, mask, n), lambda i: float(similarities[i]))
        vectors = self.vectors

        def similarity(i: int) -> float:
            return float(vectors[i] @ query)

        if n <= 0:
            return DenseHits([], similarity)

        wanted = min(len(vectors), 4 * n)  # room for rows the mask drops
        labels, _ = self._graph.knn_query(query, k=wanted)  # type: ignore[attr-defined]
        rows = [int(i) for i in labels[0] if mask[i]][:n]
        if len(rows) < n and wanted < len(vectors):
            # A narrow filter: the kept rows are few enough to compare them all.
            kept = np.flatnonzero(mask)
            similarities = np.full(len(vectors), -np.inf, dtype=np.float32)
            similarities[kept] = vectors[kept] @ query
            rows = top_rows(similarities, mask, n)
        sims = {i: similarity(i) for i in rows}
        rows.sort(key=lambda i: (-sims[i], i))
        return DenseHits(rows, similarity)
