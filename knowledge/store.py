"""The knowledge store: the Chroma collection plus a derived in-memory snapshot.

Chroma is the source of truth. Each process keeps a read-only snapshot (chunks, their
vectors, the BM25 index) and rebuilds it when the collection's version changes, so any
number of workers or instances see an ingest made by another. The BM25 index is saved
on disk by version, so a restart does not re-tokenise the corpus.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from knowledge.dense import DenseIndex
from knowledge.embeddings import LoadedModel
from knowledge.lexical import LexicalIndex
from knowledge.tokenize import Tokenizer
from knowledge.types import Chunk
from knowledge.vectorstore import VectorIndex

log = logging.getLogger(__name__)


def index_text(chunk: Chunk) -> str:
    """What the lexical index sees: the text, with the FAQ question or heading path once more
    (a title match counts more than a match in the body)."""
    title = chunk.title if chunk.kind == "faq" else chunk.heading_path
    return f"{title}\n{chunk.text}" if title else chunk.text


@dataclass(frozen=True)
class Snapshot:
    version: str
    chunks: list[Chunk]
    vectors: np.ndarray
    lexical: LexicalIndex
    token_sets: list[frozenset[str]]
    idf: dict[str, float]
    max_idf: float
    dense: DenseIndex

    def __len__(self) -> int:
        return len(self.chunks)

    @classmethod
    def of(cls, version: str, chunks: list[Chunk], vectors: np.ndarray, lexical: LexicalIndex) -> Snapshot:
        """The snapshot of these chunks (row i of `vectors` and of `lexical` is chunk i)."""
        token_sets = [frozenset(t) for t in lexical.token_lists]
        df = Counter(t for s in token_sets for t in s)
        n = max(len(chunks), 1)
        idf = {t: math.log(1 + n / c) for t, c in df.items()}
        return cls(version, chunks, vectors, lexical, token_sets, idf, max(idf.values(), default=1.0),
                   DenseIndex(vectors))


class KnowledgeStore:
    """Owns the collection for one embedding model and the snapshot derived from it."""

    def __init__(self, *, client: Any, model: LoadedModel, tokenizer: Tokenizer, cache_dir: Path,
                 refresh_interval: float = 2.0, reopen: Callable[[], Any] | None = None,
                 shared_dir: Path | None = None) -> None:
        """`reopen` and `shared_dir`: an embedded Chroma directory other processes may write to
        (knowledge.vectorstore)."""
        self.model = model
        self.tokenizer = tokenizer
        self.vectors = VectorIndex(client, f"tcloud_{model.model_id}", reopen=reopen, shared_dir=shared_dir)
        self._cache_dir = cache_dir
        self.refresh_interval = refresh_interval
        """Seconds between checks of the collection version (0: check before every search)."""
        self._snapshot: Snapshot | None = None
        self._checked_at = 0.0
        self._lock = threading.Lock()
        self._rebuilding = False

    @property
    def current(self) -> Snapshot | None:
        """The snapshot in hand, without checking the collection (None before the first)."""
        return self._snapshot

    @property
    def rebuilding(self) -> bool:
        """True while a new snapshot is being built, the index having changed (an ingest, a document
        retired): questions are meanwhile answered from the previous one (readiness reports it)."""
        return self._rebuilding

    def snapshot(self) -> Snapshot:
        """The current snapshot, rebuilt if the collection changed since it was taken.

        While one thread rebuilds, the others go on with the snapshot they have; a rebuild that
        fails (the collection changing under it, a Chroma server briefly away) is logged and tried
        again at the next check, and questions are answered from the last good snapshot meanwhile.
        Only the very first snapshot is waited for (there is nothing to answer from before it)."""
        snap = self._snapshot
        now = time.monotonic()
        if snap is not None and now - self._checked_at < self.refresh_interval:
            return snap
        if snap is not None and not self._lock.acquire(blocking=False):
            return snap  # another thread is checking or rebuilding
        if snap is None:
            self._lock.acquire()
        try:
            self._checked_at = time.monotonic()
            try:
                version = self.vectors.version
                if self._snapshot is None or self._snapshot.version != version:
                    self._rebuilding = True
                    try:
                        self._snapshot = self._build()
                    finally:
                        self._rebuilding = False
            except Exception:
                if self._snapshot is None:
                    raise
                log.exception("knowledge snapshot refresh failed; answering from the previous one")
            return self._snapshot
        finally:
            self._lock.release()

    def invalidate(self) -> None:
        """Force the next `snapshot()` to check the collection version."""
        self._checked_at = 0.0

    def _build(self) -> Snapshot:
        started = time.perf_counter()
        version, chunks, vectors = self.vectors.snapshot()
        lex_dir = self._cache_dir / "lexical" / self.vectors.name
        key = f"{version}:{self.tokenizer.signature}"
        lexical = LexicalIndex.load(lex_dir, key) if version != "unknown" else None
        if lexical is None or lexical.size != len(chunks):
            lexical = LexicalIndex.build([self.tokenizer.tokens(index_text(c)) for c in chunks])
            try:
                lexical.save(lex_dir, key)
            except OSError as exc:
                log.warning("could not save the lexical index to %s: %s", lex_dir, exc)
        snapshot = Snapshot.of(version, chunks, vectors, lexical)
        log.info("knowledge snapshot %s: %d chunks in %.0f ms%s", version[:8], len(chunks),
                 (time.perf_counter() - started) * 1000, " (HNSW)" if snapshot.dense.approximate else "")
        return snapshot
