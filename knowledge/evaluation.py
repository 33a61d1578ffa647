"""Retrieval quality metrics over a labelled question set."""

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


def load_questions(directory: Path) -> list[LabelledQuestion]:
    """All `*.yaml` question files in `directory` (each a list of {q, expect, style})."""
    out: list[LabelledQuestion] = []
    for path in sorted(directory.glob("*.yaml")):
        for item in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            expect = item.get("expect") or []
            expect = [expect] if isinstance(expect, str) else expect
            out.append(LabelledQuestion(str(item["q"]), tuple(str(e) for e in expect),
                                        str(item.get("style", "colloquial"))))
    return out


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


@dataclass(frozen=True)
class Scores:
    recall_at_1: float
    recall_at_5: float
    mrr_at_10: float
    n: int


def score(hits: list[int | None]) -> Scores:
    n = max(len(hits), 1)
    return Scores(
        recall_at_1=sum(1 for h in hits if h == 1) / n,
        recall_at_5=sum(1 for h in hits if h is not None and h <= 5) / n,
        mrr_at_10=sum(1.0 / h for h in hits if h is not None and h <= 10) / n,
        n=len(hits),
    )
