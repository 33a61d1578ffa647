"""The persistent vector store: one Chroma collection per embedding model.

The client is built by the caller (once per process) and injected; this module never
reads settings. Chroma computes nothing here: we always pass our own vectors.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from knowledge.types import Chunk

_PAGE = 500


def chroma_client(*, path: str | None = None, url: str | None = None) -> Any:
    """A Chroma client: HTTP when `url` is set (e.g. http://127.0.0.1:8001), else embedded at `path`."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if url:
        from urllib.parse import urlparse

        parsed = urlparse(url)
        return chromadb.HttpClient(host=parsed.hostname or "127.0.0.1",
                                   port=parsed.port or (443 if parsed.scheme == "https" else 8000),
                                   ssl=parsed.scheme == "https", settings=settings)
    if not path:
        raise ValueError("chroma_client needs a path or a url")
    return chromadb.PersistentClient(path=path, settings=settings)


@dataclass(frozen=True)
class StoredEntry:
    content_hash: str
    source_path: str


class VectorIndex:
    """One Chroma collection holding chunks, their metadata and their vectors."""

    def __init__(self, client: Any, collection_name: str) -> None:
        self._client = client
        self.name = collection_name
        self._collection = client.get_or_create_collection(
            name=collection_name, embedding_function=None,
            metadata={"hnsw:space": "cosine", "tcloud_version": "empty"},
        )

    @property
    def version(self) -> str:
        """Changes whenever the collection's content changes (written by `bump_version`)."""
        meta = self._client.get_collection(self.name, embedding_function=None).metadata or {}
        return str(meta.get("tcloud_version", "unknown"))

    def bump_version(self) -> str:
        version = uuid.uuid4().hex
        meta = dict(self._collection.metadata or {})
        meta.pop("hnsw:space", None)  # a collection's distance cannot be modified
        meta["tcloud_version"] = version
        self._collection.modify(metadata=meta)
        return version

    def count(self) -> int:
        return int(self._collection.count())

    def stored(self) -> dict[str, StoredEntry]:
        """Every chunk id with its content hash and source path."""
        out: dict[str, StoredEntry] = {}
        for ids, metas, _, _ in self._pages(include=["metadatas"]):
            for cid, meta in zip(ids, metas, strict=True):
                out[cid] = StoredEntry(str(meta.get("content_hash", "")), str(meta.get("source_path", "")))
        return out

    def upsert(self, chunks: Sequence[Chunk], vectors: np.ndarray) -> None:
        for start in range(0, len(chunks), _PAGE):
            part = chunks[start : start + _PAGE]
            self._collection.upsert(
                ids=[c.chunk_id for c in part],
                documents=[c.text for c in part],
                metadatas=[c.metadata() for c in part],
                embeddings=vectors[start : start + _PAGE],
            )

    def delete(self, ids: Sequence[str]) -> None:
        for start in range(0, len(ids), _PAGE):
            self._collection.delete(ids=list(ids[start : start + _PAGE]))

    def snapshot(self) -> tuple[list[Chunk], np.ndarray]:
        """All chunks and their vectors, in a stable order (by chunk id)."""
        chunks: list[Chunk] = []
        vectors: list[np.ndarray] = []
        for ids, metas, docs, embs in self._pages(include=["metadatas", "documents", "embeddings"]):
            for cid, meta, doc, emb in zip(ids, metas, docs, embs, strict=True):
                chunks.append(Chunk.from_stored(cid, doc or "", dict(meta)))
                vectors.append(np.asarray(emb, dtype=np.float32))
        order = sorted(range(len(chunks)), key=lambda i: chunks[i].chunk_id)
        matrix = np.vstack([vectors[i] for i in order]) if vectors else np.zeros((0, 0), dtype=np.float32)
        return [chunks[i] for i in order], matrix

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
