"""Retrieval of known answers from the shipped knowledge base."""

from __future__ import annotations

import pytest

from knowledge.assembly import KnowledgeResources
from knowledge.types import SearchFilters
from tests.support.knowledge import KnowledgeFactory


def _top(knowledge: KnowledgeResources, question: str, k: int = 5, **filters: object) -> list[str]:
    passages = knowledge.searcher.search(question, k=k, filters=SearchFilters(**filters) if filters else None)  # type: ignore[arg-type]
    return [p.chunk.chunk_id for p in passages]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("110年工業館最多補助幾點？自己要出多少", "faq:s21-ind-cap-ratio"),
        ("110年工业馆最多补助几点", "faq:s21-ind-cap-ratio"),  # Simplified
        ("111年工業館點數可以折抵幾成", "faq:s22-ind-points-50pct"),
        ("雲端收銀POS是什麼", "faq:p2-tool-pos"),
    ],
)
def test_known_questions_find_their_answer_in_top_three(
        shipped_knowledge: KnowledgeResources, question: str, expected: str) -> None:
    assert expected in _top(shipped_knowledge, question, k=3)


def test_homophone_typo_still_finds_the_answer(shipped_knowledge: KnowledgeResources) -> None:
    assert "faq:s21-ind-cap-ratio" in _top(shipped_knowledge, "110年公業館最多補助幾點", k=3)


def test_results_carry_source_year_and_a_threshold_score(shipped_knowledge: KnowledgeResources) -> None:
    good = shipped_knowledge.searcher.search("110年工業館補助上限", k=1)[0]
    assert good.chunk.year == 110 and good.chunk.hall in ("工業館", "") and "20萬點" in good.chunk.text
    assert good.chunk.source.endswith(".txt") and good.year_label == "110年度"
    unrelated = shipped_knowledge.searcher.search("明天台北會下雨嗎", k=1)
    assert not unrelated or unrelated[0].score < good.score - 0.2


def test_a_named_year_ranks_that_years_rule_first(shipped_knowledge: KnowledgeResources) -> None:
    for year in (110, 111):
        top = shipped_knowledge.searcher.search(f"{year}年工業館的點數自己要付多少", k=1)[0]
        assert top.chunk.year in (year, 0)


def test_metadata_filters_restrict_results(shipped_knowledge: KnowledgeResources) -> None:
    searcher = shipped_knowledge.searcher
    vendor = searcher.search("上架要準備什麼", k=10, filters=SearchFilters(audience="vendor"))
    assert vendor and all(p.chunk.audience in ("vendor", "general") for p in vendor)
    hall = searcher.search("補助上限", k=10, filters=SearchFilters(hall="農業館"))
    assert hall and all(p.chunk.hall in ("農業館", "") for p in hall)
    year = searcher.search("工業館點數", k=10, filters=SearchFilters(year=111))
    assert year and all(p.chunk.year in (111, 0) for p in year)


def test_empty_question_returns_nothing(shipped_knowledge: KnowledgeResources) -> None:
    assert shipped_knowledge.searcher.search("   ", k=5) == []


def test_an_empty_store_answers_nothing_instead_of_failing(fresh_knowledge: KnowledgeFactory) -> None:
    knowledge = fresh_knowledge()
    assert knowledge.searcher.search("工業館補助上限", k=5) == []
