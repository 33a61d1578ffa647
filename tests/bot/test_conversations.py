"""Scripted multi-turn dialogues (tests/bot/conversations/*.yaml), checked as a user sees them.

Each turn `say`s a text or `press`es an action of the previous reply; `expect` may hold:
intent, declined, states_unknown, answered (false: declined or "not stated"), language, handoff,
first_source (FAQ ids, any of), year and hall (of the first source, which may also be one for all years / 館), text_has,
text_has_any, text_lacks, actions (labels that must be offered), actions_any_of (one of these
offered), actions_some_of (at least two of these offered), form_step. Every reply that quotes
the knowledge base must also name its source document and the year of the rule it quotes.

A dialogue with `known_defect: <what goes wrong>` records a bug not fixed yet: it must fail (a strict
xfail), so the day it passes the marker has to go.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.types import Reply
from tests.bot.conftest import World

SCRIPTS = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))
DIALOGUES = [(path.stem, d) for path in SCRIPTS for d in yaml.safe_load(path.read_text(encoding="utf-8"))]


def check(reply: Reply, expect: dict[str, Any], where: str) -> None:
    labels = [a.label for a in reply.actions]
    if "intent" in expect:
        assert reply.intent == expect["intent"], where
    if "declined" in expect:
        assert reply.declined is expect["declined"], where
    if "states_unknown" in expect:
        assert reply.states_unknown is expect["states_unknown"], where
    if "answered" in expect:
        assert (not reply.declined and not reply.states_unknown) is expect["answered"], where
    if "language" in expect:
        assert reply.language == expect["language"], where
    if "handoff" in expect:
        assert (reply.handoff is not None) is expect["handoff"], where
    if "first_source" in expect:
        assert reply.sources, where
        assert reply.sources[0].chunk_id.removeprefix("faq:") in expect["first_source"], where
    if "year" in expect:
        # a rule for every year (year 0) is a right answer too; another year's rule is not
        assert reply.sources and reply.sources[0].year in (expect["year"], 0), where
    if "hall" in expect:
        assert reply.sources and reply.sources[0].hall in (expect["hall"], ""), where
    for text in expect.get("text_has", []):
        assert text in reply.text, f"{where}: {text!r} missing"
    if "text_has_any" in expect:
        assert any(t in reply.text for t in expect["text_has_any"]), where
    for text in expect.get("text_lacks", []):
        assert text not in reply.text, f"{where}: {text!r} present"
    for label in expect.get("actions", []):
        assert label in labels, f"{where}: action {label!r} not in {labels}"
    if "actions_any_of" in expect:
        assert any(x in labels for x in expect["actions_any_of"]), f"{where}: {labels}"
    if "actions_some_of" in expect:
        offered = [x for x in expect["actions_some_of"] if x in labels]
        assert len(offered) >= min(2, len(expect["actions_some_of"])), f"{where}: {labels}"
    if "form_step" in expect:
        assert reply.form is not None and reply.form.step == expect["form_step"], where


def check_citations(reply: Reply, where: str) -> None:
    """Quoted knowledge names its source title and, when year-specific, its year."""
    for source in reply.sources:
        assert source.source in reply.text, f"{where}: source {source.source!r} not named"
        if source.year:
            label = f"{source.year}年度" if reply.language == "zh" else f"ROC year {source.year}"
            assert label in reply.text, f"{where}: year {source.year} not named"


@pytest.mark.parametrize(("script", "dialogue"), DIALOGUES, ids=[f"{s}:{d['name']}" for s, d in DIALOGUES])
def test_dialogue(world: World, script: str, dialogue: dict[str, Any], request: pytest.FixtureRequest) -> None:
    if "known_defect" in dialogue:
        request.applymarker(pytest.mark.xfail(reason=dialogue["known_defect"], strict=True))
    chat = world.chat(user=f"{script}:{dialogue['name']}")
    for n, turn in enumerate(dialogue["turns"], start=1):
        reply = chat.press(turn["press"]) if "press" in turn else chat.say(turn["say"])
        where = f"turn {n} ({turn.get('say') or turn.get('press')!r}) -> {reply.intent}: {reply.text[:80]!r}"
        check(reply, turn.get("expect", {}), where)
        check_citations(reply, where)


def test_scripts_exist() -> None:
    assert len(DIALOGUES) >= 15
