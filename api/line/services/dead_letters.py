"""Dead letters for staff: list them, and replay one (the event goes back to the queue)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, col, select

from api.errors import Conflict, NotFound
from api.exchanges import hash_user
from api.line import messages as texts
from api.line.http.schemas import DeadLetterPublic, LineQueueStats
from api.line.tables import DEAD, DELIVERING, PENDING, PROCESSING, LineDeadLetter, LineEvent
from api.models import utcnow

RERUN_REASONS = frozenset({"engine_error", "error", "unparseable"})
"""Replaying these runs the conversation again; others resend the answer already produced."""
RESEND_REASONS = RERUN_REASONS | {"uncertain"}
"""Replaying these delivers afresh: new messages (with a new retry key, LINE would refuse a second
push under the old one), or staff judged that an uncertain reply did not arrive. Other replays keep
what the event knows of earlier calls, so a reply or push LINE accepted is not sent again."""


def _summary(body: dict[str, Any]) -> str:
    message = body.get("message") if isinstance(body.get("message"), dict) else None
    postback = body.get("postback") if isinstance(body.get("postback"), dict) else None
    if message is not None:
        text = message.get("text")
        return str(text)[:80] if text else f"[{message.get('type', '?')}]"
    if postback is not None:
        return f"[button] {str(postback.get('data', ''))[:70]}"
    return f"[{body.get('type', '?')}]"


def _public(letter: LineDeadLetter, event: LineEvent, salt: str) -> DeadLetterPublic:
    _, _, chat = event.source_key.partition(":")
    return DeadLetterPublic(
        id=letter.id or 0, event_id=letter.event_id, webhook_event_id=event.webhook_event_id,
        event_type=event.event_type, chat=hash_user(salt=salt, channel="line", user_id=chat) if chat else "",
        summary=_summary(event.body), reason=letter.reason, error=letter.error, attempts=event.attempts,
        created_at=letter.created_at, replayed_at=letter.replayed_at, replayed_by=letter.replayed_by)


def list_dead_letters(*, session: Session, salt: str, replayed: bool, limit: int) -> list[DeadLetterPublic]:
    replay_filter = col(LineDeadLetter.replayed_at).is_not(None) if replayed else \
        col(LineDeadLetter.replayed_at).is_(None)
    rows = session.exec(select(LineDeadLetter, LineEvent)
                        .join(LineEvent, col(LineEvent.id) == col(LineDeadLetter.event_id))
                        .where(replay_filter).order_by(col(LineDeadLetter.id).desc()).limit(limit)).all()
    return [_public(letter, event, salt) for letter, event in rows]


def replay_dead_letter(*, session: Session, dead_letter_id: int, staff: str, salt: str) -> DeadLetterPublic:
    letter = session.get(LineDeadLetter, dead_letter_id)
    if letter is None:
        raise NotFound(*texts.DEAD_LETTER_NOT_FOUND)
    if letter.replayed_at is not None:
        raise Conflict(*texts.ALREADY_REPLAYED)
    event = session.get(LineEvent, letter.event_id)
    if event is None or event.status != DEAD:
        raise Conflict(*texts.NOT_FAILED)
    now = utcnow()
    letter.replayed_at, letter.replayed_by = now, staff
    event.status, event.attempts, event.next_attempt_at = PENDING, 0, now
    event.claimed_by, event.claimed_until, event.finished_at = "", None, None
    event.outcome = ""
    if letter.reason in RESEND_REASONS:
        event.delivery = ""
    if letter.reason in RERUN_REASONS:
        event.rendered, event.exchange_id, event.retry_key = None, None, str(uuid.uuid4())
    session.add(letter)
    session.add(event)
    session.commit()
    session.refresh(letter)
    session.refresh(event)
    return _public(letter, event, salt)


def queue_stats(*, session: Session) -> LineQueueStats:
    counts = dict(session.exec(select(LineEvent.status, func.count()).group_by(LineEvent.status)).all())
    open_letters = session.exec(select(func.count()).select_from(LineDeadLetter)
                                .where(col(LineDeadLetter.replayed_at).is_(None))).one()
    return LineQueueStats(pending=counts.get(PENDING, 0),
                          processing=counts.get(PROCESSING, 0) + counts.get(DELIVERING, 0),
                          done=counts.get("done", 0), dead=counts.get(DEAD, 0), dead_letters_open=int(open_letters))
