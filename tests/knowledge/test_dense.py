"""Dense neighbours: exact below the HNSW threshold, and the HNSW graph finding the same rows above it."""

from __future__ import annotations

import numpy as np

from knowledge.dense import DenseIndex, top_rows


def _unit_vectors(n: int, dim: int = 64, seed: int = 0) -> np.ndarray:
    vectors = np.random.default_rng(seed).standard_normal((n, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def test_top_rows_are_the_head_of_a_stable_sort_ties_included() -> None:
    values = np.array([0.5, 0.9, 0.5, 0.1, 0.9, 0.5, 0.5], dtype=np.float32)
    keep = np.array([True, True, True, True, True, False, True])
    full = [int(i) for i in np.flatnonzero(keep)[np.argsort(-values[keep], kind="stable")]]
    for n in range(1, 8):
        assert top_rows(values, keep, n) == full[:n]


def test_the_graph_finds_the_exact_neighbours_and_respects_the_mask() -> None:
    vectors = _unit_vectors(3000)
    exact, graph = DenseIndex(vectors), DenseIndex(vectors, ann_from=0)
    assert graph.approximate and not exact.approximate
    everything = np.ones(len(vectors), dtype=bool)
    queries = _unit_vectors(50, seed=1)
    found = [len(set(graph.nearest(q, 10, everything).rows) & set(exact.nearest(q, 10, everything).rows))
             for q in queries]
    assert sum(found) / (10 * len(queries)) >= 0.98
    odd = np.arange(len(vectors)) % 2 == 1
    hits = graph.nearest(queries[0], 10, odd)
    assert hits.rows == exact.nearest(queries[0], 10, odd).rows
    few = np.zeros(len(vectors), dtype=bool)
    few[[7, 70, 700]] = True  # a filter the graph's neighbours miss: every kept row is compared
    assert sorted(graph.nearest(queries[0], 10, few).rows) == [7, 70, 700]
