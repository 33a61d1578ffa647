"""Operations by staff on experts, their hours and console accounts, and on the LINE queue: each
the feature's own service, with the staff audit entry added first so it commits with the change
(a refused change rolls back, audit entry and all)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from api.errors import Conflict
from api.experts.console_tables import ConsoleAccount
from api.experts.http.schemas import AccountCreate, ExceptionCreate, ExpertCreate, ExpertUpdate, RuleCreate
from api.experts.services import accounts, directory, hours
from api.experts.tables import AvailabilityException, AvailabilityRule, Expert
from api.line.http.schemas import DeadLetterPublic, LineQueueStats
from api.line.services import dead_letters
from api.operations import messages as msg
from api.outbox import service as outbox
from api.staff.services import audit


@dataclass(frozen=True)
class Actor:
    username: str
    role: str


def _record(session: Session, who: Actor, action: str, target: str, detail: dict[str, Any] | None = None) -> None:
    audit.record(session, actor=who.username, role=who.role, action=action, target=target, detail=detail)


def _json(values: dict[str, Any]) -> dict[str, Any]:
    return {k: (v if isinstance(v, str | int | bool | list | type(None)) else str(v)) for k, v in values.items()}


def create_expert(*, session: Session, who: Actor, expert_in: ExpertCreate) -> Expert:
    _record(session, who, "expert.create", expert_in.name, _json(expert_in.model_dump()))
    return directory.create_expert(session=session, expert_in=expert_in)


def update_expert(*, session: Session, who: Actor, expert_id: int, expert_in: ExpertUpdate) -> Expert:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert.update", f"expert {expert_id}", _json(expert_in.model_dump(exclude_unset=True)))
    return directory.update_expert(session=session, expert=expert, expert_in=expert_in)


def set_expert_active(*, session: Session, who: Actor, expert_id: int, active: bool) -> Expert:
    """Deactivate (no new bookings; existing ones stay) or reactivate; asking twice says so."""
    expert = directory.get_expert(session=session, expert_id=expert_id)
    if expert.active == active:
        raise Conflict(*(msg.ALREADY_ACTIVE if active else msg.ALREADY_INACTIVE))
    _record(session, who, "expert.activate" if active else "expert.deactivate", f"expert {expert_id}")
    return directory.update_expert(session=session, expert=expert, expert_in=ExpertUpdate(active=active))


def add_rule(*, session: Session, who: Actor, expert_id: int, rule_in: RuleCreate) -> AvailabilityRule:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert.rule_add", f"expert {expert_id}", _json(rule_in.model_dump()))
    return hours.add_rule(session=session, expert=expert, rule_in=rule_in)


def delete_rule(*, session: Session, who: Actor, expert_id: int, rule_id: int) -> None:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert.rule_delete", f"expert {expert_id}", {"rule_id": rule_id})
    hours.delete_rule(session=session, expert=expert, rule_id=rule_id)


def add_exception(*, session: Session, who: Actor, expert_id: int,
                  exception_in: ExceptionCreate) -> AvailabilityException:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert.exception_add", f"expert {expert_id}", _json(exception_in.model_dump()))
    return hours.add_exception(session=session, expert=expert, exception_in=exception_in)


def delete_exception(*, session: Session, who: Actor, expert_id: int, exception_id: int) -> None:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert.exception_delete", f"expert {expert_id}", {"exception_id": exception_id})
    hours.delete_exception(session=session, expert=expert, exception_id=exception_id)


def create_expert_account(*, session: Session, who: Actor, expert_id: int, account_in: AccountCreate) -> ConsoleAccount:
    expert = directory.get_expert(session=session, expert_id=expert_id)
    _record(session, who, "expert_account.create", account_in.username.strip().lower(), {"expert_id": expert_id})
    return accounts.create_account(session=session, username=account_in.username, password=account_in.password,
                                   role="expert", expert_id=expert.id,
                                   display_name=account_in.display_name or expert.name)


def deactivate_expert_account(*, session: Session, who: Actor, account_id: int) -> ConsoleAccount:
    _record(session, who, "expert_account.deactivate", f"account {account_id}")
    return accounts.deactivate(session=session, account_id=account_id, role="expert")


def replay_dead_letter(*, session: Session, who: Actor, dead_letter_id: int, salt: str) -> DeadLetterPublic:
    _record(session, who, "line.replay", f"dead letter {dead_letter_id}")
    return dead_letters.replay_dead_letter(session=session, dead_letter_id=dead_letter_id, staff=who.username,
                                           salt=salt)


@dataclass(frozen=True)
class Figures:
    line: LineQueueStats
    outbox: dict[str, int]


def figures(*, session: Session) -> Figures:
    return Figures(dead_letters.queue_stats(session=session), outbox.counts(session=session))
