"""Question -> retrieval -> confidence policy -> answerer -> reply, remembering what was asked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import lru_cache
from typing import Protocol

from bot.answer.extractive import Answerer, Composed, ExtractiveAnswerer
from bot.answer.policy import Decision, confident, decide
from bot.config import EngineConfig
from bot.messages import t
from bot.sources import snippet, to_source, year_label
from bot.state import DialogueState, Pending, SourceRef
from bot.types import CLARIFY, NO_ANSWER, QUESTION, Action, Language, Reply
from knowledge.lexicon import Lexicon
from knowledge.programme import QueryHints, extract_hints, strip_hints
from knowledge.types import Passage, SearchFilters

log = logging.getLogger(__name__)


class Searcher(Protocol):
    """What the engine needs from retrieval (`knowledge.search.HybridSearcher` fits)."""

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Passage]: ...


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    """The lexicon the shipped knowledge base is indexed with (for the 館 a trade implies)."""
    return Lexicon.load()


def book_expert_action(lang: Language) -> Action:
    return Action("postback", t("act_book_expert", lang), "intent:book_expert")


class QuestionAnswering:
    def __init__(self, searcher: Searcher, config: EngineConfig, *, answerer: Answerer | None = None,
                 current_roc_year: Callable[[], int]) -> None:
        self.searcher = searcher
        self.config = config
        self.extractive = ExtractiveAnswerer(config.max_answer_chars)
        self.answerer = answerer or self.extractive
        self.current_roc_year = current_roc_year

    def hints(self, text: str) -> QueryHints:
        return extract_hints(text, current_roc_year=self.current_roc_year(), lexicon=_shipped_lexicon())

    def retrieve(self, question: str, hints: QueryHints) -> list[Passage]:
        """Unfiltered first: a filter re-ranks the rest, so apply it only when the best passage
        belongs to another year or 館 than the question names."""
        passages = self.searcher.search(question, k=self.config.k)
        filters = hints.filters()
        if filters is None or (passages and filters.accepts(passages[0].chunk)):
            return passages
        filtered = self.searcher.search(question, k=self.config.k, filters=filters)
        # The knowledge base may have nothing on that 館/year: keep the unfiltered best, whose
        # citation names its own year and 館.
        return filtered if filtered and confident(filtered[0], self.config) else passages

    def reply(self, question: str, lang: Language, state: DialogueState, *,
              refine: QueryHints | None = None) -> Reply:
        """Answer `question`; `refine` (a year or 館 named in a follow-up) replaces what it named."""
        hints = self.hints(question)
        search_text = question
        if refine is not None:
            hints = QueryHints(years=refine.years or hints.years, relative_year=hints.relative_year,
                               halls=refine.halls or hints.halls)
            search_text = strip_hints(question) if refine.years else question
        passages = self.retrieve(search_text, hints)
        decision = decide(passages, hints, self.config)
        log.debug("question decision=%s top=%s", decision.kind,
                  [(p.chunk.chunk_id, p.score, p.dense_similarity) for p in passages[:3]])
        state.last_question = question
        state.remember_question(question)
        state.last_confidence, state.last_answered = decision.confidence, False
        state.pending = None
        if decision.kind == "decline":
            state.last_sources = []
            return self._decline(decision, lang)
        if decision.kind == "clarify_hall":
            state.pending = Pending("hall", question, list(decision.halls))
            actions = tuple(Action("message", h, h) for h in decision.halls)
            return Reply(t("clarify_hall", lang), CLARIFY, lang, confidence=decision.confidence,
                         actions=actions + (book_expert_action(lang),))
        composed = self._compose(question, decision, passages, lang)
        if composed.not_in_sources:
            state.last_sources = []
            return self._decline(Decision("decline", (), decision.confidence), lang)
        state.last_sources = [SourceRef(p.chunk.chunk_id, p.chunk.title, p.chunk.year, p.chunk.hall)
                              for p in composed.used]
        state.last_answered = True
        return Reply(composed.text, QUESTION, lang,
                     sources=tuple(to_source(p, lang, self.config.snippet_chars) for p in composed.used),
                     confidence=decision.confidence,
                     actions=self._follow_ups(decision, passages, composed, lang))

    def _compose(self, question: str, decision: Decision, passages: list[Passage],
                 lang: Language) -> Composed:
        by_year = decision.kind == "years"
        if self.answerer is self.extractive:
            return self.extractive.compose(question, decision.passages, lang, by_year=by_year)
        context = list(decision.passages)
        context += [p for p in passages if p not in context and confident(p, self.config)]
        try:
            return self.answerer.compose(question, tuple(context[: self.config.llm_max_passages]), lang,
                                         by_year=by_year)
        except Exception as exc:  # an LLM outage must not cost the user an answer
            log.warning("answerer failed (%s: %s); using the extractive answer", type(exc).__name__, exc)
            return self.extractive.compose(question, decision.passages, lang, by_year=by_year)

    def _follow_ups(self, decision: Decision, passages: list[Passage], composed: Composed,
                    lang: Language) -> tuple[Action, ...]:
        actions: list[Action] = []
        used = {p.chunk.chunk_id for p in composed.used}
        if decision.kind == "years":
            years = [p.chunk.year for p in composed.used]
        else:  # the same 館's rule for other years, one tap away
            first = composed.used[0].chunk
            years = [p.chunk.year for p in passages if first.year and p.chunk.year and p.chunk.year != first.year
                     and p.chunk.hall == first.hall and p.chunk.kind == "faq" and confident(p, self.config)]
        actions += [Action("message", year_label(y, lang), year_label(y, "zh")) for y in dict.fromkeys(years)]
        related = [p for p in passages if p.chunk.kind == "faq" and p.chunk.chunk_id not in used
                   and confident(p, self.config)]
        for p in related[: self.config.related_questions]:
            actions.append(Action("message", snippet(p.chunk.title, self.config.quick_reply_label_chars),
                                  p.chunk.title))
        return (*actions, book_expert_action(lang))

    def _decline(self, decision: Decision, lang: Language) -> Reply:
        text = t("no_answer", lang)
        actions = [Action("message", snippet(p.chunk.title, self.config.quick_reply_label_chars), p.chunk.title)
                   for p in decision.passages]
        if actions:
            text += "\n" + t("no_answer_related", lang)
        return Reply(text, NO_ANSWER, lang, confidence=decision.confidence,
                     actions=(*actions, book_expert_action(lang)))
