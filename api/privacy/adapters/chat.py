"""The `pdpa` postback handler (`bot.intents.privacy.POSTBACK`): the chat's 「查詢我的個人資料」 and
確認刪除."""

from __future__ import annotations

from urllib.parse import urlencode

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.privacy import messages as msg
from api.privacy.services import personal_data
from bot.flows.ports import PostbackOutcome
from bot.intents.privacy import ERASE, EXPORT
from bot.types import Action, Language

EXPORT_PATH = "/api/chat/privacy/export"


class PrivacyPostbacks:
    def __init__(self, db: Engine, salt: str) -> None:
        self.db, self.salt = db, salt

    def handle(self, *, user_id: str, channel: str, arg: str, lang: Language) -> PostbackOutcome:
        who = personal_data.subject(channel, user_id)
        with Session(self.db) as session:
            if arg == ERASE:
                counts = personal_data.erase(session=session, salt=self.salt, who=who, requested_by="user")
                return PostbackOutcome(*msg.erased(counts), forgotten=True)
            if arg != EXPORT:
                return PostbackOutcome(*msg.KEPT)
            data = personal_data.export(session=session, salt=self.salt, who=who, requested_by="user")
        counts = personal_data.counts_of(data)
        if not any(counts.values()):
            return PostbackOutcome(*msg.NOTHING_KEPT)
        references = [r["reference"] for r in (*data["bookings"], *data["applications"])]
        zh, en = msg.summary(counts, references, web=channel == "web")
        pick = 1 if lang == "en" else 0
        actions = [Action("message", msg.ERASE[pick], msg.ERASE[pick])]  # asks for confirmation first
        if channel == "web":
            link = f"{EXPORT_PATH}?{urlencode({'session_id': user_id})}"
            actions.insert(0, Action("uri", msg.DOWNLOAD[pick], link))
        return PostbackOutcome(zh, en, actions=tuple(actions))
