"""What loaders produce: FAQ entries and documents with headings."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problem:
    """One reason a file (or one record of it) could not be ingested."""

    file: str
    reason: str
    line: int | None = None
    """The line the bad record starts on (FAQ YAML, CSV, JSONL), when known."""

    def __str__(self) -> str:
        if not self.file:
            return self.reason
        return f"{self.file}{f' line {self.line}' if self.line else ''}: {self.reason}"


class LoadError(Exception):
    """A file could not be loaded; the message names the file and the reason. `problems` lists every
    bad record (each with its line) when there were several, or the one problem of the file."""

    def __init__(self, message: str, problems: list[Problem] | None = None) -> None:
        super().__init__(message)
        self.problems = problems or [_as_problem(message)]


def _as_problem(message: str) -> Problem:
    file, sep, reason = message.partition(": ")
    return Problem(file, reason) if sep else Problem("", message)


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
