"""Processing one claimed event: produce the reply once, then deliver it once.

The turn is kept in one transaction: its dialogue state, its exchange row and the rendered
messages it answers with (`line_event.rendered`), so a crash keeps all of it or none, and an event
picked up again resends the stored messages instead of running the conversation again.
Delivery (services/delivery.py) records each LINE call before making it, so a retry after a
timeout or a crash neither doubles nor drops the answer. 5xx, 429 and timeouts are retried with
exponential backoff; other 4xx never are; exhausted, refused or uncertain events are
dead-lettered for staff to see and replay.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable
from typing import Any

from linebot.v3.webhooks import Event, FollowEvent
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.abuse import messages as abuse_texts
from api.abuse.rates import RateLimits
from api.conversation import answer_turn, record_turn
from api.errors import DomainError
from api.exchanges import hash_user, record_feedback
from api.line import messages as texts
from api.line.adapters.client import LineApi, LineCallError
from api.line.rules.events import UNREADABLE, Plan, Target, plan_event, target_of
from api.line.services import event_store as store
from api.line.services.delivery import UNCERTAIN, UNCERTAIN_ERROR, ClaimLost, Delivery
from api.line.services.faults import Faults
from api.line.tables import LineEvent
from api.models import Exchange
from api.observability.metrics import Metrics
from api.schemas import FeedbackVote
from api.settings import Settings
from bot.channels.line import plain_text, render_line
from bot.engine import Engine
from bot.handoff import HANDOFF_HELD
from bot.lang import detect_language
from bot.types import APPLY_POINTS, BOOK_EXPERT, CHECK_STATUS, Language

log = logging.getLogger(__name__)

PRIVATE_INTENTS = frozenset({BOOK_EXPERT, APPLY_POINTS, CHECK_STATUS})
ENGINE_ERROR = "engine_error"
Messages = list[dict[str, Any]]


class Processor:
    def __init__(self, *, db: DbEngine, engine: Engine, settings: Settings, api: LineApi,
                 before_answering: Callable[[], None] = lambda: None, rates: RateLimits | None = None,
                 faults: Faults | None = None, metrics: Metrics | None = None) -> None:
        self.db, self.engine, self.settings, self.api = db, engine, settings, api
        self.rates = rates
        self.metrics = metrics
        """Counts each turn's outcome; None: not counted."""
        """Messages answered per LINE chat (RATE_LIMIT_LINE); None: unlimited."""
        self.before_answering = before_answering
        """Called before the engine runs (the runtime lets pending acknowledgements go first)."""
        self.delivery = Delivery(db=db, api=api, settings=settings, faults=faults)

    def process(self, event_id: int, token: str) -> str:
        """Process a claimed event; returns how it ended (for logs and tests)."""
        row = store.load(db=self.db, event_id=event_id)
        if row is None or row.claimed_by != token:
            return "lost"
        try:
            return self._process(row, token)
        except ClaimLost:
            log.warning("LINE event %s: claim lost; the worker holding it now finishes it", event_id)
            return "lost"
        except LineCallError as exc:
            if exc.kind == "transient":
                return self._retry(row, token, str(exc))
            store.dead_letter(db=self.db, event_id=event_id, token=token, reason="refused", error=str(exc))
            return "dead"
        except SQLAlchemyError as exc:
            log.warning("LINE event %s: database error, will retry: %s", event_id, exc)
            return self._retry(row, token, f"database: {type(exc).__name__}")
        except Exception as exc:  # a bug must not stop the loop; staff see it as a dead letter
            log.exception("LINE event %s failed", event_id)
            store.dead_letter(db=self.db, event_id=event_id, token=token, reason="error",
                              error=f"{type(exc).__name__}: {exc}")
            return "dead"

    def _known(self, user: str) -> bool:
        """Followed before (even if they unfollowed since) or has a conversation with us."""
        return store.is_known(db=self.db, user_id=user) or self.engine.store.get(f"line:{user}") is not None

    def _retry(self, row: LineEvent, token: str, error: str) -> str:
        assert row.id is not None
        if row.attempts >= self.settings.line_max_attempts:
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason="retries_exhausted", error=error)
            return "dead"
        delay = min(self.settings.line_retry_max_seconds,
                    self.settings.line_retry_base_seconds * 2 ** max(0, row.attempts - 1))
        store.retry_later(db=self.db, event_id=row.id, token=token, error=error,
                          delay=delay * random.uniform(0.8, 1.2))
        return "retry"

    def _process(self, row: LineEvent, token: str) -> str:
        assert row.id is not None
        if row.event_type == UNREADABLE:  # a signed body we could not read (api.line.http.routes)
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason="unparseable",
                              error=f"unreadable webhook body: {row.body.get('problem', '')}")
            return "dead"
        try:
            event = Event.from_dict(row.body)
        except (ValueError, TypeError, KeyError, AttributeError) as exc:  # logged and alerted, never dropped
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason="unparseable",
                              error=f"line-bot-sdk cannot parse it: {type(exc).__name__}: {str(exc)[:300]}")
            return "dead"
        user = target_of(event).user_id
        plan = plan_event(event, known=isinstance(event, FollowEvent) and user is not None and self._known(user))
        if plan.following is not None and user:
            store.set_following(db=self.db, user_id=user, following=plan.following)
        if plan.kind == "skip":
            store.finish(db=self.db, event_id=row.id, token=token, outcome=plan.outcome)
            return plan.outcome
        if row.rendered is None:
            limited = self._over_limit(plan)
            if limited == "silent":  # told once already in this window: nothing more to send
                store.finish(db=self.db, event_id=row.id, token=token, outcome="rate_limited")
                return "rate_limited"
            if isinstance(limited, list):
                self._keep(row, token, limited)
            elif plan.kind == "turn":
                self._answer(row, token, plan)
            else:
                self._keep(row, token, self._fixed(plan))
        if not row.rendered:  # a message held for the person handling the chat: nothing to send
            store.finish(db=self.db, event_id=row.id, token=token, outcome="held")
            return "held"
        outcome = self.delivery.deliver(row, token, plan.target)
        if outcome == UNCERTAIN:
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason=UNCERTAIN, error=UNCERTAIN_ERROR)
            return UNCERTAIN
        if row.outcome == ENGINE_ERROR:  # the user got an apology; staff get the event to replay
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason=ENGINE_ERROR,
                              error=f"the engine failed: {row.last_error}")
            return "dead"
        store.finish(db=self.db, event_id=row.id, token=token, outcome=outcome)
        return outcome

    def _keep(self, row: LineEvent, token: str, messages: Messages, *, session: Session | None = None,
              exchange_id: int | None = None, failed: str | None = None) -> None:
        """Store the answer and commit it with whatever `session` holds (the turn); raises ClaimLost,
        with nothing kept, when another worker holds the event now."""
        assert row.id is not None
        if session is None:
            with Session(self.db) as own:
                return self._keep(row, token, messages, session=own, exchange_id=exchange_id, failed=failed)
        outcome = ENGINE_ERROR if failed else ""
        if not store.keep_reply(session=session, event_id=row.id, token=token, rendered=messages,
                                exchange_id=exchange_id, outcome=outcome, last_error=failed or ""):
            session.rollback()
            raise ClaimLost(row.id)
        session.commit()
        row.rendered, row.exchange_id, row.outcome, row.last_error = messages, exchange_id, outcome, failed or ""
        return None

    def _over_limit(self, plan: Plan) -> Messages | str | None:
        """None when this chat is within its rate; else the one notice of this window, or "silent"."""
        chat = plan.target.to
        if self.rates is None or chat is None:
            return None
        wait = self.rates.hit("line", chat)
        if not wait:
            return None
        log.info("LINE chat over its rate limit for %.0f s", wait)
        if not self.rates.notice_due("line", chat):
            return "silent"
        lang: Language = detect_language(plan.message.text) if plan.message is not None else "zh"
        return plain_text(texts.pick(abuse_texts.slow_down_line(wait), lang))

    def _fixed(self, plan: Plan) -> Messages:
        if plan.kind == "fixed":
            assert plan.fixed is not None
            return render_line(plan.fixed, group=plan.target.user_id is None)
        return self._feedback(plan)

    def _answer(self, row: LineEvent, token: str, plan: Plan) -> None:
        """Run the conversation turn and keep it, with the messages that answer it, in one transaction."""
        message = plan.message
        assert message is not None
        lang: Language = detect_language(message.text)
        group = plan.target.user_id is None
        timer = self._loading_timer(plan.target)
        self.before_answering()
        try:
            turn = answer_turn(engine=self.engine, settings=self.settings, message=message, metrics=self.metrics)
        except DomainError as exc:  # e.g. a message over the length limit: said in the user's language
            self._keep(row, token, plain_text(exc.en if lang == "en" else exc.zh))
            return
        except SQLAlchemyError:
            raise
        except Exception as exc:
            log.exception("the engine failed on a LINE message")
            self._keep(row, token, plain_text(texts.pick(texts.APOLOGY, lang)), failed=f"{type(exc).__name__}: {exc}")
            return
        finally:
            if timer is not None:
                timer.cancel()
        reply = turn.reply
        private = group and (reply.form is not None or reply.intent in PRIVATE_INTENTS)
        if private:  # personal details are never asked for in a group: forget the flow, point to a private chat
            turn.state.delete(message.state_key)
        with Session(self.db) as session:
            exchange_id = record_turn(session=session, turn=turn)
            if reply.intent == HANDOFF_HELD and not reply.text:
                messages: Messages = []
            elif private:
                messages = plain_text(texts.private_only(reply.language, self.settings.line_chat_url))
            else:
                messages = render_line(reply, exchange_id=exchange_id, base_url=self.settings.public_base_url,
                                       group=group)
            self._keep(row, token, messages, session=session, exchange_id=exchange_id)

    def _loading_timer(self, target: Target) -> threading.Timer | None:
        """LINE's loading animation, shown only if the answer is slow (one-to-one chats only)."""
        if target.user_id is None:
            return None
        user = target.user_id

        def show() -> None:
            try:
                self.api.show_loading(user, 20)
            except LineCallError as exc:
                log.info("loading animation not shown: %s", exc)

        timer = threading.Timer(self.settings.line_loading_after_seconds, show)
        timer.daemon = True
        timer.start()
        return timer

    def _feedback(self, plan: Plan) -> Messages:
        feedback = plan.feedback
        assert feedback is not None and plan.message is None
        chat = plan.target.to or ""
        with Session(self.db) as session:
            exchange = session.get(Exchange, feedback.exchange_id)
            user_hash = hash_user(salt=self.settings.user_hash_salt.get_secret_value(), channel="line", user_id=chat)
            mine = exchange is not None and exchange.user_hash == user_hash
            lang: Language = "en" if exchange is not None and exchange.language == "en" else "zh"
            if not mine:
                return plain_text(texts.pick(texts.STALE_BUTTON, lang))
            try:
                record_feedback(session=session, feedback_in=FeedbackVote(exchange_id=feedback.exchange_id,
                                                                          helpful=feedback.helpful),
                                user_hash=user_hash)
            except DomainError as exc:
                return plain_text(exc.en if lang == "en" else exc.zh)
        return plain_text(texts.pick(texts.FEEDBACK_THANKS if feedback.helpful else texts.FEEDBACK_SORRY, lang))

