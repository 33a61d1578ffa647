"""Ingest runs: discover files, load, chunk, diff against the store, embed what changed.

Content hashes decide what is embedded again: an unchanged corpus embeds nothing, a
changed file replaces only its chunks, a deleted file's chunks disappear. A file that
fails to load is reported by name and its chunks already indexed are kept.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.chunker import chunk
from ingest.documents import LoadError
from ingest.loaders import LOADERS, load
from knowledge.embedding_text import blend, texts_to_embed
from knowledge.store import KnowledgeStore
from knowledge.types import Chunk

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total)"""

_SKIP_NAMES = {"README.md", "FORMAT.md"}
_EMBED_BATCH = 64


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def embedded(self) -> int:
        return self.added + self.updated

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[Path], list[str]]:
    """Files to ingest with their doc ids, the directory roots scanned, and errors for missing paths."""
    files: list[tuple[Path, str]] = []
    roots: list[Path] = []
    errors: list[str] = []
    for raw in paths:
        path = raw.resolve()
        if path.is_dir():
            roots.append(path)
            for f in sorted(path.rglob("*")):
                rel = f.relative_to(path)
                if (f.is_file() and f.suffix.lower() in LOADERS and f.name not in _SKIP_NAMES
                        and not any(part.startswith(".") for part in rel.parts)):
                    files.append((f, rel.as_posix()))
        elif path.is_file():
            files.append((path, path.name))
        else:
            errors.append(f"{raw}: no such file or directory")
    return files, roots, errors


def ingest_paths(paths: Iterable[Path], *, store: KnowledgeStore, progress: Progress | None = None) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    files, roots, report.errors = discover(paths)
    report.files = len(files)

    fresh: dict[str, Chunk] = {}
    loaded_paths: set[str] = set()
    failed_paths: set[str] = set()
    owner: dict[str, str] = {}
    for n, (path, doc_id) in enumerate(files):
        if progress:
            progress("load", n, len(files))
        try:
            chunks = chunk(load(path), doc_id=doc_id, source_path=str(path))
        except LoadError as exc:
            report.errors.append(str(exc))
            failed_paths.add(str(path))
            continue
        loaded_paths.add(str(path))
        for c in chunks:
            if c.chunk_id in fresh:
                report.errors.append(f"{path.name}: duplicate id {c.chunk_id!r} (already in {owner[c.chunk_id]}); "
                                     "this entry was skipped")
                continue
            fresh[c.chunk_id] = c
            owner[c.chunk_id] = path.name
    if progress:
        progress("load", len(files), len(files))

    stored = store.vectors.stored()
    to_embed = [c for cid, c in fresh.items() if cid not in stored or stored[cid].content_hash != c.content_hash]
    report.added = sum(1 for c in to_embed if c.chunk_id not in stored)
    report.updated = len(to_embed) - report.added
    report.unchanged = len(fresh) - len(to_embed)

    def owned(source_path: str) -> bool:
        if source_path in failed_paths:
            return False  # keep what we had for a file that failed to load this time
        if source_path in loaded_paths:
            return True
        return any(Path(source_path).is_relative_to(root) for root in roots)

    stale = [cid for cid, entry in stored.items() if cid not in fresh and owned(entry.source_path)]
    report.removed = len(stale)

    for start in range(0, len(to_embed), _EMBED_BATCH):
        batch = to_embed[start : start + _EMBED_BATCH]
        if progress:
            progress("embed", start, len(to_embed))
        texts = [texts_to_embed(c) for c in batch]
        flat = store.model.embeddings.embed_documents([x for group in texts for x in group])
        vectors, at = [], 0
        for group in texts:
            vectors.append(blend([np.asarray(v, dtype=np.float32) for v in flat[at : at + len(group)]]))
            at += len(group)
        store.vectors.upsert(batch, np.asarray(vectors, dtype=np.float32))
    if progress and to_embed:
        progress("embed", len(to_embed), len(to_embed))
    if stale:
        store.vectors.delete(stale)
    if report.changed:
        store.vectors.bump_version()
        store.invalidate()
    report.seconds = time.perf_counter() - started
    log.info("ingest: %d files, +%d ~%d -%d =%d, %d errors in %.2f s", report.files, report.added,
             report.updated, report.removed, report.unchanged, len(report.errors), report.seconds)
    return report
