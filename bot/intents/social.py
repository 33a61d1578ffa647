"""Greeting and help, thanks, and a request for a person."""

from __future__ import annotations

from bot.flows.runner import RESTART, command, looks_like_question
from bot.intents.base import Services, Turn, any_pattern
from bot.messages import t
from bot.types import GREETING, HANDOFF, THANKS, Action, Handoff, Language, Reply

_HELLO = frozenset("你好 您好 哈囉 哈嘍 嗨 安安 早安 午安 晚安 在嗎 有人在嗎 hi hello hey 嗨嗨 hihi".split())
_HELP = any_pattern(
    r"你(可以|能|會)(做|幫|幫我做)?(什麼|甚麼|啥)", r"有(什麼|哪些)功能",
    r"怎麼用你|^(要)?如何使用[?？]?$|^使用說明$|^選單$|^功能$",
    r"你是誰|你是什麼", r"^help$|what can you do|who are you|^menu$", r"^(開始|start)$",
)
_THANKS = any_pattern(r"謝謝|感謝|多謝|謝啦|感恩|3q|\bthx\b|thanks|thank you|\bty\b")
_HANDOFF = any_pattern(
    r"真人|專人|人工(客服|服務)?|客服人員|轉(接)?(給)?(真人|人工|客服|專人)",
    r"\bhuman\b|real person|live agent|talk to (a |an )?(person|someone|agent|staff)",
    r"speak (to|with) (a |an )?(person|someone|agent|staff)",
)


def menu_actions(lang: Language) -> tuple[Action, ...]:
    return (
        Action("message", t("act_example_1", lang), t("act_example_1", lang)),
        Action("postback", t("act_book_expert", lang), "intent:book_expert"),
        Action("postback", t("act_apply_points", lang), "intent:apply_points"),
    )


class Greeting:
    name = GREETING

    def matches(self, turn: Turn) -> bool:
        cmd = command(turn.text)
        return not cmd or cmd in _HELLO or cmd in RESTART or bool(_HELP.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        text = t("greeting", turn.lang)
        if command(turn.text) in RESTART:
            # 「重新開始」 outside a form: the conversation's topic is forgotten, so the next message is
            # a question of its own, not a follow-up of the last one
            state = turn.state
            state.last_question, state.last_sources, state.pending = "", [], None
            state.recent_questions, state.last_answered = [], True
            text = f"{t('restarted', turn.lang)}\n{text}"
        return Reply(text, GREETING, turn.lang, confidence=1.0, actions=menu_actions(turn.lang))


class Thanks:
    name = THANKS

    def matches(self, turn: Turn) -> bool:
        return bool(_THANKS.search(turn.norm)) and not looks_like_question(turn.text)

    def handle(self, turn: Turn, services: Services) -> Reply:
        return Reply(t("thanks", turn.lang), THANKS, turn.lang, confidence=1.0, actions=menu_actions(turn.lang))


class HumanHandoff:
    name = HANDOFF

    def matches(self, turn: Turn) -> bool:
        return bool(_HANDOFF.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        actions = [Action("postback", t("act_book_expert", turn.lang), "intent:book_expert")]
        if services.flows.get("contact"):
            actions.insert(0, Action("postback", t("act_contact", turn.lang), "flow:start:contact"))
        handoff = Handoff(reason="user_request", topic=turn.state.last_question, note=turn.text)
        return Reply(t("handoff", turn.lang), HANDOFF, turn.lang, confidence=1.0, actions=tuple(actions),
                     handoff=handoff)
