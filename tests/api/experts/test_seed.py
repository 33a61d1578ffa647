"""`tcloud experts seed`: the demo experts once, never twice; a broken entry leaves nothing behind."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.cli import main
from api.experts.console_tables import ConsoleAccount
from api.experts.seed import seed_experts
from api.experts.services.hours import free_slots
from api.experts.tables import AvailabilityRule, Expert


def test_the_demo_experts_are_seeded_once_with_hours_and_sign_ins(db: Engine) -> None:
    first = seed_experts(db=db)
    assert len(first.created) == 4 and not first.errors
    again = seed_experts(db=db)
    assert again.created == [] and len(again.skipped) == 4
    with Session(db) as session:
        experts = session.exec(select(Expert)).all()
        assert len(experts) == 4 and all(free_slots(session=session, expert=e, limit=1) for e in experts)
        assert len(session.exec(select(ConsoleAccount)).all()) == 3


def test_an_entry_with_overlapping_hours_is_refused_whole(db: Engine, tmp_path: Path) -> None:
    path = tmp_path / "experts.yaml"
    path.write_text("""
experts:
  - name: 重疊的專家
    topics: [資安]
    weekly:
      - {days: [1], start: "09:00", end: "12:00"}
      - {days: [1], start: "11:00", end: "13:00"}
    account: {username: overlap, password: a-long-password}
  - name: 好的專家
    weekly:
      - {days: [1], start: "09:00", end: "12:00"}
""", encoding="utf-8")
    report = seed_experts(db=db, path=path)
    assert report.created == ["好的專家"] and report.errors[0].startswith("重疊的專家: 與既有的每週時段重疊")
    with Session(db) as session:
        assert [e.name for e in session.exec(select(Expert)).all()] == ["好的專家"]
        assert len(session.exec(select(AvailabilityRule)).all()) == 1


def test_the_command_reports_what_it_did(db: Engine, monkeypatch: pytest.MonkeyPatch,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATABASE_URL", db.url.render_as_string(hide_password=False))
    assert main(["experts", "seed"]) == 0
    assert "4 created" in capsys.readouterr().out
    assert main(["experts", "seed"]) == 0
    assert "0 created, 4 already there" in capsys.readouterr().out
