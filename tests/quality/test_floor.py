"""The quality floor (bench/floor.yaml): retrieval and answers on the listed question sets may not
fall more than the tolerance below the figures recorded there."""

from __future__ import annotations

import pytest

from bench.floor import FloorSet, load_floor, measure, shortfalls
from knowledge.assembly import KnowledgeResources

FLOOR = load_floor()


@pytest.mark.parametrize("floor_set", FLOOR.sets, ids=[s.name for s in FLOOR.sets])
def test_quality_stays_above_the_recorded_floor(shipped_knowledge: KnowledgeResources, floor_set: FloorSet) -> None:
    assert shipped_knowledge.store.model.model_id == FLOOR.model
    questions = floor_set.load()
    assert questions, f"no questions at {floor_set.questions}"
    problems = shortfalls(FLOOR, floor_set, measure(shipped_knowledge, questions))
    assert not problems, "\n".join(problems)
