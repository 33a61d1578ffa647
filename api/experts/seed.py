"""Demo experts from a YAML file (`tcloud experts seed`): created once, never duplicated."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, delete, select

from api.errors import DomainError
from api.experts.console_tables import ConsoleAccount
from api.experts.http.schemas import ExceptionCreate, ExpertCreate, RuleCreate
from api.experts.services.accounts import create_account
from api.experts.services.directory import create_expert
from api.experts.services.hours import add_exception, add_rule
from api.experts.tables import AvailabilityException, AvailabilityRule, Expert

DEFAULT_FILE = Path(__file__).parent / "seed_experts.yaml"


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _seed_one(session: Session, entry: dict[str, Any]) -> Expert:
    known = {k: v for k, v in entry.items() if k not in ("weekly", "time_off", "account")}
    expert = create_expert(session=session, expert_in=ExpertCreate(**known))
    for block in entry.get("weekly", []):
        for day in block["days"]:
            add_rule(session=session, expert=expert, rule_in=RuleCreate(
                weekday=day, start=time.fromisoformat(block["start"]), end=time.fromisoformat(block["end"])))
    for day in entry.get("time_off", []):
        add_exception(session=session, expert=expert, exception_in=ExceptionCreate(day=day, kind="off"))
    account = entry.get("account")
    if account:
        create_account(session=session, username=account["username"], password=account["password"], role="expert",
                       expert_id=expert.id, display_name=expert.name)
    return expert


def seed_experts(*, db: Engine, path: Path = DEFAULT_FILE) -> SeedReport:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    report = SeedReport()
    for entry in data.get("experts", []):
        name = str(entry.get("name", "")).strip()
        with Session(db) as session:
            if session.exec(select(Expert).where(Expert.name == name)).first() is not None:
                report.skipped.append(name)
                continue
            try:
                _seed_one(session, entry)
                report.created.append(name)
            except (DomainError, ValidationError, KeyError, ValueError, TypeError) as exc:
                session.rollback()
                _remove_partial(session, name)
                message = exc.zh if isinstance(exc, DomainError) else str(exc).splitlines()[0]
                report.errors.append(f"{name or '(no name)'}: {message}")
    return report


def _remove_partial(session: Session, name: str) -> None:
    """An entry that failed half-way leaves nothing behind (its rules, time off, account, expert)."""
    expert = session.exec(select(Expert).where(Expert.name == name)).first()
    if expert is None:
        return
    for table in (AvailabilityRule, AvailabilityException, ConsoleAccount):
        session.exec(delete(table).where(col(table.expert_id) == expert.id))
    session.delete(expert)
    session.commit()
