"""Labelled question sets: loading them and judging a passage against a question's labels."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from knowledge.types import Chunk


@dataclass(frozen=True)
class LabelledQuestion:
    question: str
    expect: tuple[str, ...]
    style: str = "colloquial"


@dataclass(frozen=True)
class OosQuestion:
    question: str
    kind: str


def load_questions(path: Path) -> list[LabelledQuestion]:
    """A question file, or every `*.yaml` file in a directory (each a list of {q, expect, style})."""
    files = sorted(path.glob("*.yaml")) if path.is_dir() else [path] if path.is_file() else []
    out: list[LabelledQuestion] = []
    for file in files:
        for item in yaml.safe_load(file.read_text(encoding="utf-8")) or []:
            expect = item.get("expect") or []
            expect = [expect] if isinstance(expect, str) else expect
            out.append(LabelledQuestion(str(item["q"]), tuple(str(e) for e in expect),
                                        str(item.get("style", "colloquial"))))
    return out


def load_oos(path: Path) -> list[OosQuestion]:
    """Messages the engine should decline (each {q, kind})."""
    items = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [OosQuestion(str(i["q"]), str(i.get("kind", "off_topic"))) for i in items]


def matches(chunk: Chunk, label: str) -> bool:
    """`faq-id` names an FAQ entry; `guide:slug` any chunk of guides/slug.md."""
    if label.startswith("guide:"):
        slug = label.removeprefix("guide:")
        return chunk.doc_id.rsplit("/", 1)[-1].removesuffix(".md") == slug
    return chunk.chunk_id == f"faq:{label}"


def first_hit(ranked: list[Chunk], labels: tuple[str, ...]) -> int | None:
    """1-based rank of the first chunk matching any label, or None."""
    for rank, chunk in enumerate(ranked, start=1):
        if any(matches(chunk, label) for label in labels):
            return rank
    return None
