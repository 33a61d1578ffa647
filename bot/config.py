"""Every tunable number of the engine, in one place.

The confidence thresholds were derived by measurement, not guessed: `python -m bench engine
--sweep` prints, for a grid of values, the share of the labelled retrieval questions
answered with the right first source and the share of out-of-scope questions declined
(bench/questions_oos.yaml). Re-run it whenever retrieval scoring is recalibrated.

Measured with the multilingual USE model on the shipped knowledge base (123 labelled, 44
out-of-scope questions): unrelated questions have a best dense similarity of 0.13-0.42,
well-retrieved ones mostly 0.45-0.9. At dense 0.42 / score 0.2: 75.6% answered with the right
source, 100% out-of-scope declined, 90.9% declined even with the topic rules switched off;
dense 0.36 would answer 0.8 points more but decline only 84% without the rules; a score floor
of 0.3 costs ten points of right answers. Re-swept after term coverage began counting words
the index has never seen: the same pair remains the best trade-off.

Re-swept on 2026-12-01 after FAQ vectors began to blend question and answer (dense similarities
rose): dense 0.46 / score 0.2 keeps 78.0% right source (as 0.42 does) and declines 90.9% of the
out-of-scope messages with the topic rules off (0.42: 84.1%).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EngineConfig:
    # Retrieval
    k: int = 6
    """Passages retrieved per question."""

    # Confidence policy: answer only when both signals clear their floor.
    answer_min_score: float = 0.2
    """Floor on the calibrated `Passage.score` of the best passage."""
    answer_min_dense: float = 0.46
    """Floor on the best passage's dense cosine similarity (model-specific)."""
    answer_min_coverage: float = 0.15
    answer_sure_dense: float = 0.6
    """...and the best passage must share at least this (idf-weighted) share of the question's terms,
    or be this close in meaning. Measured on the tuning and old held-out sets (169 answered): this
    keeps 121 of 138 right answers and drops 14 of 31 wrong ones; a confident wrong figure is worse
    than sending the user to an expert."""
    crosslingual_min_score: float = 0.2
    crosslingual_min_dense: float = 0.36
    crosslingual_min_coverage: float = 0.15
    """The floors for an English question (knowledge/crosslingual.py: its words reach the Chinese
    passages through a dictionary): a cross-lingual cosine runs lower, so the share of its words
    the passage holds in translation must carry the decision. Dense floor swept on the development
    sets' 50 English turns: 0.33 -> 0.36 turns 3 confidently wrong answers into declines for 1 right
    one lost (right 0.36 -> 0.34, wrong 0.26 -> 0.20)."""
    suggest_min_dense: float = 0.36
    """Below the answer floors but above this: say it is not covered, and suggest related questions."""
    tie_margin: float = 0.06
    """Passages within this score of the best are treated as equally good (year/hall ambiguity)."""
    conflict_title_overlap: float = 0.2
    ask_fit_candidates: int = 4
    ask_fit_margin: float = 0.05
    """An FAQ entry whose question asks another kind of fact (a date for a question on who may apply)
    gives way to one of the next passages that fits the ask, when within this score of it."""
    """Two equally good FAQ entries of different years (same 館) count as one rule for two years
    when their questions share at least this Jaccard share of character bigrams (years removed)."""

    # Follow-ups (bot/answer/followup.py, QuestionAnswering._in_context)
    followup_max_chars: int = 12
    """A message this short right after a question may continue it."""
    followup_margin: float = 0.05
    """...and does, when the last question's subject with it scores this much better than it alone."""

    # What the documents do not say (bot/answer/gaps.py)
    rare_term_passages: int = 4
    """A word in at most this many passages is distinctive: a short yes/no question about it is not
    answered by a passage that never mentions it."""

    # Presentation
    max_answer_chars: int = 220
    """A phone screen: the quoted answer is cut at a sentence boundary within this length."""
    snippet_chars: int = 80
    related_questions: int = 2
    quick_reply_label_chars: int = 20
    """LINE limits quick-reply labels to 20 characters."""

    # Flows
    flow_idle_hours: float = 12.0
    """A flow untouched this long is offered for resuming (or cancelling) before going on."""

    # LLM answerer
    llm_max_passages: int = 4
