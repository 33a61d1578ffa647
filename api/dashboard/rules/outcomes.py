"""What became of a message, read from the intent stored with its exchange (pure).

- answered: the knowledge base (or a curated answer) answered it;
- clarified: the bot asked which 館 or year, or offered a topic menu;
- declined: the documents do not state it, no answer was found, or it was out of scope;
- other: greetings, thanks, flows (booking, applying), status checks, handoff: not questions.

Questions are the first three; the unanswered share is declined / questions."""

from __future__ import annotations

from bot.types import CLARIFY, DECLINED_INTENTS, NOT_STATED, QUESTION

ANSWERED, CLARIFIED, DECLINED, OTHER = "answered", "clarified", "declined", "other"
QUESTION_OUTCOMES = (ANSWERED, CLARIFIED, DECLINED)


def outcome(intent: str) -> str:
    if intent == QUESTION:
        return ANSWERED
    if intent == CLARIFY:
        return CLARIFIED
    if intent in DECLINED_INTENTS or intent == NOT_STATED:
        return DECLINED
    return OTHER


def share(part: int, whole: int) -> float:
    """part / whole rounded to 4 places (0.0 for nothing)."""
    return round(part / whole, 4) if whole else 0.0
