"""The bot's ports over the database: the flow's `ApplicationDesk` (drafts, registry, active
applications), its `FlowCommitter`, and the applicant's records for 「我的申請進度」."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import delete
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError, SQLAlchemyError
from sqlmodel import Session, col, select

from api.abuse.lockout import Lockout
from api.applications import messages as msg
from api.applications.rules import transitions
from api.applications.services import confirmation, lifecycle
from api.applications.services.registry import funded_for
from api.applications.tables import WITHDRAWN, PointsApplication, PointsDraft
from api.errors import Conflict, DomainError, InvalidInput, TooManyRequests, Unauthorized
from api.identity.services import confirmation as identity
from api.models import utcnow
from api.settings import Settings
from bot.flows.ports import CommitError, CommitResult, RecordSummary, Submission
from bot.points.application_flow import Draft
from bot.points.change_flow import PREFIX, RESUBMIT, WITHDRAW
from bot.points.evaluate import open_halls
from bot.points.model import Funding, RuleBook
from bot.types import Action
from knowledge.programme import roc_year, taipei_today

log = logging.getLogger(__name__)
CONFIRM_FLOW = "confirm_application"
"""Older drafts are not offered for resuming, and are deleted whenever a draft is saved."""


def programme_today(settings: Settings) -> date:
    return settings.points_as_of or taipei_today()


def open_year(rules: RuleBook, settings: Settings) -> int | None:
    """The year taking applications today: POINTS_YEAR when staff set it, else the newest year already
    begun (ROC calendar) with a 館 whose published window is open; None when no year is open."""
    if settings.points_year is not None:
        return settings.points_year
    today = programme_today(settings)
    open_years = [y for y in rules.years if y <= roc_year(today.year) and open_halls(rules, y, today)]
    return max(open_years) if open_years else None


def programme_year(rules: RuleBook, settings: Settings) -> int:
    """The year a verdict is given under: the open year, else the newest year the rules hold (the
    verdict then says that year's applications are closed)."""
    found = open_year(rules, settings)
    return found if found is not None else max(rules.years)


class DbApplicationDesk:
    def __init__(self, db: Engine, rules: RuleBook, settings: Settings) -> None:
        self._db, self._rules, self._settings = db, rules, settings

    def year(self) -> int:
        return programme_year(self._rules, self._settings)

    def open_year(self) -> int | None:
        return open_year(self._rules, self._settings)

    def today(self) -> date:
        return programme_today(self._settings)

    def _drafts(self, session: Session, ubn: str, year: int) -> list[PointsDraft]:
        fresh = utcnow() - timedelta(days=self._settings.draft_retention_days)
        rows = session.exec(select(PointsDraft).where(PointsDraft.ubn == ubn, PointsDraft.year == year)
                            .order_by(col(PointsDraft.updated_at).desc())).all()
        return [r for r in rows if _aware(r.updated_at) >= fresh]

    def load_draft(self, *, ubn: str, year: int, user_id: str, channel: str) -> Draft | None:
        with Session(self._db) as session:
            drafts = self._drafts(session, ubn, year)
        own = next((d for d in drafts if (d.channel, d.user_id) == (channel, user_id)), None)
        if own is not None:
            return Draft(dict(own.data), True)
        return Draft(dict(drafts[0].data), False, drafts[0].resume_failures) if drafts else None

    def save_draft(self, *, ubn: str, year: int, user_id: str, channel: str, values: Mapping[str, str]) -> None:
        for _ in range(2):  # a concurrent first save of the same draft: the second try updates it
            try:
                with Session(self._db) as session:
                    row = session.exec(select(PointsDraft).where(
                        PointsDraft.ubn == ubn, PointsDraft.year == year, PointsDraft.channel == channel,
                        PointsDraft.user_id == user_id)).first()
                    if row is None:
                        row = PointsDraft(ubn=ubn, year=year, channel=channel, user_id=user_id)
                    row.data, row.updated_at = dict(values), utcnow()
                    session.add(row)
                    stale = utcnow() - timedelta(days=self._settings.draft_retention_days)
                    session.execute(delete(PointsDraft).where(col(PointsDraft.updated_at) < stale))
                    session.commit()
                return
            except IntegrityError:
                continue
            except SQLAlchemyError:
                log.exception("could not save the application draft")  # the chat goes on; the state keeps it
                return

    def resume_failed(self, *, ubn: str, year: int) -> int:
        with Session(self._db) as session:
            drafts = self._drafts(session, ubn, year)
            if not drafts:
                return 0
            drafts[0].resume_failures += 1
            session.add(drafts[0])
            session.commit()
            return drafts[0].resume_failures

    def funded(self, *, ubn: str) -> tuple[Funding, ...]:
        with Session(self._db) as session:
            return funded_for(session=session, ubn=ubn)

    def has_active_application(self, *, ubn: str, year: int, user_id: str = "", channel: str = "") -> bool:
        with Session(self._db) as session:
            found = lifecycle.active_application(session=session, ubn=ubn, year=year)
        if found is None or identity.policy_of(self._settings) is None:
            return found is not None
        # Anyone may type any 統一編號: only the chat user who holds the application is told of it here;
        # anyone else hears of it after the e-mailed code, in words that say nothing of the company.
        return bool(user_id) and (found.channel, found.user_id) == (channel, user_id)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=ZoneInfo("UTC"))


class ApplicationCommitter:
    """The apply_points flow's commit port: the same service (and checks) as the public API."""

    def __init__(self, db: Engine, rules: RuleBook, settings: Settings) -> None:
        self._db, self._rules, self._settings = db, rules, settings

    def commit(self, submission: Submission) -> CommitResult:
        applicant = lifecycle.Applicant(submission.channel, submission.user_id,
                                       f"applicant:{submission.channel}:{submission.user_id}")
        policy = identity.policy_of(self._settings)
        try:
            with Session(self._db) as session:
                if policy is not None:
                    pending = confirmation.request_application(
                        session=session, rules=self._rules, values=submission.values, applicant=applicant,
                        year=programme_year(self._rules, self._settings), today=programme_today(self._settings),
                        policy=policy)
                    return CommitResult("", *identity.told(pending, policy.minutes),
                                        then_flow=CONFIRM_FLOW, then_values={"confirmation": pending.token})
                app = lifecycle.submit_application(
                    session=session, rules=self._rules, values=submission.values, applicant=applicant,
                    year=programme_year(self._rules, self._settings), today=programme_today(self._settings))
        except Conflict as exc:
            raise CommitError(exc.zh, step="ubn", message_en=exc.en) from exc
        except InvalidInput as exc:
            step = next((d["field"] for d in exc.details or [] if "field" in d), "hall")
            raise CommitError(exc.zh, step=step, message_en=exc.en) from exc
        except (DomainError, SQLAlchemyError) as exc:
            log.exception("application commit failed")
            raise CommitError(msg.SAVE_FAILED[0], message_en=msg.SAVE_FAILED[1]) from exc
        return CommitResult(app.reference, *msg.submitted(app.year, app.hall, app.cap_points, app.ratio,
                                                          heard=result_heard(app, self._settings.email_enabled)))


class ConfirmApplicationCommitter:
    """The `confirm_application` flow's commit port: the e-mailed code submits the application."""

    def __init__(self, db: Engine, rules: RuleBook, settings: Settings, lockout: Lockout | None) -> None:
        self._db, self._rules, self._settings, self._lockout = db, rules, settings, lockout

    def commit(self, submission: Submission) -> CommitResult:
        try:
            with Session(self._db) as session:
                app = confirmation.confirm_application(
                    session=session, rules=self._rules, token=submission.values.get("confirmation", ""),
                    code=submission.values.get("code", ""), key=identity.code_key(self._settings),
                    today=programme_today(self._settings), lockout=self._lockout, address="")
        except (Unauthorized, TooManyRequests) as exc:
            raise CommitError(exc.zh, step="code", message_en=exc.en) from exc
        except DomainError as exc:  # expired, already applied, no longer eligible
            raise CommitError(exc.zh, message_en=exc.en, end=True) from exc
        except SQLAlchemyError as exc:
            log.exception("application confirmation failed")
            raise CommitError(msg.SAVE_FAILED[0], message_en=msg.SAVE_FAILED[1]) from exc
        return CommitResult(app.reference, *msg.submitted(app.year, app.hall, app.cap_points, app.ratio,
                                                          heard=result_heard(app, self._settings.email_enabled)))


def result_heard(app: PointsApplication, email_on: bool) -> msg.Pair:
    """Only what we can send is promised: an e-mail when e-mail is on, else a LINE push, else nothing."""
    if email_on and app.email:
        return msg.result_by_email(app.email)
    return msg.RESULT_BY_PUSH if app.channel == "line" else msg.RESULT_NONE


class ApplicationRecords:
    """A chat user's own applications (those submitted from this channel and user id)."""

    def __init__(self, db: Engine) -> None:
        self._db = db

    def for_user(self, *, user_id: str, channel: str) -> list[RecordSummary]:
        with Session(self._db) as session:
            rows = session.exec(select(PointsApplication).where(PointsApplication.channel == channel,
                                                                PointsApplication.user_id == user_id)
                                .order_by(col(PointsApplication.id).desc()).limit(10)).all()
        return [RecordSummary("application", r.reference, msg.record_status(transitions.label(r.status)),
                              msg.summary(r), actions=_record_actions(r))
                for r in rows]


def _record_actions(app: PointsApplication) -> tuple[Action, ...]:
    """What the applicant may do with it: withdraw while it is open, send again once withdrawn."""
    if transitions.may_move(app.status, WITHDRAWN):
        return (Action("postback", msg.withdraw_label(app.reference), f"{PREFIX}:{WITHDRAW}:{app.reference}"),)
    if app.status == WITHDRAWN:
        return (Action("postback", msg.resubmit_label(app.reference), f"{PREFIX}:{RESUBMIT}:{app.reference}"),)
    return ()
