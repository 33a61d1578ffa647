from __future__ import annotations

from pathlib import Path

from ingest.pipeline import ingest_paths
from tests.support.knowledge import KnowledgeFactory


def test_first_run_indexes_every_format_and_reports_counts(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    seen: list[tuple[str, int, int]] = []
    report = ingest_paths([corpus], store=knowledge.store, progress=lambda s, d, t: seen.append((s, d, t)))
    assert report.errors == []
    assert report.files == 8
    assert report.added == knowledge.store.vectors.count() >= 10
    assert (report.updated, report.removed, report.unchanged) == (0, 0, 0)
    assert ("embed", report.added, report.added) in seen


def test_rerun_on_unchanged_files_embeds_nothing(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    first = ingest_paths([corpus], store=knowledge.store)
    version = knowledge.store.vectors.version
    again = ingest_paths([corpus], store=knowledge.store)
    assert (again.added, again.updated, again.removed, again.embedded) == (0, 0, 0, 0)
    assert again.unchanged == first.added
    assert knowledge.store.vectors.version == version


def test_changed_file_replaces_only_its_chunks(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    first = ingest_paths([corpus], store=knowledge.store)
    faq = corpus / "faq" / "halls.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("3萬點", "5萬點"), encoding="utf-8")
    report = ingest_paths([corpus], store=knowledge.store)
    assert (report.added, report.updated, report.removed) == (0, 1, 0)
    assert report.unchanged == first.added - 1
    hits = knowledge.searcher.search("商業館補助上限", k=1)
    assert "5萬點" in hits[0].chunk.text


def test_deleted_file_chunks_disappear(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    ingest_paths([corpus], store=knowledge.store)
    (corpus / "guide.md").unlink()
    report = ingest_paths([corpus], store=knowledge.store)
    assert report.removed == 2
    assert all("農業館指南" not in p.chunk.title for p in knowledge.searcher.search("農業館", k=10))


def test_broken_file_is_reported_and_its_indexed_chunks_are_kept(corpus: Path,
                                                                 fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    ingest_paths([corpus], store=knowledge.store)
    before = set(knowledge.store.vectors.stored())
    (corpus / "faq" / "halls.yaml").write_text("- id: [broken", encoding="utf-8")
    (corpus / "extra.md").write_text("# 新頁\n\n新的內容段落。\n", encoding="utf-8")
    report = ingest_paths([corpus], store=knowledge.store)
    assert len(report.errors) == 1 and "halls.yaml" in report.errors[0]
    assert report.added == 1 and report.removed == 0
    assert before <= set(knowledge.store.vectors.stored())


def test_duplicate_faq_ids_across_files_are_reported(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    (corpus / "faq" / "dup.jsonl").write_text(
        '{"id": "t-contact", "question": "重複？", "answer": "重複的id"}\n', encoding="utf-8")
    report = ingest_paths([corpus], store=fresh_knowledge().store)
    assert any("duplicate id 'faq:t-contact'" in e for e in report.errors)


def test_missing_path_is_an_error_and_the_rest_still_ingests(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    report = ingest_paths([corpus / "nope", corpus / "notes.txt"], store=fresh_knowledge().store)
    assert report.errors == [f"{corpus / 'nope'}: no such file or directory"]
    assert report.added == 1


def test_index_survives_a_restart_without_retokenising(corpus: Path, fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    ingest_paths([corpus], store=knowledge.store)
    expected = [p.chunk.chunk_id for p in knowledge.searcher.search("工業館上限", k=3)]

    restarted = fresh_knowledge()
    calls = 0
    original = restarted.store.tokenizer.tokens

    def counting(text: str, **kwargs: object) -> list[str]:
        nonlocal calls
        calls += 1
        return original(text, **kwargs)  # type: ignore[arg-type]

    restarted.store.tokenizer.tokens = counting  # type: ignore[method-assign]
    assert [p.chunk.chunk_id for p in restarted.searcher.search("工業館上限", k=3)] == expected
    assert calls <= 3  # the question's own tokens only; the corpus came from the saved index
