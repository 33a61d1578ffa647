"""Wiring helpers for callers that hold plain settings values (the CLI, the API, benches)."""

from __future__ import annotations

from bot.answer.curated import CuratedAnswers
from bot.answer.llm import LLMAnswerer, LLMRewriter, LLMSettings, build_chat_model
from bot.answer.pipeline import Searcher
from bot.config import EngineConfig
from bot.engine import Engine
from bot.flows.ports import FlowRegistry, RecordsPort
from bot.handoff import HandoffDesk
from bot.points.loader import load_rules
from bot.points.model import RuleBook
from bot.state import InMemoryStateStore, StateStore


def build_engine(searcher: Searcher, *, llm: LLMSettings | None = None, store: StateStore | None = None,
                 config: EngineConfig | None = None, flows: FlowRegistry | None = None,
                 records: RecordsPort | None = None, rules: RuleBook | None = None,
                 curated: CuratedAnswers | None = None, handoffs: HandoffDesk | None = None) -> Engine:
    """`rules`: the points rule book the calculator answers from (the shipped one when not given);
    `curated`: staff's curated answers, which take precedence for close paraphrases; `handoffs`: where
    conversations handed to a person live (the bot does not answer over them)."""
    model = build_chat_model(llm) if llm is not None else None
    return Engine(searcher, store=store or InMemoryStateStore(), config=config,
                  answerer=LLMAnswerer(model) if model is not None else None,
                  rewriter=LLMRewriter(model) if model is not None else None,
                  curated=curated, flows=flows, records=records, handoffs=handoffs,
                  rules=rules if rules is not None else load_rules())
