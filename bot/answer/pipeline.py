"""A question's way to a reply: follow-up rewrite -> terse topic menu or multi-part split ->
retrieval -> confidence policy -> what the documents do not say -> the exact sentences -> reply,
remembering the topic for the next turn. Every decision is recorded in `Reply.trace`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import cached_property, lru_cache
from typing import Any, Protocol

from bot.answer.asks import asks
from bot.answer.curated import NOT_ANSWERABLE, CuratedAnswers, CuratedMatch
from bot.answer.extractive import Answerer, Composed, ExtractiveAnswerer
from bot.answer.followup import standalone, subject, swap
from bot.answer.gaps import Evidence, Gap, Vocabulary, asked_years, find_gap, passage_years, says_not_listed
from bot.answer.policy import Decision, confident, decide, on_the_question, prefer_fitting
from bot.config import EngineConfig
from bot.messages import t
from bot.sources import cite, snippet, source_title, to_source, year_label
from bot.state import DialogueState, Pending, SourceRef
from bot.types import CLARIFY, NO_ANSWER, NOT_STATED, QUESTION, Action, Language, Reply, Source
from knowledge.lexicon import Lexicon
from knowledge.programme import HALL_EN, QueryHints, extract_hints, only_hints, strip_hints
from knowledge.text import normalize
from knowledge.types import Passage, SearchFilters

log = logging.getLogger(__name__)

_ASKING = re.compile(r"[?？]|什麼|甚麼|怎麼|如何|多少|幾|嗎|哪|誰|是否|可以|能不能|要不要"
                     r"|\b(what|how|when|who|which|can|is|are|do)\b", re.IGNORECASE)
_PARTS_MARK = re.compile(r"各(是|為|要|有|多少|自)|分別|各自|兩者|both|respectively", re.IGNORECASE)
_PARTS_SPLIT = re.compile(r"跟|和|及|以及|還有|與|、|\band\b", re.IGNORECASE)
_PARTS_TAIL = re.compile(r"(各|分別|各自)(是|為|要|有)?(什麼|甚麼|多少|為何|如何|哪些)?[?？。]*$|[?？。]+$")


class Searcher(Protocol):
    """What the engine needs from retrieval (`knowledge.search.HybridSearcher` fits)."""

    def search(self, query: str, k: int = 5, filters: SearchFilters | None = None) -> list[Passage]: ...


@lru_cache(maxsize=1)
def _shipped_lexicon() -> Lexicon:
    """The lexicon the shipped knowledge base is indexed with (for the 館 a trade implies)."""
    return Lexicon.load()


def book_expert_action(lang: Language) -> Action:
    return Action("postback", t("act_book_expert", lang), "intent:book_expert")


def is_terse(text: str) -> bool:
    """One or two words naming a topic (「自籌」「技術審查」), not a question."""
    norm = normalize(text)
    if _ASKING.search(norm):
        return False
    if re.fullmatch(r"[a-z0-9 .\-]+", norm):
        return 0 < len(norm.split()) <= 2
    return 0 < len(norm.replace(" ", "")) <= 6


def split_parts(question: str, hints: QueryHints) -> list[str]:
    """「110年工業館申請資格跟補助上限各是什麼？」 -> 「110年度工業館申請資格」「110年度工業館補助上限」."""
    if not _PARTS_MARK.search(question):
        return []
    core = _PARTS_TAIL.sub("", strip_hints(question))
    for hall in hints.halls:
        core = core.replace(hall, "")
    pieces = [p.strip() for p in _PARTS_SPLIT.split(core) if len(p.strip()) >= 2]
    if len(pieces) < 2:
        return []
    scope = "".join([*(f"{y}年度" for y in hints.years), *hints.halls])
    return [f"{scope}{p}？" for p in pieces[:3]]


class Rewriter(Protocol):
    """Rewrites a follow-up into a standalone question (the LLM's, when one is configured)."""

    def rewrite(self, previous: str, message: str) -> str: ...


class QuestionAnswering:
    def __init__(self, searcher: Searcher, config: EngineConfig, *, answerer: Answerer | None = None,
                 rewriter: Rewriter | None = None, curated: CuratedAnswers | None = None,
                 current_roc_year: Callable[[], int]) -> None:
        self.searcher = searcher
        self.config = config
        self.extractive = ExtractiveAnswerer(config.max_answer_chars)
        self.answerer = answerer or self.extractive
        self.current_roc_year = current_roc_year
        self.rewriter = rewriter
        self.curated = curated

    def hints(self, text: str) -> QueryHints:
        return extract_hints(text, current_roc_year=self.current_roc_year(), lexicon=_shipped_lexicon())

    # --- what the searcher knows (a plain Searcher may not: the checks then stay off) ---------

    @cached_property
    def _words(self) -> Vocabulary:
        """What the knowledge base knows of words, for the "not stated" checks (built once)."""
        lexicon, none = _shipped_lexicon(), Vocabulary()

        def of(name: str, default: Any) -> Any:
            found = getattr(self.searcher, name, None)
            return found if callable(found) else default

        return Vocabulary(distinctive=self._distinctive, head_noun=of("head_noun", none.head_noun),
                          synonyms=lexicon.additions, unknown_nouns=self._unknown_nouns,
                          subjects=lexicon.subjects_named, known=of("passages_using", none.known),
                          is_word=of("is_word", none.is_word), is_thing=of("is_thing", none.is_thing))

    def _distinctive(self, term: str, short: bool) -> bool:
        """`term` names a distinct thing: the knowledge base uses it in only a few passages, or not
        at all while it is a real word (「貸款」; a typo such as 「點術」 is not) that names a thing, or
        any real word in a short question (「停車」)."""
        using, is_word = getattr(self.searcher, "passages_using", None), getattr(self.searcher, "is_word", None)
        is_thing = getattr(self.searcher, "is_thing", None)
        if not callable(using) or not callable(is_word) or not callable(is_thing):
            return False
        count = int(using(term))
        if 0 < count <= self.config.rare_term_passages:
            return True
        return count == 0 and bool(is_word(term)) and (short or bool(is_thing(term)))

    def _unknown_nouns(self, question: str) -> list[str]:
        """Real nouns of the question that no passage of the knowledge base uses."""
        nouns, using = getattr(self.searcher, "nouns", None), getattr(self.searcher, "passages_using", None)
        is_word, is_thing = getattr(self.searcher, "is_word", None), getattr(self.searcher, "is_thing", None)
        if not callable(nouns) or not callable(using) or not callable(is_word) or not callable(is_thing):
            return []
        return [n for n in nouns(question) if int(using(n)) == 0 and bool(is_word(n)) and bool(is_thing(n))]

    def retrieve(self, question: str, hints: QueryHints) -> list[Passage]:
        """Unfiltered first: a filter re-ranks the rest, so apply it only when the best passage
        belongs to another year or 館 than the question names."""
        passages = self.searcher.search(question, k=self.config.k)
        filters = hints.filters()
        if filters is None or (passages and filters.accepts(passages[0].chunk)):
            return passages
        if passages and hints.year and (filters.hall is None or filters.hall == passages[0].chunk.hall) and (
                hints.year in passage_years(normalize(passages[0].chunk.answer or passages[0].chunk.text), 0,
                                            self.current_roc_year())):
            return passages  # a later year's passage that states the asked year's figure (「110年的79%」)
        filtered = self.searcher.search(question, k=self.config.k, filters=filters)
        # The knowledge base may have nothing on that 館/year: keep the unfiltered best, whose
        # citation names its own year and 館.
        return filtered if filtered and confident(filtered[0], self.config) else passages

    # --- a user's message --------------------------------------------------------------------

    def respond(self, text: str, lang: Language, state: DialogueState) -> Reply:
        """A message in the conversation: a follow-up is rewritten, a terse topic gets a menu,
        a question of several parts gets each part answered."""
        hints = self.hints(text)
        pending = state.pending
        if pending is not None and pending.kind == "hall" and hints.halls and only_hints(text, hints):
            rewrite = standalone(text, hints, pending.question)
            return self.reply(rewrite.question, lang, state, trace={"rewrite": "clarified", "asked": text})
        llm = self._llm_rewrite(text, state)
        if llm is not None:
            return self.reply(llm, lang, state, trace={"rewrite": "llm", "asked": text})
        rewrite = standalone(text, hints, state.last_question)
        if rewrite.kind == "refine":
            sibling = self._sibling(rewrite.question, hints, state)
            if sibling is not None:
                return self.reply(sibling, lang, state, trace={"rewrite": "refine:sibling", "asked": text})
        if rewrite.kind != "none":
            return self.reply(rewrite.question, lang, state, trace={"rewrite": rewrite.kind, "asked": text})
        contextual = self._in_context(text, hints, state)
        if contextual is not None:
            return self.reply(contextual, lang, state, trace={"rewrite": "context", "asked": text})
        if is_terse(text) and not hints.years and not hints.halls:
            menu = self._topic_menu(text, lang, state)
            if menu is not None:
                return menu
        parts = split_parts(text, hints)
        if parts:
            return self._answer_parts(text, parts, lang, state)
        return self.reply(text, lang, state)

    def _llm_rewrite(self, text: str, state: DialogueState) -> str | None:
        """The LLM's standalone question for a short message after a question; None when no LLM is
        configured, the message is long (a new question), or the LLM fails (deterministic rewrite)."""
        if self.rewriter is None or not state.last_question or len(normalize(text)) > self.config.followup_max_chars:
            return None
        try:
            rewritten = self.rewriter.rewrite(state.last_question, text)
        except Exception as exc:  # timeouts and errors: the deterministic rewrite takes over
            log.warning("LLM rewrite failed (%s: %s); rewriting deterministically", type(exc).__name__, exc)
            return None
        return rewritten if rewritten != text else None

    def _sibling(self, rewritten: str, hints: QueryHints, state: DialogueState) -> str | None:
        """「換111年呢？」 after an answer from the 110 entry: the same entry's question for 111 may find
        the 111 entry (worded differently) better than the user's own question with 111 swapped in."""
        source = next((s for s in state.last_sources if s.title), None)
        if source is None:
            return None
        candidate = swap(source.title, hints)
        if normalize(candidate) == normalize(rewritten):
            return None
        own = self.retrieve(rewritten, self.hints(rewritten))
        other = self.retrieve(candidate, self.hints(candidate))
        if other and confident(other[0], self.config) and (
                not own or other[0].score > own[0].score + self.config.followup_margin):
            return candidate
        return None

    def _in_context(self, text: str, hints: QueryHints, state: DialogueState) -> str | None:
        """A short message right after a question may continue it (「要多久撥款？」 after a question on
        claims): when the last question's subject with it finds a better passage than it alone does,
        that is the question."""
        norm = normalize(text)
        if not state.last_question or len(norm) > self.config.followup_max_chars or hints.years or hints.halls:
            return None
        base = subject(state.last_question)
        if not base or base in norm:
            return None
        combined = f"{base}{text.strip()}"
        alone = self.searcher.search(text, k=1)
        joined = self.searcher.search(combined, k=1)
        if joined and confident(joined[0], self.config) and (
                not alone or joined[0].score > alone[0].score + self.config.followup_margin):
            return combined
        return None

    def _topic_menu(self, text: str, lang: Language, state: DialogueState) -> Reply | None:
        """The distinct FAQ questions that use the topic's words, as buttons (one: answer it)."""
        passages = self.searcher.search(text, k=12)
        norm = normalize(text)
        related = [p for p in passages if p.chunk.kind == "faq"
                   and (norm in normalize(p.chunk.text) or p.term_coverage >= 0.99)]
        titles = list(dict.fromkeys(p.chunk.title for p in related))[:5]
        if len(titles) == 1:
            return self.reply(titles[0], lang, state, trace={"rewrite": "terse", "asked": text})
        if not titles:
            return None
        state.last_question, state.last_answered = "", False
        state.pending = Pending("topic", text, titles)
        actions = tuple(Action("message", snippet(title, self.config.quick_reply_label_chars), title)
                        for title in titles)
        return Reply(t("topic_menu", lang, topic=text.strip()), CLARIFY, lang,
                     actions=(*actions, book_expert_action(lang)),
                     trace={"decision": "topic_menu", "candidates": titles})

    def _answer_parts(self, text: str, parts: list[str], lang: Language, state: DialogueState) -> Reply:
        replies = [self.reply(part, lang, state) for part in parts]
        answered = [r for r in replies if r.intent in (QUESTION, NOT_STATED)]
        if len(answered) < 2:
            return self.reply(text, lang, state)
        body = [t("parts_intro", lang, n=len(parts))]
        body += [f"{n}. {part.rstrip('？')}\n{r.text}"
                 for n, (part, r) in enumerate(zip(parts, replies, strict=True), 1)]
        sources = tuple(dict.fromkeys(s for r in replies for s in r.sources))
        state.last_question = text
        return Reply("\n\n".join(body), QUESTION if all(r.intent == QUESTION for r in replies) else NOT_STATED,
                     lang, sources=sources, confidence=min(r.confidence for r in replies),
                     actions=(book_expert_action(lang),), states_unknown=any(r.states_unknown for r in replies),
                     trace={"decision": "parts", "parts": parts, "each": [r.trace for r in replies]})

    # --- one standalone question -------------------------------------------------------------

    def reply(self, question: str, lang: Language, state: DialogueState, *,
              refine: QueryHints | None = None, trace: dict[str, Any] | None = None) -> Reply:
        """Answer `question`; `refine` (a year or 館 named in a follow-up) replaces what it named."""
        trace = dict(trace or {})
        hints = self.hints(question)
        search_text = question
        if refine is not None:
            hints = QueryHints(years=refine.years or hints.years, relative_year=hints.relative_year,
                               halls=refine.halls or hints.halls,
                               implied_halls=() if refine.halls else hints.implied_halls)
            search_text = strip_hints(question) if refine.years else question
        curated = self._curated(question, hints)
        if curated is not None:
            return self._from_curated(question, curated, lang, state, trace)
        passages = self.retrieve(search_text, hints)
        decision = decide(passages, hints, self.config)
        fitting = prefer_fitting(decision, passages, question, self.config)
        if fitting is not decision:
            trace["ask_fit"] = {"instead_of": decision.passages[0].chunk.chunk_id}
            decision = fitting
        trace.update(question=question, decision=decision.kind, passages=[
            {"id": p.chunk.chunk_id, "title": p.chunk.title, "year": p.chunk.year, "hall": p.chunk.hall,
             "score": p.score, "dense": p.dense_similarity, "lexical_rank": p.lexical_rank,
             "dense_rank": p.dense_rank} for p in passages[: self.config.k]])
        log.debug("question decision=%s top=%s", decision.kind,
                  [(p.chunk.chunk_id, p.score, p.dense_similarity) for p in passages[:3]])
        state.last_question = question
        state.remember_question(question)
        state.last_confidence, state.last_answered = decision.confidence, False
        state.pending = None
        if decision.kind == "decline":
            state.last_sources = []
            return self._decline(decision, lang, trace)
        if decision.kind == "clarify_hall":
            state.pending = Pending("hall", question, list(decision.halls))
            actions = tuple(Action("message", h, h) for h in decision.halls)
            return Reply(t("clarify_hall", lang), CLARIFY, lang, confidence=decision.confidence,
                         actions=actions + (book_expert_action(lang),), question=question, trace=trace)
        gap = self._gap(question, hints, decision)
        if gap is not None and gap.kind in ("fact", "term", "subject", "measure", "hall") and decision.kind == "answer":
            # the best passage is on the topic but lacks the fact: a runner-up may hold it
            best = decision.passages[0]
            for rank, other in enumerate(passages[1:], start=1):
                # a close runner-up, or one further down that names the very thing asked (「證書」)
                close = rank < 4 and other.term_coverage >= best.term_coverage
                names_it = gap.kind in ("term", "measure") and gap.missing in normalize(
                    f"{other.chunk.title}\n{other.chunk.answer or other.chunk.text}")
                if other is not best and confident(other, self.config) and (close or names_it):
                    candidate = Decision("answer", (other,), other.score)
                    if self._gap(question, hints, candidate) is None:
                        decision, gap = candidate, None
                        trace["runner_up"] = other.chunk.chunk_id
                        break
        if gap is None and decision.kind == "answer" and not on_the_question(decision.passages[0], self.config,
                                                                                      question):
            gap = Gap("weak", "")  # only loosely alike: say so, and show it as the nearest
        if gap is not None:
            trace["gap"] = {"kind": gap.kind, "missing": gap.missing}
            return self._not_stated(question, hints, gap, decision, passages, lang, state, trace)
        composed = self._compose(question, decision, passages, lang)
        if composed.not_in_sources:
            state.last_sources = []
            return self._decline(Decision("decline", (), decision.confidence), lang, trace)
        state.last_sources = [SourceRef(p.chunk.chunk_id, p.chunk.title, p.chunk.year, p.chunk.hall)
                              for p in composed.used]
        state.last_answered = True
        trace["chosen"] = [p.chunk.chunk_id for p in composed.used]
        return Reply(composed.text, QUESTION, lang, states_unknown=says_not_listed(composed.text),
                     sources=tuple(to_source(p, lang, self.config.snippet_chars) for p in composed.used),
                     confidence=decision.confidence,
                     actions=self._follow_ups(decision, passages, composed, lang), question=question, trace=trace)

    def _curated(self, question: str, hints: QueryHints) -> CuratedMatch | None:
        if self.curated is None:
            return None
        try:
            return self.curated.match(question, hints)
        except Exception:  # the knowledge base still answers when curated answers cannot be read
            log.exception("curated answers unavailable")
            return None

    def _from_curated(self, question: str, match: CuratedMatch, lang: Language, state: DialogueState,
                      trace: dict[str, Any]) -> Reply:
        assert self.curated is not None
        try:
            self.curated.record_hit(match.id)
        except Exception:
            log.exception("could not count a curated answer's hit")
        state.last_question = question
        state.remember_question(question)
        state.pending, state.last_confidence = None, match.similarity
        trace.update(question=question, decision="curated", curated={"id": match.id, "similarity": match.similarity,
                                                                     "kind": match.kind})
        if match.kind == NOT_ANSWERABLE:
            # staff decided the documents cannot answer it: say so plainly, give their reply, no source
            state.last_answered, state.last_sources = False, []
            return Reply(f"{t('curated_not_covered', lang)}\n{match.answer}", NOT_STATED, lang,
                         confidence=match.similarity, actions=(book_expert_action(lang),), question=question,
                         states_unknown=True, trace=trace)
        state.last_answered = True
        state.last_sources = [SourceRef(f"curated:{match.id}", match.question, match.year, match.hall)]
        origin = match.source or ("programme staff" if lang == "en" else "計畫辦公室")
        source = Source(title=match.question, source=origin, year=match.year, hall=match.hall,
                        snippet=snippet(match.answer, self.config.snippet_chars), score=round(match.similarity, 3),
                        chunk_id=f"curated:{match.id}", document="")
        cited = cite(year=match.year, hall=match.hall, title=origin, lang=lang)
        return Reply(f"{match.answer}\n{cited}", QUESTION, lang, sources=(source,), confidence=match.similarity,
                     actions=(book_expert_action(lang),), question=question, trace=trace)

    def _gap(self, question: str, hints: QueryHints, decision: Decision) -> Gap | None:
        if decision.kind == "years":
            chunk_years = {p.chunk.year for p in decision.passages}
            asked = asked_years(normalize(question), hints, self.current_roc_year())
            if asked and not set(asked) & chunk_years:
                return Gap("year", "、".join(str(y) for y in asked))
        texts = [f"{p.chunk.title}\n{p.chunk.answer or p.chunk.text}" for p in decision.passages]
        best = decision.passages[0]
        evidence = Evidence(
            text="\n".join(texts), year=0 if decision.kind == "years" else best.chunk.year, hall=best.chunk.hall,
            context="\n".join(f"{source_title(p.chunk.source)}\n{p.chunk.heading_path}" for p in decision.passages),
            asks=tuple(k for p in decision.passages if p.chunk.kind == "faq" for k in asks(normalize(p.chunk.title))))
        years_on_file = getattr(self.searcher, "years_on_file", None)
        return find_gap(question, hints, evidence, today_roc=self.current_roc_year(),
                        years_on_file=years_on_file() if callable(years_on_file) else frozenset(),
                        words=self._words)

    def _not_stated(self, question: str, hints: QueryHints, gap: Gap, decision: Decision, passages: list[Passage],
                    lang: Language, state: DialogueState, trace: dict[str, Any]) -> Reply:
        best = decision.passages[0]
        lines: list[str] = []
        actions: list[Action] = []
        show_nearest = True
        if gap.kind == "year":
            asked = {int(y) for y in gap.missing.split("、")}
            known = sorted(({p.chunk.year for p in passages if p.chunk.year and confident(p, self.config)}
                            | ({best.chunk.year} if best.chunk.year else set())) - asked)
            if not known:  # the nearest passage is year-less: the years it speaks of
                known = sorted(passage_years(normalize(best.chunk.answer or best.chunk.text), 0,
                                             self.current_roc_year()) - asked)
            known_label = "、".join(str(y) for y in known) or "其他"
            today = self.current_roc_year()
            if gap.missing == str(today) and not hints.years:
                lines.append(t("gap_now", lang, today=today, known=known_label))
            else:
                lines.append(t("gap_year", lang, asked=gap.missing, known=known_label))
            if best.chunk.year:
                lines.append(t("gap_year_nearest", lang, year=best.chunk.year, asked=gap.missing))
            else:
                lines.append(t("gap_year_nearest_other", lang, asked=gap.missing))
            actions += [Action("message", year_label(y, lang), f"{y}年度{strip_hints(question)}") for y in known[:2]]
        elif gap.kind == "hall":
            lines.append(t("gap_hall", lang, asked="、".join(_hall_name(h, lang) for h in gap.missing.split("、")),
                           hall=_hall_name(best.chunk.hall, lang)))
        elif gap.kind == "personal":
            lines.append(t("gap_personal", lang))
            actions += [Action("message", "我的申請進度" if lang == "zh" else "My applications", "我的申請進度"),
                        Action("message", t("act_human", lang), "真人客服")]
            show_nearest = False
        elif gap.kind == "entity":
            lines.append(t("gap_entity", lang, missing=gap.missing))
            show_nearest = False
        elif gap.kind == "weak":
            lines.append(t("gap_weak", lang))
        elif gap.kind == "measure":
            lines.append(t("gap_measure", lang, missing=gap.missing))
            lines.append(t("gap_nearest", lang))
        elif gap.kind in ("term", "subject"):
            yes_no = "yesno" in asks(normalize(question))
            lines.append(t("gap_term" if yes_no else "gap_term_plain", lang, missing=gap.missing))
            lines.append(t("gap_nearest", lang))
        else:
            lines.append(t("gap_fact", lang, what=t(f"fact_{gap.missing}", lang)))
            lines.append(t("gap_nearest", lang))
        used: tuple[Passage, ...] = ()
        if show_nearest:
            composed = self.extractive.compose(question, (best,), lang, intro=False)
            lines.append(composed.text)
            used = composed.used
        lines.append(t("gap_expert", lang))
        state.last_sources = [SourceRef(p.chunk.chunk_id, p.chunk.title, p.chunk.year, p.chunk.hall) for p in used]
        state.last_answered = False
        return Reply("\n".join(lines), NOT_STATED, lang,
                     sources=tuple(to_source(p, lang, self.config.snippet_chars) for p in used),
                     confidence=decision.confidence, actions=(*actions, book_expert_action(lang)),
                     question=question, trace=trace, states_unknown=True)

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

    def _decline(self, decision: Decision, lang: Language, trace: dict[str, Any] | None = None) -> Reply:
        text = t("no_answer", lang)
        actions = [Action("message", snippet(p.chunk.title, self.config.quick_reply_label_chars), p.chunk.title)
                   for p in decision.passages]
        if actions:
            text += "\n" + t("no_answer_related", lang)
        return Reply(text, NO_ANSWER, lang, confidence=decision.confidence,
                     actions=(*actions, book_expert_action(lang)), trace=dict(trace or {}))


def _hall_name(hall: str, lang: Language) -> str:
    return HALL_EN.get(hall, hall) if lang == "en" else hall
