"""Chinese-aware chunking: FAQ pairs stay whole; documents split by heading, then paragraph,
then sentence, into pieces that fit a phone answer. Each chunk carries its heading path."""

from __future__ import annotations

import hashlib
import re

from ingest.documents import FaqEntry, Loaded, Section, SourceDocument
from knowledge.types import Chunk

MAX_CHARS = 360
MIN_CHARS = 60
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])")


def _split_long(paragraph: str, limit: int) -> list[str]:
    """Split a paragraph at sentence ends (then hard) so each piece is at most `limit` chars."""
    if len(paragraph) <= limit:
        return [paragraph]
    pieces: list[str] = []
    buf = ""
    for sentence in (s for s in _SENTENCE_END.split(paragraph) if s):
        while len(sentence) > limit:
            if buf:
                pieces.append(buf)
                buf = ""
            pieces.append(sentence[:limit])
            sentence = sentence[limit:]
        if len(buf) + len(sentence) > limit and buf:
            pieces.append(buf)
            buf = ""
        buf += sentence
    if buf:
        pieces.append(buf)
    return pieces


def pack_paragraphs(paragraphs: tuple[str, ...], limit: int = MAX_CHARS) -> list[str]:
    """Group consecutive paragraphs into pieces of at most `limit` characters."""
    pieces: list[str] = []
    buf: list[str] = []
    size = 0
    for para in paragraphs:
        for part in _split_long(para, limit):
            if buf and size + len(part) + 1 > limit:
                pieces.append("\n".join(buf))
                buf, size = [], 0
            buf.append(part)
            size += len(part) + 1
    if buf:
        tail = "\n".join(buf)
        # A very short tail reads better joined to the previous piece than on its own.
        if pieces and len(tail) < MIN_CHARS and len(pieces[-1]) + len(tail) <= limit * 1.3:
            pieces[-1] += "\n" + tail
        else:
            pieces.append(tail)
    return pieces


def _guide_id(doc_id: str, heading_path: str, n: int) -> str:
    digest = hashlib.sha1(f"{doc_id}\x00{heading_path}\x00{n}".encode()).hexdigest()[:16]
    return f"doc:{digest}"


def faq_chunks(entries: list[FaqEntry], *, doc_id: str, source_path: str) -> list[Chunk]:
    return [
        Chunk(
            chunk_id=f"faq:{e.id}", text=f"{e.question}\n{e.answer}", title=e.question, kind="faq",
            doc_id=doc_id, source=e.source or doc_id, source_path=source_path, section=e.section,
            heading_path=" ".join(e.tags), audience=e.audience, hall=e.hall, year=e.year, answer=e.answer,
        )
        for e in entries
    ]


def document_chunks(doc: SourceDocument, *, doc_id: str, source_path: str, kind: str) -> list[Chunk]:
    meta = doc.meta
    chunks: list[Chunk] = []
    for section in doc.sections:
        path = _heading_path(doc.title, section)
        for n, piece in enumerate(pack_paragraphs(section.paragraphs)):
            chunks.append(Chunk(
                chunk_id=_guide_id(doc_id, path, n), text=piece, title=doc.title,
                kind="guide" if kind == "guide" else "document",
                doc_id=doc_id, source=str(meta.get("source") or doc_id), source_path=source_path,
                section=str(meta.get("section") or ""), heading_path=path,
                audience=str(meta.get("audience") or "general"), hall=str(meta.get("hall") or ""),
                year=int(meta.get("year") or 0),
            ))
    return chunks


def _heading_path(title: str, section: Section) -> str:
    parts = [title] + [h for h in section.headings if h != title]
    return " > ".join(parts)


def chunk(loaded: Loaded, *, doc_id: str, source_path: str) -> list[Chunk]:
    """Chunks for whatever a loader produced."""
    if isinstance(loaded, list):
        return faq_chunks(loaded, doc_id=doc_id, source_path=source_path)
    kind = "guide" if loaded.meta.get("audience") or loaded.meta.get("year") else "document"
    return document_chunks(loaded, doc_id=doc_id, source_path=source_path, kind=kind)
