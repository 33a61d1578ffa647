"""Several processes over one embedded Chroma directory (uvicorn workers, `tcloud ingest` beside a
running service): each sees the others' writes at its next refresh, and writers take turns."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from ingest.pipeline import ingest_paths
from tests.support.knowledge import KnowledgeFactory

REPO = Path(__file__).resolve().parents[2]


def _ingest_in_another_process(models_dir: Path, data_dir: Path, faq: Path) -> None:
    script = textwrap.dedent(f"""
        from pathlib import Path
        from ingest.pipeline import ingest_paths
        from tests.support.knowledge import knowledge_at
        knowledge = knowledge_at(Path({str(models_dir)!r}), Path({str(data_dir)!r}))
        report = ingest_paths([Path({str(faq)!r})], store=knowledge.store)
        assert not report.errors and report.added == 1, report
    """)
    subprocess.run([sys.executable, "-c", script], check=True, cwd=REPO, timeout=300)


def test_a_write_by_another_process_is_seen_and_ours_does_not_undo_it(
        fresh_knowledge: KnowledgeFactory, models_dir: Path, tmp_path: Path) -> None:
    ours = tmp_path / "ours.yaml"
    ours.write_text("- id: s-1\n  question: 試營運期間可以申請嗎？\n  answer: 試營運期間即可申請。\n", encoding="utf-8")
    knowledge = fresh_knowledge()
    ingest_paths([ours], store=knowledge.store)
    assert {c.chunk_id for c in knowledge.store.snapshot().chunks} == {"faq:s-1"}

    theirs = tmp_path / "theirs.yaml"
    theirs.write_text("- id: s-2\n  question: 雲市集的客服電話？\n  answer: 客服電話是 0800-000-123。\n",
                      encoding="utf-8")
    _ingest_in_another_process(models_dir, tmp_path / "data", theirs)
    assert knowledge.searcher.search("客服電話", k=1)[0].chunk.chunk_id == "faq:s-2"  # refresh_seconds=0

    ours.write_text(ours.read_text(encoding="utf-8") + "- id: s-3\n  question: 試營運結束後呢？\n"
                    "  answer: 依正式公告辦理。\n", encoding="utf-8")
    report = ingest_paths([ours], store=knowledge.store)
    assert (report.added, report.removed) == (1, 0)
    assert {c.chunk_id for c in knowledge.store.snapshot().chunks} == {"faq:s-1", "faq:s-2", "faq:s-3"}
    assert {c.chunk_id for c in fresh_knowledge().store.snapshot().chunks} == {"faq:s-1", "faq:s-2", "faq:s-3"}
