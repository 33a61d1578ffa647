"""`python -m bench experts`: availability computation for an expert with a year of rules
(target <= 20 ms), and a booking race (attempts, bookings made, conflicts returned).

    python -m bench experts                       # SQLite in a temporary directory
    python -m bench experts --database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench
"""

from __future__ import annotations

import statistics
import tempfile
import threading
import time as clock
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlmodel import Session, func, select

from api.db import make_engine
from api.experts.errors import SlotTaken
from api.experts.http.schemas import BookingCreate, ExpertCreate, RuleCreate
from api.experts.rules.availability import DayException, Policy, Schedule, Weekly
from api.experts.services.booking import create_booking
from api.experts.services.directory import create_expert
from api.experts.services.hours import add_rule, free_slots
from api.experts.tables import AvailabilityException, Booking, slot_key
from api.migrate import upgrade
from bench import say


def year_of_rules(start: date) -> tuple[list[Weekly], list[DayException]]:
    """Four quarters of weekly hours (mornings and afternoons, changing each quarter), national holidays
    and personal days off, and a few evenings of extra hours: about what an expert keeps in a year."""
    rules = []
    for quarter in range(4):
        first = start + timedelta(days=91 * quarter)
        last = first + timedelta(days=90)
        for weekday in range(5):
            rules.append(Weekly(weekday, 9 * 60 + 30 * (quarter % 2), 12 * 60, first, last))
            rules.append(Weekly(weekday, 13 * 60 + 30, 17 * 60 + 30 * (quarter % 2), first, last))
    exceptions = [DayException(start + timedelta(days=d), "off") for d in range(3, 365, 9)]
    exceptions += [DayException(start + timedelta(days=d), "off", 9 * 60, 12 * 60) for d in range(5, 365, 17)]
    exceptions += [DayException(start + timedelta(days=d), "extra", 18 * 60, 21 * 60) for d in range(6, 365, 13)]
    return rules, exceptions


def bench_availability(runs: int = 50) -> dict[str, Any]:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    rules, exceptions = year_of_rules(now.date())
    schedule = Schedule(rules, exceptions, Policy(slot_minutes=60, buffer_minutes=15, min_notice_hours=24,
                                                  horizon_days=365))
    every = schedule.free_slots(now=now, busy=[])
    busy = [(s, s + timedelta(hours=1)) for s in every[::3]]  # a third of the year already booked
    times, found = [], []
    for _ in range(runs):
        started = clock.perf_counter()
        found = schedule.free_slots(now=now, busy=busy)
        times.append((clock.perf_counter() - started) * 1000)
    next_week = []
    for _ in range(runs):
        started = clock.perf_counter()
        schedule.free_slots(now=now, busy=busy, limit=6)
        next_week.append((clock.perf_counter() - started) * 1000)
    say(f"availability, one expert, a year of rules ({len(rules)} weekly rules, {len(exceptions)} date exceptions, "
        f"{len(busy)} bookings):")
    say(f"  whole 365-day horizon -> {len(found)} free slots: median {statistics.median(times):.2f} ms, "
        f"max {max(times):.2f} ms (target <= 20 ms)")
    say(f"  next 6 free slots (what the chat shows): median {statistics.median(next_week):.3f} ms")
    return {"weekly_rules": len(rules), "date_exceptions": len(exceptions), "bookings": len(busy),
            "free_slots": len(found), "horizon_median_ms": round(statistics.median(times), 3),
            "horizon_max_ms": round(max(times), 3), "next_6_median_ms": round(statistics.median(next_week), 3)}


def bench_availability_from_db(url: str, runs: int = 20) -> dict[str, Any]:
    db = make_engine(url)
    upgrade(db)
    now = datetime.now(UTC)
    rules, exceptions = year_of_rules(now.date())
    with Session(db) as session:
        expert = create_expert(session=session, expert_in=ExpertCreate(
            name="基準測試專家", min_notice_hours=24, horizon_days=365))
        for r in rules:
            add_rule(session=session, expert=expert, rule_in=RuleCreate(
                weekday=r.weekday, start=time(r.start // 60, r.start % 60), end=time(r.end // 60, r.end % 60),
                valid_from=r.valid_from, valid_until=r.valid_until))
        for e in exceptions:
            session.add(AvailabilityException(
                expert_id=expert.id or 0, day=e.day, kind=e.kind,
                start=time(e.start // 60, e.start % 60) if e.start is not None else None,
                end=time(e.end // 60, e.end % 60) if e.end is not None else None))
        every = free_slots(session=session, expert=expert, now=now)
        for i, s in enumerate(every[::3]):
            session.add(Booking(expert_id=expert.id or 0, slot_start=s, slot_end=s + timedelta(hours=1),
                                status="confirmed", active_slot_key=slot_key(expert.id or 0, s), channel="web",
                                user_id=f"u{i}", company="基準公司", tax_id="12345670", contact_name="測試",
                                mode="video", topic="基準"))
        session.commit()
        times = []
        for _ in range(runs):
            started = clock.perf_counter()
            found = free_slots(session=session, expert=expert, now=now)
            times.append((clock.perf_counter() - started) * 1000)
    say(f"  the same, read from {db.dialect.name} (rules, exceptions, {len(every[::3])} bookings loaded): "
        f"{len(found)} free slots, median {statistics.median(times):.2f} ms")
    figures = {"database": db.dialect.name, "free_slots": len(found), "median_ms": round(statistics.median(times), 3)}
    db.dispose()
    return figures


def bench_race(url: str, attempts: int) -> dict[str, Any]:
    db = make_engine(url)
    upgrade(db)
    with Session(db) as session:
        expert = create_expert(session=session, expert_in=ExpertCreate(name="搶位測試專家", min_notice_hours=1))
        for day in range(7):
            add_rule(session=session, expert=expert, rule_in=RuleCreate(weekday=day, start=time(8), end=time(20)))
        session.refresh(expert)
        slot = free_slots(session=session, expert=expert, limit=1)[0]
        expert_id = expert.id or 0
    barrier = threading.Barrier(attempts)

    def attempt(i: int) -> str:
        request = BookingCreate(expert_id=expert_id, slot_start=slot, channel="line", user_id=f"racer-{i}",
                                company=f"公司{i}", tax_id="12345670", contact_name="測試", reach="0912345678",
                                mode="video", topic="搶同一個時段")
        barrier.wait()
        with Session(db) as session:
            try:
                create_booking(session=session, booking_in=request, max_open_per_company=10_000)
                return "booked"
            except SlotTaken:
                return "slot_taken"
            except Exception as exc:  # counted, so a broken run shows up in the figures
                return type(exc).__name__

    started = clock.perf_counter()
    with ThreadPoolExecutor(attempts) as pool:
        outcomes = Counter(pool.map(attempt, range(attempts)))
    seconds = clock.perf_counter() - started
    with Session(db) as session:
        rows = session.exec(select(func.count()).select_from(Booking).where(Booking.expert_id == expert_id)).one()
    say(f"booking race on {db.dialect.name}: {attempts} concurrent attempts for one slot -> "
        f"{outcomes['booked']} booking made, {outcomes['slot_taken']} 'slot just taken' conflicts, "
        f"{attempts - outcomes['booked'] - outcomes['slot_taken']} other errors; "
        f"{rows} row(s) in the database ({seconds:.2f} s)")
    figures = {"database": db.dialect.name, "attempts": attempts, "booked": outcomes["booked"],
               "slot_taken": outcomes["slot_taken"],
               "other_errors": attempts - outcomes["booked"] - outcomes["slot_taken"], "rows": rows,
               "seconds": round(seconds, 2)}
    db.dispose()
    return figures


def _fresh_postgres(server: str) -> tuple[str, str]:
    url = make_url(server)
    name = f"tcloud_bench_{int(clock.time())}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return url.set(database=name).render_as_string(hide_password=False), name


def run_experts_bench(*, database_url: str | None = None, attempts: int = 60) -> dict[str, Any]:
    """Prints the figures and returns them; with `database_url` (a PostgreSQL server) the race runs
    there too, in a scratch database created and dropped."""
    figures: dict[str, Any] = {"availability": bench_availability()}
    with tempfile.TemporaryDirectory() as tmp:
        sqlite = f"sqlite:///{Path(tmp) / 'bench.db'}"
        figures["availability_from_db"] = bench_availability_from_db(sqlite)
        figures["race"] = [bench_race(sqlite, attempts)]
    if database_url:
        url, name = _fresh_postgres(database_url)
        try:
            figures["race"].append(bench_race(url, attempts))
        finally:
            admin = create_engine(make_url(database_url), isolation_level="AUTOCOMMIT")
            with admin.connect() as conn:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin.dispose()
    return figures
