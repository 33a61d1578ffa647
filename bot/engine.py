"""The conversation engine: one incoming message in, one channel-neutral reply out."""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import replace

from bot.answer.curated import CuratedAnswers
from bot.answer.extractive import Answerer
from bot.answer.pipeline import QuestionAnswering, Rewriter, Searcher
from bot.config import EngineConfig
from bot.flows.ports import FlowRegistry, PostbackHandler, RecordsPort
from bot.flows.runner import FlowRunner, command
from bot.handoff import BACK_TO_BOT, HANDOFF_HELD, HANDOFF_RELEASED, HandoffDesk
from bot.intents.base import Intent, Services, Turn
from bot.intents.router import BY_NAME, INTENTS, route, safety_intent
from bot.intents.social import menu_actions
from bot.lang import detect_language
from bot.messages import t
from bot.points.model import RuleBook
from bot.state import DialogueState, StateStore
from bot.types import CHECK_STATUS, FLOW, HANDOFF, PRIVACY_ERASED, Action, IncomingMessage, Reply
from knowledge.programme import current_roc_year

log = logging.getLogger(__name__)


def _typed(state: DialogueState) -> tuple[str, ...]:
    return tuple(state.flow.values.values()) if state.flow is not None else ()


class Engine:
    def __init__(self, searcher: Searcher, *, store: StateStore, config: EngineConfig | None = None,
                 answerer: Answerer | None = None, rewriter: Rewriter | None = None,
                 curated: CuratedAnswers | None = None,
                 flows: FlowRegistry | None = None,
                 records: RecordsPort | None = None, rules: RuleBook | None = None,
                 handoffs: HandoffDesk | None = None,
                 clock: Callable[[], float] = time.time,
                 intents: tuple[Intent, ...] = INTENTS) -> None:
        self.config = config or EngineConfig()
        self.intents = intents
        self.store = store
        self.clock = clock
        self.handoffs = handoffs
        qa = QuestionAnswering(searcher, self.config, answerer=answerer, rewriter=rewriter, curated=curated,
                               current_roc_year=lambda: current_roc_year(self.clock()))
        registry = flows or FlowRegistry()
        runner = FlowRunner(registry, self.config, qa.reply)
        self.services = Services(self.config, qa, registry, runner, records, rules)

    @property
    def writes_tokens(self) -> bool:
        """True when answers are written token by token (an LLM answerer), so they can be streamed."""
        qa = self.services.qa
        return qa.answerer is not qa.extractive

    def handle(self, msg: IncomingMessage, *, store: StateStore | None = None) -> Reply:
        """`store`: where this turn reads and saves the dialogue state (the engine's own by default;
        the service passes one that holds the turn's changes until its transaction commits)."""
        started = time.perf_counter()
        store = store if store is not None else self.store
        key = msg.state_key
        state = store.get(key) or DialogueState()
        text = (msg.text or "").strip()
        lang = detect_language(text, msg.locale, state.language, first=state.turns == 0)
        turn = Turn(msg, text, lang, state, self.clock())
        typed_before = _typed(state)
        reply = self._held(turn) if self.handoffs is not None and not msg.postback else None
        if reply is None and msg.postback:
            reply = self._postback(turn)
        if reply is None:
            reply = self._in_flow(turn) if state.flow is not None else self._route(turn)
        if reply.handoff is not None and self.handoffs is not None:
            self.handoffs.request(msg, reply.handoff, reply.language)
        typed = tuple(dict.fromkeys((*typed_before, *_typed(state))))
        if typed:
            reply = replace(reply, typed_values=typed, form_answer=bool(typed_before) and reply.intent == FLOW)
        state.language = reply.language
        state.turns += 1
        if reply.intent != PRIVACY_ERASED:  # an erased user's conversation starts afresh, unrecorded
            store.save(key, state)
        log.info("reply intent=%s user=%s channel=%s confidence=%.2f latency_ms=%.1f", reply.intent,
                 hashlib.sha256(key.encode()).hexdigest()[:12], msg.channel, reply.confidence,
                 (time.perf_counter() - started) * 1000)
        return reply

    def _held(self, turn: Turn) -> Reply | None:
        """A typed message while a person handles the conversation (see bot.handoff); an open form
        keeps its answers, so it is not held."""
        assert self.handoffs is not None
        if turn.state.flow is not None:
            return None
        if command(turn.text) in BACK_TO_BOT:
            if not self.handoffs.release(turn.message):
                return None
            return Reply(t("handoff_released", turn.lang), HANDOFF_RELEASED, turn.lang, confidence=1.0,
                         actions=menu_actions(turn.lang))
        acknowledge = self.handoffs.hold(turn.message, turn.lang)
        if acknowledge is None:
            return None
        back = Action("message", t("act_back_to_bot", turn.lang), t("act_back_to_bot", turn.lang))
        return Reply(t("handoff_held", turn.lang) if acknowledge else "", HANDOFF_HELD, turn.lang, confidence=1.0,
                     actions=(back,) if acknowledge else ())

    def reset(self, msg: IncomingMessage) -> None:
        """Forget everything about this user's conversation."""
        self.store.delete(msg.state_key)

    def _route(self, turn: Turn) -> Reply:
        return route(turn, self.intents).handle(turn, self.services)

    def _in_flow(self, turn: Turn) -> Reply:
        interrupt = safety_intent(turn) or (BY_NAME[HANDOFF] if BY_NAME[HANDOFF].matches(turn) else None)
        if interrupt is None and len(turn.norm) <= 10 and BY_NAME[CHECK_STATUS].matches(turn):
            interrupt = BY_NAME[CHECK_STATUS]  # 「我的申請進度」 typed in a form is a command, not an answer
        runner = self.services.runner
        if interrupt is None:
            return runner.handle(turn.message, turn.text, turn.state, turn.lang, turn.now)
        return self._then_the_step_again(turn, interrupt.handle(turn, self.services))

    def _then_the_step_again(self, turn: Turn, reply: Reply) -> Reply:
        """`reply` to something said or pressed inside a form, followed by the form's current step."""
        runner = self.services.runner
        flow = self.services.flows.get(turn.state.flow.name) if turn.state.flow else None
        if flow is None or turn.state.flow is None:
            return reply
        again = runner.prompt(flow, turn.state.flow, turn.lang,
                              ctx=runner.context(turn.message, turn.state, turn.lang))
        return Reply(f"{reply.text}\n\n—\n{again.text}", reply.intent, reply.language,
                     actions=reply.actions + again.actions, form=again.form, handoff=reply.handoff)

    def _postback(self, turn: Turn) -> Reply | None:
        data = turn.message.postback or ""
        kind, _, arg = data.partition(":")
        services, state = self.services, turn.state
        if kind == "intent" and arg in BY_NAME:
            return BY_NAME[arg].handle(turn, services)
        if kind == "flow":
            action, _, name = arg.partition(":")
            flow = services.flows.get(name)
            if action == "start" and flow is not None:
                return services.runner.start(flow, state, turn.lang, turn.now, turn.message)
            if action == "edit" and state.flow is not None:
                return services.runner.edit(name, state, turn.lang, turn.message)
            if action == "pick" and state.flow is not None:
                return None  # a picker's value arrives as the text; the flow step reads it
        if kind == "ask" and arg:
            return services.qa.reply(arg, turn.lang, state)
        handler = services.flows.postbacks.get(kind)
        if handler is not None and arg:
            return self._record_action(turn, handler, arg)
        log.warning("unknown postback %r", data[:60])
        return None

    def _record_action(self, turn: Turn, handler: PostbackHandler, arg: str) -> Reply:
        """A button on one of the user's records (cancel, reschedule...): the handler decides."""
        msg, lang = turn.message, turn.lang
        outcome = handler.handle(user_id=msg.user_id, channel=msg.channel, arg=arg, lang=lang)
        text = outcome.text_en if lang == "en" and outcome.text_en else outcome.text
        if outcome.forgotten:
            return Reply(text, PRIVACY_ERASED, lang, confidence=1.0, actions=outcome.actions)
        flow = self.services.flows.get(outcome.start_flow) if outcome.start_flow else None
        if flow is not None:
            return self.services.runner.start(flow, turn.state, lang, turn.now, msg, values=outcome.values, note=text)
        # A button of a message that arrived mid-form (accept the expert's time): the form goes on.
        return self._then_the_step_again(turn, Reply(text, CHECK_STATUS, lang, confidence=1.0,
                                                     actions=outcome.actions))
