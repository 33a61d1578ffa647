"""What loaders produce: FAQ entries and documents with headings."""

from __future__ import annotations

from dataclasses import dataclass, field


class LoadError(Exception):
    """A file could not be loaded; the message names the file and the reason."""


@dataclass(frozen=True)
class FaqEntry:
    id: str
    question: str
    answer: str
    audience: str = "general"
    hall: str = ""
    year: int = 0
    source: str = ""
    section: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Section:
    """A run of paragraphs under one heading path."""

    headings: tuple[str, ...]
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class SourceDocument:
    title: str
    sections: tuple[Section, ...]
    meta: dict[str, str | int] = field(default_factory=dict)


Loaded = list[FaqEntry] | SourceDocument
