"""The applicant's own requests from the chat (`bot.points.change_flow`): status, withdraw,
resubmit, each proved with the application's contact phone; and the record buttons that start it."""

from __future__ import annotations

import logging

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from api.applications import messages as msg
from api.applications.adapters.desk import programme_today
from api.applications.rules import transitions
from api.applications.services import lifecycle
from api.applications.tables import WITHDRAWN
from api.errors import DomainError, NotFound, Unauthorized
from api.settings import Settings
from bot.flows.ports import CommitError, CommitResult, PostbackOutcome, Submission
from bot.points.change_flow import FLOW_NAME, RESUBMIT, WITHDRAW
from bot.points.model import RuleBook
from bot.types import Language

log = logging.getLogger(__name__)


class ApplicationChangeCommitter:
    def __init__(self, db: Engine, rules: RuleBook, settings: Settings) -> None:
        self._db, self._rules, self._settings = db, rules, settings

    def commit(self, submission: Submission) -> CommitResult:
        values = submission.values
        reference, action, phone = values["reference"], values["action"], values["phone"]
        actor = f"applicant:{submission.channel}:{submission.user_id}"
        try:
            with Session(self._db) as session:
                app = lifecycle.get_application(session=session, reference=reference)
                lifecycle.check_owner(app, phone)
                if action == WITHDRAW:
                    app = lifecycle.change_status(session=session, reference=reference, to_status=WITHDRAWN,
                                                  actor=actor, note="withdrawn from the chat")
                    return CommitResult(app.reference, *msg.withdrawn(app.reference), whole=True)
                if action == RESUBMIT:
                    new = lifecycle.resubmit(session=session, rules=self._rules, reference=reference, phone=phone,
                                             today=programme_today(self._settings))
                    zh, en = msg.submitted(new.year, new.hall, new.cap_points, new.ratio)
                    return CommitResult(new.reference, *msg.resubmitted_in_chat(reference, new.reference, zh, en),
                                        whole=True)
                zh = f"{app.reference}：{msg.record_status(transitions.label(app.status))}（{msg.summary(app)}）"
                return CommitResult(app.reference, zh, f"{app.reference}: {transitions.label(app.status, 'en')}",
                                    whole=True)
        except NotFound as exc:
            raise CommitError(exc.zh, step="reference", message_en=exc.en) from exc
        except Unauthorized as exc:
            raise CommitError(exc.zh, step="phone", message_en=exc.en) from exc
        except DomainError as exc:  # e.g. already decided: cannot be withdrawn
            raise CommitError(exc.zh, message_en=exc.en) from exc
        except SQLAlchemyError as exc:
            log.exception("application change failed")
            raise CommitError(msg.SAVE_FAILED[0], message_en=msg.SAVE_FAILED[1]) from exc


class ApplicationPostbacks:
    """`ap:withdraw:<reference>` / `ap:resubmit:<reference>` on 「我的申請進度」: ask for the proof."""

    def handle(self, *, user_id: str, channel: str, arg: str, lang: Language) -> PostbackOutcome:
        action, _, reference = arg.partition(":")
        if action not in (WITHDRAW, RESUBMIT) or not reference:
            return PostbackOutcome(*msg.UNKNOWN_REQUEST)
        return PostbackOutcome(*msg.change_intro(action == WITHDRAW, reference), start_flow=FLOW_NAME,
                               values={"reference": reference, "action": action})
