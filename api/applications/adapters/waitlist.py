"""The 「開放申請時通知我」 button (postback `pw:join`): records who asked."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.applications import messages as msg
from api.applications.services import waitlist
from bot.flows.ports import PostbackOutcome
from bot.types import Language
from knowledge.programme import roc_year, taipei_today

log = logging.getLogger(__name__)
PREFIX = "pw"


class WaitlistPostbacks:
    def __init__(self, db: Engine) -> None:
        self._db = db

    def handle(self, *, user_id: str, channel: str, arg: str, lang: Language) -> PostbackOutcome:
        if arg != "join" or not user_id:
            return PostbackOutcome(*msg.WAITLIST_UNKNOWN)
        try:
            with Session(self._db) as session:
                _, new = waitlist.join(session=session, channel=channel, user_id=user_id,
                                       asked_in_year=roc_year(taipei_today().year))
        except SQLAlchemyError:
            log.exception("could not record the waitlist entry")
            return PostbackOutcome(*msg.SAVE_FAILED)
        return PostbackOutcome(*(msg.WAITLIST_JOINED if new else msg.WAITLIST_ALREADY))
