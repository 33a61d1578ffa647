"""One turn of a web or LINE conversation: run the engine, log the exchange."""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.errors import InvalidInput
from api.exchanges import hash_user, log_exchange
from api.observability.context import annotate
from api.observability.metrics import Metrics
from api.settings import Settings
from bot.engine import Engine
from bot.types import PRIVACY_ERASED, IncomingMessage, Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnResult:
    reply: Reply
    exchange_id: int | None


def check_message(*, text: str, postback: str | None, settings: Settings) -> None:
    if not text.strip() and not postback:
        raise InvalidInput("請輸入想問的問題。", "Please type a question.")
    if len(text) > settings.max_message_chars:
        raise InvalidInput(f"訊息太長了，請精簡到{settings.max_message_chars}字以內再問一次。",
                           f"That message is too long; please keep it under {settings.max_message_chars} characters.")


def run_turn(*, engine: Engine, session: Session, settings: Settings, message: IncomingMessage,
             metrics: Metrics | None = None) -> TurnResult:
    """`metrics`: the turn is counted by outcome (answered, clarified, declined, curated, other)."""
    user_hash = hash_user(salt=settings.user_hash_salt.get_secret_value(), channel=message.channel,
                          user_id=message.user_id)
    annotate(channel=message.channel, user=user_hash)  # every line logged from here on names them
    check_message(text=message.text, postback=message.postback, settings=settings)
    started = time.perf_counter()
    reply = engine.handle(message)
    latency_ms = (time.perf_counter() - started) * 1000
    if metrics is not None:
        metrics.count_turn(reply, message.channel)
    log.info("turn", extra={"user": user_hash, "channel": message.channel, "intent": reply.intent,
                            "latency_ms": round(latency_ms, 1)})
    if reply.intent == PRIVACY_ERASED:
        return TurnResult(reply, None)  # the user's data was just erased: nothing of this turn is kept
    try:
        exchange = log_exchange(session=session, question=message.text or f"[postback] {message.postback}",
                                reply=reply, channel=message.channel, user_hash=user_hash, latency_ms=latency_ms)
    except SQLAlchemyError:
        # The user still gets their answer; analytics lose one row.
        log.exception("could not log the exchange")
        session.rollback()
        return TurnResult(reply, None)
    return TurnResult(reply, exchange.id)
