"""What the web chat page shows besides the reply it waits for: the conversation so far (a reloaded
page) and what arrived since (polled). Three sources, one time line: the user's turns (exchanges),
the messages of the person handling the chat (`api.handoff`) and the messages about the user's
bookings and applications (`api.outbox.web`). Only the session's own: everything is looked up by
the session id, which only its browser holds."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session

from api.exchanges import hash_user, history
from api.handoff.rules.states import is_active
from api.handoff.services.desk import messages_for
from api.outbox import web
from api.schemas import ChatHistory, ChatUpdates, HistoryTurn, NoticeOut, SourceOut, StaffMessageOut
from bot.sources import source_url
from bot.types import rateable

STAFF_POLL_SECONDS = 3.0
"""While a person handles the chat, the page asks this often (or more often, as set)."""


def _turns(session: Session, user_hash: str, limit: int) -> list[HistoryTurn]:
    return [HistoryTurn(exchange_id=ex.id or 0, created_at=ex.created_at, question=ex.question, answer=ex.answer,
                        intent=ex.intent, actions=ex.actions, rateable=rateable(ex.intent, bool(ex.sources)),
                        form=ex.form,
                        sources=[SourceOut(title=s.get("title", ""), source=s.get("source", ""), snippet="",
                                           score=float(s.get("score") or 0), year=s.get("year") or None,
                                           hall=s.get("hall") or None,
                                           url=source_url(s.get("chunk_id", "")) or None)
                                 for s in ex.sources])
            for ex in history(session=session, user_hash=user_hash, limit=limit)]


def conversation(*, session: Session, salt: str, session_id: str, limit: int = 50) -> ChatHistory:
    """The last `limit` turns of this web session, with the staff messages and notices of the same
    stretch of time, oldest first. The notices count as delivered."""
    user_hash = hash_user(salt=salt, channel="web", user_id=session_id)
    turns = _turns(session, user_hash, limit)
    since: datetime | None = turns[0].created_at if turns and len(turns) == limit else None
    handoff, staff = messages_for(session=session, channel="web", user_id=session_id)
    turns += [HistoryTurn(exchange_id=0, created_at=m.created_at, question="", answer=m.text, intent=m.author,
                          sources=[], actions=[], kind=m.author, message_id=m.id, staff_name=m.staff_name)
              for m in staff if since is None or m.created_at >= since]
    turns += [HistoryTurn(exchange_id=0, created_at=n.created_at, question="", answer=n.text, intent=n.kind,
                          sources=[], actions=n.actions, kind="notice", message_id=n.id, topic=n.topic,
                          subject=n.subject)
              for n in web.history(session=session, session_id=session_id, since=since, limit=limit)]
    turns.sort(key=lambda turn: turn.created_at)
    return ChatHistory(session_id=session_id, turns=turns,
                       with_staff=handoff is not None and is_active(handoff.state))


def updates(*, session: Session, session_id: str, after: int, after_notice: int, poll_seconds: float) -> ChatUpdates:
    """Staff messages after `after` and notices after `after_notice` (or not yet fetched); the
    notices count as delivered."""
    handoff, staff = messages_for(session=session, channel="web", user_id=session_id, after=after)
    notices = web.fetch(session=session, session_id=session_id, after=after_notice)
    with_staff = handoff is not None and is_active(handoff.state)
    return ChatUpdates(
        session_id=session_id, with_staff=with_staff,
        messages=[StaffMessageOut(id=m.id or 0, created_at=m.created_at, author=m.author, name=m.staff_name,
                                  text=m.text) for m in staff],
        notices=[NoticeOut(id=n.id, created_at=n.created_at, topic=n.topic, subject=n.subject, kind=n.kind,
                           text=n.text, actions=n.actions) for n in notices],
        poll_seconds=min(poll_seconds, STAFF_POLL_SECONDS) if with_staff else poll_seconds)
