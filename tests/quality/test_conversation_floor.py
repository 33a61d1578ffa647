"""The answer-quality floor on conversation sets (bench/floor.yaml, `conversations`): the share of
turns answered right may not fall, nor the share answered confidently wrong rise, by more than the
tolerance. The engine runs without an LLM on today's date in Taipei fixed (bench/conversations.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bench import FLOOR_FILE
from bench.conversations import TODAY, load_conversations, run_set
from bot.build import build_engine
from knowledge.assembly import KnowledgeResources

REPO = Path(__file__).resolve().parents[2]
FLOOR = yaml.safe_load(FLOOR_FILE.read_text(encoding="utf-8"))
SETS = FLOOR.get("conversations") or {}


@pytest.mark.parametrize("name", sorted(SETS))
def test_answers_stay_above_the_recorded_floor(shipped_knowledge: KnowledgeResources, name: str) -> None:
    entry, tolerance = SETS[name], float(FLOOR["tolerance"])
    conversations = load_conversations(REPO / entry["path"])
    assert conversations, f"no conversations at {entry['path']}"
    engine = build_engine(shipped_knowledge.searcher)
    engine.clock = lambda: TODAY
    shares = run_set(engine, conversations, name).shares()
    recorded = entry["recorded"]
    assert shares["right"] >= recorded["right"] - tolerance, f"{name}: right {shares['right']:.3f}"
    assert shares["wrong"] <= recorded["wrong"] + tolerance, f"{name}: confidently wrong {shares['wrong']:.3f}"
