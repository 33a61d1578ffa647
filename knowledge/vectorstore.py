"""The persistent vector store: one Chroma collection per embedding model.

The client is built by the caller (once per process) and injected; this module never
reads settings. Chroma computes nothing here: we always pass our own vectors.

An embedded Chroma directory shared by several processes (uvicorn workers, a `tcloud ingest`
beside a running service) needs more than one client each: a client caches the collection and
never sees another process's writes, and a stale client writing beside them corrupts the index.
So with `reopen` (a factory of a fresh client) the index keeps a version marker file next to
the data, writes under a file lock, and opens a fresh client whenever the marker changed
(a Chroma server is one process: there the collection's own metadata is the marker).
"""

from __future__ import annotations

import os
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from filelock import FileLock

from knowledge.types import Chunk

_PAGE = 500


class ChromaUnavailable(RuntimeError):
    """The Chroma server at CHROMA_URL cannot be reached (a deployment problem, not a bug)."""


def chroma_client(*, path: str | None = None, url: str | None = None, fresh: bool = False) -> Any:
    """A Chroma client: HTTP when `url` is set (e.g. http://127.0.0.1:8001), else embedded at `path`;
    `fresh`: a new embedded client that reads the directory anew (not the process's cached one)."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient
    from chromadb.config import Settings as ChromaSettings

    if fresh:
        SharedSystemClient.clear_system_cache()  # forgets the cached clients; those in use keep working

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        from urllib.parse import urlparse

        parsed = urlparse(url)
        try:
            return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1",
                                       port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                                       ssl=parsed.scheme == "https", settings=settings)
        except ValueError as exc:  # chromadb's way of saying it could not connect
            raise ChromaUnavailable(f"cannot reach the Chroma server at CHROMA_URL={url}: {exc}") from exc
    if not path:
        raise ValueError("chroma_client needs a path or a url")
    return chromadb.PersistentClient(path=path, settings=settings)


@dataclass(frozen=True)
class StoredEntry:
    content_hash: str
    source_path: str


class VectorIndex:
    """One Chroma collection holding chunks, their metadata and their vectors."""

    def __init__(self, client: Any, collection_name: str, *, reopen: Callable[[], Any] | None = None,
                 shared_dir: Path | None = None) -> None:
        self.name = collection_name
        self._reopen = reopen
        self._marker = shared_dir / f"{collection_name}.version" if reopen and shared_dir else None
        self._file_lock = FileLock(str(shared_dir / f"{collection_name}.lock")) if self._marker and shared_dir \
            else None
        self._lock = threading.RLock()
        self._open(client)

    def _open(self, client: Any) -> None:
        self._client = client
        self._collection = client.get_or_create_collection(
            name=self.name, embedding_function=None,
            metadata={"hnsw:space": "cosine", "tcloud_version": "empty"},
        )
        self._opened_at = self._marker_version()

    def _marker_version(self) -> str | None:
        if self._marker is None:
            return None
        try:
            return self._marker.read_text(encoding="utf-8").strip() or None
        except FileNotFoundError:
            return None

    def _fresh(self) -> None:
        """Open a new client when another process wrote since ours was opened."""
        if self._reopen is not None and self._marker_version() != self._opened_at:
            self._open(self._reopen())

    @contextmanager
    def _shared(self) -> Iterator[None]:
        """Exclusive use of the collection: this process's threads, and other processes (file lock)."""
        with self._lock:
            if self._file_lock is None:
                yield
                return
            with self._file_lock:
                yield

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Hold this while writing (upsert, delete, bump_version): writers take turns, and each
        writes through a client that has seen every earlier write."""
        with self._shared():
            self._fresh()
            yield

    @property
    def version(self) -> str:
        """Changes whenever the collection's content changes (written by `bump_version`)."""
        marker = self._marker_version()
        if marker is not None:
            return marker
        with self._lock:
            meta = self._client.get_collection(self.name, embedding_function=None).metadata or {}
        return str(meta.get("tcloud_version", "unknown"))

    def bump_version(self) -> str:
        version = uuid.uuid4().hex
        with self._shared():
            meta = dict(self._collection.metadata or {})
            meta.pop("hnsw:space", None)  # a collection's distance cannot be modified
            meta["tcloud_version"] = version
            self._collection.modify(metadata=meta)
            if self._marker is not None:
                tmp = self._marker.with_name(f"{self._marker.name}.{os.getpid()}.tmp")
                tmp.write_text(version, encoding="utf-8")
                os.replace(tmp, self._marker)  # readers see the old version or the new, never half
                self._opened_at = version
        return version

    def count(self) -> int:
        with self._lock:
            self._fresh()
            return int(self._collection.count())

    def stored(self) -> dict[str, StoredEntry]:
        """Every chunk id with its content hash and source path."""
        out: dict[str, StoredEntry] = {}
        with self._shared():
            self._fresh()
            for ids, metas, _, _ in self._pages(include=["metadatas"]):
                for cid, meta in zip(ids, metas, strict=True):
                    out[cid] = StoredEntry(str(meta.get("content_hash", "")), str(meta.get("source_path", "")))
        return out

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        """Within `writing()`."""
        for start in range(0, len(chunks), _PAGE):
            part = chunks[start : start + _PAGE]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
                embeddings=vectors[start : start + _PAGE],
            )

    def update_metadata(self, chunks: Sequence[Chunk]) -> None:
        """New metadata (a file moved) for chunks whose text and vectors stay; within `writing()`."""
        for start in range(0, len(chunks), _PAGE):
            part = chunks[start : start + _PAGE]
            self._collection.update(ids=[c.chunk_id for c in part], metadatas=[c.metadata() for c in part])

    def delete(self, ids: Sequence[str]) -> None:
        """Within `writing()`."""
        for start in range(0, len(ids), _PAGE):
            self._collection.delete(ids=list(ids[start : start + _PAGE]))

    def snapshot(self) -> tuple[str, list[Chunk], np.ndarray]:
        """The version, and all chunks and their vectors of that version, in a stable order (by chunk id)."""
        chunks: list[Chunk] = []
        vectors: list[np.ndarray] = []
        with self._shared():  # no writer between reading the version and the content
            self._fresh()
            version = self.version
            for ids, metas, docs, embs in self._pages(include=["metadatas", "documents", "embeddings"]):
                for cid, meta, doc, emb in zip(ids, metas, docs, embs, strict=True):
                    chunks.append(Chunk.from_stored(cid, doc or "", dict(meta)))
                    vectors.append(np.asarray(emb, dtype=np.float32))
        order = sorted(range(len(chunks)), key=lambda i: chunks[i].chunk_id)
        matrix = np.vstack([vectors[i] for i in order]) if vectors else np.zeros((0, 0), dtype=np.float32)
        return version, [chunks[i] for i in order], matrix

    def _pages(self, include: list[str]) -> Iterator[tuple[list[str], list[Any], list[Any], list[Any]]]:
        offset = 0
        while True:
            got = self._collection.get(include=include, limit=_PAGE, offset=offset)
            ids = list(got["ids"])
            if not ids:
                return
            n = len(ids)

            def col(key: str, got: Any = got, n: int = n) -> list[Any]:
                value = got.get(key)
                return list(value) if value is not None else [None] * n

            yield ids, col("metadatas"), col("documents"), col("embeddings")
            offset += n
