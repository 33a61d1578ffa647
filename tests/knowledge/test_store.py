"""The snapshot a process answers from survives a failed refresh (ingest changing the collection
under it, a Chroma server briefly away): questions keep their answers, the next check recovers."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ingest.pipeline import ingest_paths
from tests.support.knowledge import KnowledgeFactory


class Unreadable:
    """Our vector-index seam, reporting a new version it cannot read yet."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    @property
    def version(self) -> str:
        return "changing"

    def snapshot(self) -> Any:
        raise RuntimeError("collection is being rewritten")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def test_a_failed_refresh_keeps_answering_from_the_last_snapshot(fresh_knowledge: KnowledgeFactory,
                                                                  tmp_path: Path) -> None:
    corpus = tmp_path / "faq.yaml"
    corpus.write_text("- id: t-1\n  question: 試營運期間可以申請嗎？\n  answer: 試營運期間即可申請，額度有限。\n",
                      encoding="utf-8")
    knowledge = fresh_knowledge()
    ingest_paths([corpus], store=knowledge.store)
    assert knowledge.searcher.search("試營運申請", k=1)[0].chunk.chunk_id == "faq:t-1"
    real = knowledge.store.vectors
    knowledge.store.vectors = Unreadable(real)  # type: ignore[assignment]
    knowledge.store.invalidate()
    assert knowledge.searcher.search("試營運申請", k=1)[0].chunk.chunk_id == "faq:t-1"
    knowledge.store.vectors = real
    corpus.write_text(corpus.read_text(encoding="utf-8") + "- id: t-2\n  question: 試營運結束後呢？\n"
                      "  answer: 試營運結束後依正式公告辦理。\n", encoding="utf-8")
    ingest_paths([corpus], store=knowledge.store)
    assert "faq:t-2" in {c.chunk_id for c in knowledge.store.snapshot().chunks}
