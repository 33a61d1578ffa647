"""The LLM answerer against a fake OpenAI-compatible server on loopback (no mocks)."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from bot.answer.llm import NOT_IN_SOURCES, LLMAnswerer, LLMRewriter, LLMSettings, build_chat_model
from bot.engine import Engine
from bot.messages import t
from bot.state import InMemoryStateStore
from bot.types import IncomingMessage
from knowledge.assembly import KnowledgeResources
from tests.bot.conftest import World
from tests.bot.fake_openai import Behaviour, fake_openai_server

QUESTION = "110年工業館每家最多補助多少點"
TIMEOUT = 0.8


@pytest.fixture
def llm() -> Iterator[tuple[LLMAnswerer, Behaviour]]:
    with fake_openai_server() as (url, behaviour):
        model = build_chat_model(LLMSettings(base_url=url, model="fake-model", api_key="test-key", timeout=TIMEOUT))
        yield LLMAnswerer(model), behaviour


def test_grounded_answer_cites_passages_and_maps_citations_to_sources(
        world: World, llm: tuple[LLMAnswerer, Behaviour]) -> None:
    answerer, behaviour = llm
    behaviour.content = "110年度工業館每家最多補助20萬點 [1]。"
    reply = world.chat(answerer=answerer).say(QUESTION)

    assert reply.intent == "question" and reply.sources
    assert reply.text.startswith("110年度工業館每家最多補助20萬點 [1]")
    assert "[1] （110年度・工業館｜來源：" in reply.text
    assert reply.sources[0].year == 110 and reply.sources[0].hall == "工業館"
    # the model saw the passages as its only source, and the user's question
    sent = behaviour.requests[-1]["body"]
    system, user = sent["messages"][0]["content"], sent["messages"][1]["content"]
    assert "[1]" in system and "20萬點" in system and NOT_IN_SOURCES in system
    assert user == QUESTION and sent["model"] == "fake-model"


def test_citations_are_renumbered_in_order_of_use(world: World, llm: tuple[LLMAnswerer, Behaviour]) -> None:
    answerer, behaviour = llm
    behaviour.content = "規則見此 [2]。另見 [1]。"
    reply = world.chat(answerer=answerer).say(QUESTION)
    assert reply.text.startswith("規則見此 [1]。另見 [2]。")
    assert len(reply.sources) == 2


def test_refusal_when_passages_do_not_hold_the_answer(world: World, llm: tuple[LLMAnswerer, Behaviour]) -> None:
    answerer, behaviour = llm
    behaviour.content = NOT_IN_SOURCES
    reply = world.chat(answerer=answerer).say(QUESTION)
    assert reply.intent == "no_answer" and reply.declined
    assert "預約專家" in [a.label for a in reply.actions]
    assert NOT_IN_SOURCES not in reply.text


@pytest.mark.parametrize("content", [
    "110年度工業館每家最多補助50萬點 [1]。",  # a figure the passages do not hold
    "110年度工業館每家最多補助20萬點。",  # no citation
    "110年度工業館每家最多補助20萬點 [9]。",  # a passage that does not exist
])
def test_ungrounded_answers_fall_back_to_quoting(world: World, llm: tuple[LLMAnswerer, Behaviour],
                                                 content: str) -> None:
    answerer, behaviour = llm
    behaviour.content = content
    with_llm = world.chat(user="a", answerer=answerer).say(QUESTION)
    without = world.chat(user="b").say(QUESTION)
    assert with_llm.text == without.text
    assert "50萬" not in with_llm.text and with_llm.sources


@pytest.mark.parametrize("mode", ["hang", "error"])
def test_timeout_or_error_falls_back_to_the_extractive_answer(
        world: World, llm: tuple[LLMAnswerer, Behaviour], mode: str) -> None:
    answerer, behaviour = llm
    behaviour.mode = mode
    started = time.perf_counter()
    reply = world.chat(user="a", answerer=answerer).say(QUESTION)
    elapsed = time.perf_counter() - started
    assert behaviour.requests, "the model was asked"
    assert elapsed < TIMEOUT + 1.5
    assert reply.intent == "question" and reply.sources
    assert reply.text == world.chat(user="b").say(QUESTION).text


def test_english_question_with_passages_asks_the_model_for_an_english_answer(
        world: World, llm: tuple[LLMAnswerer, Behaviour]) -> None:
    answerer, behaviour = llm
    behaviour.content = "In ROC year 110 the industrial hall gave at most 20萬點 per company [2]."
    reply = world.chat(answerer=answerer).say("How many points did the 2021 industrial hall give at most?")
    assert len(behaviour.requests) == 1
    assert "Write in English" in behaviour.requests[-1]["body"]["messages"][0]["content"]
    assert reply.language == "en" and reply.intent == "question" and not reply.declined
    assert "20萬點" in reply.text and reply.sources[0].chunk_id == "faq:s21-ind-cap-ratio"


def test_english_question_without_passages_is_declined_in_english_without_asking_the_model(
        world: World, llm: tuple[LLMAnswerer, Behaviour]) -> None:
    answerer, behaviour = llm
    behaviour.content = "The office has 20 parking spaces [1]."  # would be wrong if it were used
    reply = world.chat(answerer=answerer).say("Can I park my car at the Cloud Market office?")
    assert behaviour.requests == []
    assert reply.language == "en" and reply.intent == "no_answer" and reply.declined
    assert reply.text.startswith(t("no_answer", "en")) and "Book an expert" in [a.label for a in reply.actions]


def _engine_with_rewriter(shipped_knowledge: KnowledgeResources, url: str) -> Engine:
    model = build_chat_model(LLMSettings(base_url=url, model="fake-model", api_key="test-key", timeout=TIMEOUT))
    return Engine(shipped_knowledge.searcher, store=InMemoryStateStore(), rewriter=LLMRewriter(model))


def test_a_follow_up_is_rewritten_by_the_llm_when_one_is_configured(shipped_knowledge: KnowledgeResources) -> None:
    with fake_openai_server() as (url, behaviour):
        engine = _engine_with_rewriter(shipped_knowledge, url)
        engine.handle(IncomingMessage(user_id="rw-1", channel="web", text="110年工業館最多補助幾點？"))
        behaviour.content = "110年度商業館最多補助幾點？"
        reply = engine.handle(IncomingMessage(user_id="rw-1", channel="web", text="那商業館呢？"))
    assert reply.trace["rewrite"] == "llm" and reply.question == "110年度商業館最多補助幾點？"
    assert "3萬" in reply.text and reply.sources[0].hall == "商業館"
    sent = behaviour.requests[-1]["body"]["messages"][0]["content"]
    assert "110年工業館最多補助幾點？" in sent and "那商業館呢？" in sent


@pytest.mark.parametrize("mode", ["error", "hang"])
def test_a_failed_llm_rewrite_falls_back_to_the_deterministic_one(shipped_knowledge: KnowledgeResources,
                                                                  mode: str) -> None:
    with fake_openai_server() as (url, behaviour):
        engine = _engine_with_rewriter(shipped_knowledge, url)
        engine.handle(IncomingMessage(user_id=f"rw-{mode}", channel="web", text="110年工業館最多補助幾點？"))
        behaviour.mode = mode
        reply = engine.handle(IncomingMessage(user_id=f"rw-{mode}", channel="web", text="那商業館呢？"))
    assert reply.trace["rewrite"] == "refine" and "3萬" in reply.text
