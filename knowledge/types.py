"""Value types shared by ingestion and retrieval."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

AUDIENCES: tuple[str, ...] = ("sme", "vendor", "expert", "general")


EMBEDDING_RECIPE = "2"
"""Version of what the dense side embeds for a chunk (knowledge/embedding_text.py); part of every
content hash, so a new recipe re-embeds everything on the next ingest."""


@dataclass(frozen=True)
class Chunk:
    """One retrievable unit: an FAQ pair or a piece of a guide section."""

    chunk_id: str
    text: str
    title: str
    kind: Literal["faq", "guide", "document"]
    doc_id: str
    source: str
    source_path: str
    section: str = ""
    heading_path: str = ""
    audience: str = "general"
    hall: str = ""
    year: int = 0
    answer: str = ""

    @property
    def content_hash(self) -> str:
        """Hash of everything that would change what is stored for this chunk."""
        h = hashlib.sha256(EMBEDDING_RECIPE.encode())
        for part in (self.text, self.title, self.kind, self.doc_id, self.source, self.section,
                     self.heading_path, self.audience, self.hall, str(self.year), self.answer):
            h.update(part.encode())
            h.update(b"\x00")
        return h.hexdigest()[:32]

    def metadata(self) -> dict[str, str | int]:
        """Flat metadata as stored in the vector store."""
        return {
            "title": self.title,
            "kind": self.kind,
            "doc_id": self.doc_id,
            "source": self.source,
            "source_path": self.source_path,
            "section": self.section,
            "heading_path": self.heading_path,
            "audience": self.audience,
            "hall": self.hall,
            "year": self.year,
            "answer": self.answer,
            "content_hash": self.content_hash,
        }

    @classmethod
    def from_stored(cls, chunk_id: str, text: str, meta: dict[str, object]) -> Chunk:
        """Rebuild a chunk from what the vector store holds."""
        def s(key: str) -> str:
            value = meta.get(key, "")
            return str(value) if value is not None else ""

        year = meta.get("year", 0)
        kind = s("kind") or "document"
        return cls(
            chunk_id=chunk_id, text=text, title=s("title"),
            kind=kind if kind in ("faq", "guide", "document") else "document",  # type: ignore[arg-type]
            doc_id=s("doc_id"), source=s("source"), source_path=s("source_path"),
            section=s("section"), heading_path=s("heading_path"), audience=s("audience") or "general",
            hall=s("hall"), year=int(year) if isinstance(year, int | float | str) and str(year).isdigit() else 0,
            answer=s("answer"),
        )


@dataclass(frozen=True)
class SearchFilters:
    """Metadata filters. Chunks without a hall/year (general rules) always pass those filters."""

    audience: str | None = None
    hall: str | None = None
    year: int | None = None

    def accepts(self, chunk: Chunk) -> bool:
        if self.audience and chunk.audience not in (self.audience, "general"):
            return False
        if self.hall and chunk.hall and chunk.hall != self.hall:
            return False
        if self.year and chunk.year and chunk.year != self.year:
            return False
        return True


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with its ranking evidence."""

    chunk: Chunk
    score: float
    """Calibrated relevance in [0, 1]; callers threshold it."""
    rank: int
    lexical_rank: int | None = None
    dense_rank: int | None = None
    dense_similarity: float = 0.0
    term_coverage: float = 0.0
    extra: dict[str, float] = field(default_factory=dict)

    @property
    def year_label(self) -> str:
        return f"{self.chunk.year}年度" if self.chunk.year else ""
