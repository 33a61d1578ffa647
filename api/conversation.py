"""One turn of a web or LINE conversation: run the engine, then keep the turn in one transaction
(its dialogue state and its exchange row; the LINE channel adds the reply it will send)."""

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
from api.state_store import TurnState
from bot.engine import Engine
from bot.types import PRIVACY_ERASED, IncomingMessage, Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TurnResult:
    reply: Reply
    exchange_id: int | None


@dataclass
class Turn:
    """A turn the engine has answered but nothing of which is stored yet (see `record_turn`)."""

    message: IncomingMessage
    reply: Reply
    state: TurnState
    latency_ms: float
    user_hash: str


def check_message(*, text: str, postback: str | None, settings: Settings) -> None:
    if not text.strip() and not postback:
        raise InvalidInput("請輸入想問的問題。", "Please type a question.")
    if len(text) > settings.max_message_chars:
        raise InvalidInput(f"訊息太長了，請精簡到{settings.max_message_chars}字以內再問一次。",
                           f"That message is too long; please keep it under {settings.max_message_chars} characters.")


def answer_turn(*, engine: Engine, settings: Settings, message: IncomingMessage,
                metrics: Metrics | None = None) -> Turn:
    """Run the engine on one message; its dialogue-state changes are held in the returned turn.
    `metrics`: the turn is counted by outcome (answered, clarified, declined, curated, other)."""
    user_hash = hash_user(salt=settings.user_hash_salt.get_secret_value(), channel=message.channel,
                          user_id=message.user_id)
    annotate(channel=message.channel, user=user_hash)  # every line logged from here on names them
    check_message(text=message.text, postback=message.postback, settings=settings)
    state = TurnState(engine.store)
    started = time.perf_counter()
    reply = engine.handle(message, store=state)
    latency_ms = (time.perf_counter() - started) * 1000
    if metrics is not None:
        metrics.count_turn(reply, message.channel)
    log.info("turn", extra={"user": user_hash, "channel": message.channel, "intent": reply.intent,
                            "latency_ms": round(latency_ms, 1)})
    return Turn(message, reply, state, latency_ms, user_hash)


def record_turn(*, session: Session, turn: Turn) -> int | None:
    """Put the turn's exchange row and dialogue state into `session` (the caller commits, with
    anything of its own, so the turn is kept whole or not at all); returns the exchange's id.
    `session` must have nothing else pending: a failed exchange row rolls it back."""
    message, reply = turn.message, turn.reply
    exchange_id: int | None = None
    if reply.intent != PRIVACY_ERASED:  # the user's data was just erased: nothing of this turn is kept
        try:
            exchange = log_exchange(session=session, question=message.text or f"[postback] {message.postback}",
                                    reply=reply, channel=message.channel, user_hash=turn.user_hash,
                                    latency_ms=turn.latency_ms, commit=False)
            exchange_id = exchange.id
        except SQLAlchemyError:
            # The user still gets their answer and the conversation goes on; analytics lose one row.
            log.exception("could not log the exchange")
            session.rollback()
    turn.state.write_to(session)
    return exchange_id


def run_turn(*, engine: Engine, session: Session, settings: Settings, message: IncomingMessage,
             metrics: Metrics | None = None) -> TurnResult:
    """Answer one message and keep the turn (dialogue state and exchange row, one transaction)."""
    turn = answer_turn(engine=engine, settings=settings, message=message, metrics=metrics)
    exchange_id = record_turn(session=session, turn=turn)
    session.commit()
    return TurnResult(turn.reply, exchange_id)
