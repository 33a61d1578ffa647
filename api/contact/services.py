"""Saving a contact request (one transaction): the contact flow's commit port."""

from __future__ import annotations

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.contact import messages as msg
from api.models import ContactRequest
from bot.flows.ports import CommitError, CommitResult, Submission


class ContactRequests:
    """The contact flow's commit port."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    def commit(self, submission: Submission) -> CommitResult:
        values = submission.values
        request = ContactRequest(channel=submission.channel, user_id=submission.user_id,
                                 name=values.get("name", ""), phone=values.get("phone", ""),
                                 topic=values.get("topic", ""), note=values.get("note", ""))
        try:
            with Session(self._db) as session:
                session.add(request)
                session.commit()
                session.refresh(request)
        except SQLAlchemyError as exc:
            raise CommitError(msg.SAVE_FAILED[0], message_en=msg.SAVE_FAILED[1]) from exc
        return CommitResult(f"C-{request.id:05d}", *msg.RECEIVED)
