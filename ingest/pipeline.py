"""Ingest runs: discover files, load, chunk, diff against the store, embed what changed.

Content hashes decide what is embedded again: an unchanged corpus embeds nothing, a
changed file replaces only its chunks, a deleted file's chunks disappear. A file that
fails to load (or has any bad record) is reported with every problem, each with its line,
and its chunks already indexed are kept.

Vectors are computed before the store is written, and written under the store's write
lock (`VectorIndex.writing`), so other processes answering from it wait only for the write.
"""

from __future__ import annotations

import dataclasses
import logging
import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ingest.chunker import chunk
from ingest.documents import LoadError, Problem
from ingest.loaders import LOADERS, load
from knowledge.embedding_text import blend, texts_to_embed
from knowledge.store import KnowledgeStore
from knowledge.types import Chunk
from knowledge.vectorstore import StoredEntry

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total); stages: load, embed"""

_SKIP_NAMES = {"README.md", "FORMAT.md"}
_EMBED_BATCH = 64


@dataclass
class IngestReport:
    files: int = 0
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    """Every file or record that could not be ingested (a bad record with its line)."""
    seconds: float = 0.0
    chunks: int = 0
    """Chunks the ingested files hold now (added + updated + unchanged)."""
    title: str = ""
    kind: str = ""
    """`ingest_file`: the document's title and kind (faq for an FAQ file, else doc)."""

    @property
    def errors(self) -> list[str]:
        return [str(p) for p in self.problems]

    @property
    def embedded(self) -> int:
        return self.added + self.updated

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


@dataclass(frozen=True)
class Overrides:
    """Metadata a staff member set for every chunk of one file; a blank value keeps what the file says."""

    audience: str = ""
    hall: str = ""
    year: int = 0
    source: str = ""

    def apply(self, c: Chunk) -> Chunk:
        changes: dict[str, str | int] = {k: v for k, v in (("audience", self.audience), ("hall", self.hall),
                                                           ("year", self.year), ("source", self.source)) if v}
        return dataclasses.replace(c, **changes) if changes else c  # type: ignore[arg-type]


def discover(paths: Iterable[Path]) -> tuple[list[tuple[Path, str]], list[Path], list[Problem]]:
    """Files to ingest with their doc ids, the directory roots scanned, and problems for missing paths."""
    files: list[tuple[Path, str]] = []
    roots: list[Path] = []
    problems: list[Problem] = []
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
            problems.append(Problem("", f"{raw}: no such file or directory"))
    return files, roots, problems


def ingest_paths(paths: Iterable[Path], *, store: KnowledgeStore, progress: Progress | None = None) -> IngestReport:
    """Ingest files and directories; a directory owns what was indexed from under it (a deleted file's
    chunks go)."""
    started = time.perf_counter()
    report = IngestReport()
    files, roots, report.problems = discover(paths)
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
            report.problems += exc.problems
            failed_paths.add(str(path))
            continue
        loaded_paths.add(str(path))
        for c in chunks:
            if c.chunk_id in fresh:
                report.problems.append(Problem(path.name, f"duplicate id {c.chunk_id!r} (already in "
                                                          f"{owner[c.chunk_id]}); this entry was skipped"))
                continue
            fresh[c.chunk_id] = c
            owner[c.chunk_id] = path.name
    if progress:
        progress("load", len(files), len(files))

    def owned(source_path: str) -> bool:
        if source_path in failed_paths:
            return False  # keep what we had for a file that failed to load this time
        if source_path in loaded_paths:
            return True
        return any(Path(source_path).is_relative_to(root) for root in roots)

    _commit(fresh, owned, store=store, report=report, progress=progress)
    report.seconds = time.perf_counter() - started
    log.info("ingest: %d files, +%d ~%d -%d =%d, %d errors in %.2f s", report.files, report.added,
             report.updated, report.removed, report.unchanged, len(report.problems), report.seconds)
    return report


def ingest_file(path: Path, *, store: KnowledgeStore, doc_id: str, overrides: Overrides = Overrides(),
                default_source: str = "", previous: Collection[str] = (),
                progress: Progress | None = None) -> IngestReport:
    """Ingest one file as one document of its own (an upload): `overrides` set its metadata (and
    `default_source` names the source of what the file names none for), and it replaces what was
    indexed from `path` or from the `previous` paths of the same document.

    An FAQ id already used by another document is a problem of that record (it would overwrite
    the other's answer). A file with any problem changes nothing in the index."""
    started = time.perf_counter()
    report = IngestReport(files=1)
    if progress:
        progress("load", 0, 1)
    try:
        loaded = load(path)
        report.kind = "faq" if isinstance(loaded, list) else "doc"
        report.title = path.name if isinstance(loaded, list) else loaded.title
        chunks = [overrides.apply(dataclasses.replace(c, source=default_source)
                                  if default_source and c.source == doc_id else c)
                  for c in chunk(loaded, doc_id=doc_id, source_path=str(path))]
    except LoadError as exc:
        report.problems = exc.problems
        chunks = []
    if progress:
        progress("load", 1, 1)
    if not chunks and not report.problems:
        report.problems.append(Problem(path.name, "the file holds no text to answer from"))
    mine = {str(path), *previous}
    stored = store.vectors.stored()
    for c in chunks:
        other = stored.get(c.chunk_id)
        if other is not None and other.source_path not in mine:
            report.problems.append(Problem(path.name, f"id {c.chunk_id.removeprefix('faq:')!r} is already used by "
                                                      f"{Path(other.source_path).name}"))
    if not report.problems:
        _commit({c.chunk_id: c for c in chunks}, lambda source_path: source_path in mine, store=store,
                report=report, progress=progress, stored=stored)
    report.seconds = time.perf_counter() - started
    log.info("ingest %s: +%d ~%d -%d =%d, %d errors in %.2f s", path.name, report.added, report.updated,
             report.removed, report.unchanged, len(report.problems), report.seconds)
    return report


def remove_sources(source_paths: Collection[str], *, store: KnowledgeStore) -> int:
    """Take every chunk indexed from these files out of the index; how many there were."""
    with store.vectors.writing():
        stale = [cid for cid, entry in store.vectors.stored().items() if entry.source_path in source_paths]
        if stale:
            store.vectors.delete(stale)
            store.vectors.bump_version()
    if stale:
        store.invalidate()
    return len(stale)


def _commit(fresh: dict[str, Chunk], owned: Callable[[str], bool], *, store: KnowledgeStore,
            report: IngestReport, progress: Progress | None, stored: dict[str, StoredEntry] | None = None) -> None:
    """Embed what changed, then write it and remove what the owned sources no longer hold."""
    before = store.vectors.stored() if stored is None else stored
    hashes = {cid: entry.content_hash for cid, entry in before.items()}
    to_embed = [c for cid, c in fresh.items() if hashes.get(cid) != c.content_hash]
    # The same text from a file now elsewhere (a replaced upload, a moved checkout): metadata only.
    moved = [c for cid, c in fresh.items() if hashes.get(cid) == c.content_hash
             and before[cid].source_path != c.source_path]
    report.added = sum(1 for c in to_embed if c.chunk_id not in hashes)
    report.updated = len(to_embed) - report.added
    report.unchanged = len(fresh) - len(to_embed)
    report.chunks = len(fresh)

    vectors: list[np.ndarray] = []
    for start in range(0, len(to_embed), _EMBED_BATCH):
        if progress:
            progress("embed", start, len(to_embed))
        texts = [texts_to_embed(c) for c in to_embed[start : start + _EMBED_BATCH]]
        flat = store.model.embeddings.embed_documents([x for group in texts for x in group])
        at = 0
        for group in texts:
            vectors.append(blend([np.asarray(v, dtype=np.float32) for v in flat[at : at + len(group)]]))
            at += len(group)
    if progress and to_embed:
        progress("embed", len(to_embed), len(to_embed))

    with store.vectors.writing():
        # Read again under the lock: another process may have written while we embedded.
        now = store.vectors.stored()
        stale = [cid for cid, entry in now.items() if cid not in fresh and owned(entry.source_path)]
        report.removed = len(stale)
        if to_embed:
            store.vectors.upsert(to_embed, np.asarray(vectors, dtype=np.float32))
        if moved:
            store.vectors.update_metadata(moved)
        if stale:
            store.vectors.delete(stale)
        if report.changed or moved:
            store.vectors.bump_version()
    if report.changed or moved:
        store.invalidate()
