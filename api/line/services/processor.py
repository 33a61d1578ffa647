"""Processing one claimed event: produce the reply once, then deliver it (reply, else push).

The rendered messages are stored before anything is sent, so a retry (after a LINE outage or a
crash) resends the same answer instead of running the conversation again. Delivery uses the reply
token while it is young; an expired token falls back to a push carrying the event's own
X-Line-Retry-Key, so a push retried after a timeout is delivered once. 5xx, 429 and timeouts are
retried with exponential backoff; other 4xx never are; exhausted or refused events are
dead-lettered for staff to see and replay.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Callable
from typing import Any

from linebot.v3.webhooks import Event, FollowEvent
from sqlalchemy.engine import Engine as DbEngine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.abuse import messages as abuse_texts
from api.abuse.rates import RateLimits
from api.conversation import run_turn
from api.errors import DomainError
from api.exchanges import hash_user, record_feedback
from api.line import messages as texts
from api.line.adapters.client import LineApi, LineCallError
from api.line.rules.events import UNREADABLE, Plan, Target, plan_event, target_of
from api.line.services import event_store as store
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

SURE_USED_SECONDS = 20.0
"""A reply token this young cannot have expired: if a retried reply says it is invalid, the
earlier attempt (which timed out) was delivered, and pushing again would double the answer."""

PRIVATE_INTENTS = frozenset({BOOK_EXPERT, APPLY_POINTS, CHECK_STATUS})
Messages = list[dict[str, Any]]


class Processor:
    def __init__(self, *, db: DbEngine, engine: Engine, settings: Settings, api: LineApi,
                 before_answering: Callable[[], None] = lambda: None, rates: RateLimits | None = None,
                 metrics: Metrics | None = None) -> None:
        self.db, self.engine, self.settings, self.api = db, engine, settings, api
        self.rates = rates
        self.metrics = metrics
        """Counts each turn's outcome; None: not counted."""
        """Messages answered per LINE chat (RATE_LIMIT_LINE); None: unlimited."""
        self.before_answering = before_answering
        """Called before the engine runs (the runtime lets pending acknowledgements go first)."""

    def process(self, event_id: int, token: str) -> str:
        """Process a claimed event; returns how it ended (for logs and tests)."""
        row = store.load(db=self.db, event_id=event_id)
        if row is None or row.claimed_by != token:
            return "lost"
        try:
            return self._process(row, token)
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
        # An apology stored on an earlier attempt still owes staff its dead letter.
        failed = "the engine failed on an earlier attempt" if row.outcome == "engine_error" else None
        if row.rendered is None:
            limited = self._over_limit(plan)
            if limited == "silent":  # told once already in this window: nothing more to send
                store.finish(db=self.db, event_id=row.id, token=token, outcome="rate_limited")
                return "rate_limited"
            if isinstance(limited, list):
                messages, exchange_id, failed = limited, None, None
            else:
                messages, exchange_id, failed = self._produce(plan)
            if not store.update_claimed(db=self.db, event_id=row.id, token=token, rendered=messages,
                                        exchange_id=exchange_id, outcome="engine_error" if failed else ""):
                return "lost"
            row.rendered = messages
        if not row.rendered:  # a message held for the person handling the chat: nothing to send
            store.finish(db=self.db, event_id=row.id, token=token, outcome="held")
            return "held"
        outcome = self._deliver(row, token, plan.target, row.rendered)
        if failed is not None:  # the user got an apology; staff get the event to replay
            store.dead_letter(db=self.db, event_id=row.id, token=token, reason="engine_error", error=failed)
            return "dead"
        store.finish(db=self.db, event_id=row.id, token=token, outcome=outcome)
        return outcome

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

    def _produce(self, plan: Plan) -> tuple[Messages, int | None, str | None]:
        """The messages for this event, the exchange they answer, and an error if the engine failed."""
        if plan.kind == "fixed":
            assert plan.fixed is not None
            return render_line(plan.fixed, group=plan.target.user_id is None), None, None
        if plan.kind == "feedback":
            return self._feedback(plan), None, None
        assert plan.message is not None
        lang: Language = detect_language(plan.message.text)
        timer = self._loading_timer(plan.target)
        self.before_answering()
        try:
            with Session(self.db) as session:
                result = run_turn(engine=self.engine, session=session, settings=self.settings,
                                  message=plan.message, metrics=self.metrics)
            reply = result.reply
            if reply.intent == HANDOFF_HELD and not reply.text:
                return [], result.exchange_id, None
            if plan.target.user_id is None and (reply.form is not None or reply.intent in PRIVATE_INTENTS):
                # Personal details are never asked for in a group: forget the flow, point to a private chat.
                self.engine.reset(plan.message)
                private = texts.private_only(reply.language, self.settings.line_chat_url)
                return plain_text(private), result.exchange_id, None
            return render_line(reply, exchange_id=result.exchange_id, base_url=self.settings.public_base_url,
                               group=plan.target.user_id is None), result.exchange_id, None
        except DomainError as exc:  # e.g. a message over the length limit: said in the user's language
            return plain_text(exc.en if lang == "en" else exc.zh), None, None
        except SQLAlchemyError:
            raise
        except Exception as exc:
            log.exception("the engine failed on a LINE message")
            return plain_text(texts.pick(texts.APOLOGY, lang)), None, f"{type(exc).__name__}: {exc}"
        finally:
            if timer is not None:
                timer.cancel()

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

    def _deliver(self, row: LineEvent, token: str, target: Target, messages: Messages) -> str:
        assert row.id is not None
        age = time.time() - row.event_ts / 1000
        if target.reply_token and age <= self.settings.line_reply_token_seconds:
            try:
                self.api.reply(target.reply_token, messages)
                return "replied"
            except LineCallError as exc:
                if exc.kind == "transient":
                    store.update_claimed(db=self.db, event_id=row.id, token=token, reply_unsure=True)
                    raise
                if exc.kind != "invalid_token":
                    raise
                if row.reply_unsure and age < SURE_USED_SECONDS:
                    log.warning("LINE event %s: reply token used by an attempt that timed out; not pushing",
                                row.id)
                    return "replied_unconfirmed"
                log.info("LINE event %s: reply token expired (%.0f s); pushing instead", row.id, age)
        if target.to is None:
            raise LineCallError("refused", "no reply token and nobody to push to")
        if target.user_id is not None and not store.is_following(db=self.db, user_id=target.user_id):
            return "unfollowed"
        try:
            self.api.push(target.to, messages, retry_key=row.retry_key)
        except LineCallError as exc:
            if exc.kind != "duplicate":
                raise
        return "pushed"

