"""The scheduled job: reminders a day and an hour before go out once (across restarts and with
two workers), unconfirmed holds are released, surveys reach LINE users, web users' messages wait for
their chat page."""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from api.contract import FeatureContext
from api.db import make_engine
from api.errors import Conflict
from api.experts import messages as msg
from api.experts.jobs import JobReport
from api.experts.jobs import run_job as run_experts_job
from api.experts.rules.labels import status_label
from api.experts.services import lifecycle
from api.experts.services.booking import create_booking
from api.experts.services.briefs import expert_outbox
from api.experts.services.hours import free_slots
from api.experts.tables import Booking, Expert
from api.notify import Notifier
from api.outbox import web as web_chat
from api.outbox.jobs import send_pass
from api.outbox.tables import OutboxMessage
from api.settings import Settings
from bot.points.loader import load_rules
from bot.types import Action
from tests.api.experts.conftest import TAX_IDS, add_expert, booking_in


@dataclass
class Pushes:
    """A notifier at our own seam: keeps every push, its buttons and its dedupe key."""

    sent: list[tuple[str, str, str, tuple[Action, ...], str | None]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def push(self, *, channel: str, user_id: str, text: str, actions: tuple[Action, ...] = (),
             dedupe_key: str | None = None) -> bool:
        with self.lock:
            self.sent.append((channel, user_id, text, actions, dedupe_key))
        return channel == "line"

    def texts(self, user_id: str) -> list[str]:
        return [text for _, user, text, _, _ in self.sent if user == user_id]


def _ctx(db: Engine, notifier: Notifier) -> FeatureContext:
    return FeatureContext(Settings(database_url=str(db.url), experts_hold_hours=48), db, load_rules(), notifier)


def run_job(ctx: FeatureContext, *, now: datetime, worker: str = "") -> JobReport:
    """One pass of the experts' job, then one of the outbox sender (as the two loops do)."""
    report = run_experts_job(ctx, now=now)
    send_pass(ctx, now=now, worker=worker)
    return report


def _book(db: Engine, expert: Expert, slot: datetime, *, now: datetime, user: str, channel: str = "line",
          tax_id: str = TAX_IDS[0], confirm: bool = True) -> Booking:
    with Session(db) as session:
        booking = create_booking(session=session, booking_in=booking_in(expert.id or 0, slot, user=user,
                                                                        channel=channel, tax_id=tax_id),
                                 max_open_per_company=100, now=now).booking
    if confirm:
        with Session(db) as session:
            booking = lifecycle.confirm(session=session, expert_id=expert.id or 0, booking_id=booking.id or 0,
                                        now=now)
    return booking


def _slot_days_ahead(db: Engine, expert: Expert, days: int) -> datetime:
    with Session(db) as session:
        return free_slots(session=session, expert=expert, now=datetime.now(UTC) + timedelta(days=days), limit=1)[0]


def test_reminders_go_out_a_day_and_an_hour_before_once_even_after_a_restart(db: Engine) -> None:
    expert = add_expert(db)
    slot = _slot_days_ahead(db, expert, 5)
    pushes = Pushes()
    _book(db, expert, slot, now=slot - timedelta(days=3), user="U-line-1")
    run_job(_ctx(db, pushes), now=slot - timedelta(days=3))
    assert len(pushes.texts("U-line-1")) == 1 and "專家已確認" in pushes.texts("U-line-1")[0]
    run_job(_ctx(db, pushes), now=slot - timedelta(hours=25))
    assert len(pushes.texts("U-line-1")) == 1
    run_job(_ctx(db, pushes), now=slot - timedelta(hours=23))
    assert "明天" in pushes.texts("U-line-1")[-1] and len(pushes.texts("U-line-1")) == 2
    run_job(_ctx(db, pushes), now=slot - timedelta(hours=22))
    restarted = make_engine(str(db.url.render_as_string(hide_password=False)))  # a new process, same database
    try:
        run_job(_ctx(restarted, pushes), now=slot - timedelta(hours=22))
        assert len(pushes.texts("U-line-1")) == 2
        run_job(_ctx(restarted, pushes), now=slot - timedelta(minutes=50))
        run_job(_ctx(restarted, pushes), now=slot - timedelta(minutes=10))
    finally:
        restarted.dispose()
    texts = pushes.texts("U-line-1")
    assert len(texts) == 3 and "一小時後" in texts[-1]
    with Session(db) as session:
        kinds = [m.kind for m in expert_outbox(session=session, expert_id=expert.id or 0)]
    assert Counter(kinds) == {"new_booking": 1, "reminder_day": 1, "reminder_hour": 1}


def test_two_workers_at_once_send_every_reminder_exactly_once(db: Engine) -> None:
    expert = add_expert(db)
    first = _slot_days_ahead(db, expert, 4)
    with Session(db) as session:
        day = free_slots(session=session, expert=expert, now=first - timedelta(hours=3),
                         first_day=first.date(), last_day=first.date() + timedelta(days=1))
    slots = [s for s in day if first <= s < first + timedelta(hours=20)]
    booked_at, now = first - timedelta(days=2), max(slots) - timedelta(hours=23, minutes=55)
    for i, slot in enumerate(slots):
        _book(db, expert, slot, now=booked_at, user=f"U-{i}", tax_id=TAX_IDS[i % len(TAX_IDS)])
    pushes, engines = Pushes(), [make_engine(db.url.render_as_string(hide_password=False)) for _ in range(2)]
    barrier = threading.Barrier(2)

    def worker(i: int) -> None:
        barrier.wait()
        run_job(_ctx(engines[i], pushes), now=now, worker=f"worker-{i}")

    try:
        threads = [threading.Thread(target=worker, args=(i,)) for i in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for engine in engines:
            engine.dispose()
    due = [s for s in slots if s - timedelta(hours=24) <= now < s - timedelta(hours=1)]
    assert len(due) >= 3
    keys = Counter(key for *_, key in pushes.sent)
    assert keys and max(keys.values()) == 1  # no message pushed twice
    reminders = Counter(user for _, user, text, _, _ in pushes.sent if "明天" in text)
    assert reminders == {f"U-{slots.index(s)}": 1 for s in due}
    with Session(db) as session:
        assert {m.status for m in session.exec(select(OutboxMessage)).all()} == {"sent"}


def test_a_hold_the_expert_never_confirmed_is_released(db: Engine) -> None:
    expert = add_expert(db)
    slot = _slot_days_ahead(db, expert, 6)
    made = slot - timedelta(days=5)
    booking = _book(db, expert, slot, now=made, user="U-hold", confirm=False)
    pushes = Pushes()
    assert run_job(_ctx(db, pushes), now=made + timedelta(hours=47)).released == 0
    assert run_job(_ctx(db, pushes), now=made + timedelta(hours=49)).released == 1
    assert "時段已釋出" in pushes.texts("U-hold")[-1]
    with Session(db) as session:
        row = session.get(Booking, booking.id)
        assert row is not None and row.status == "expired" and row.active_slot_key is None
        assert slot in free_slots(session=session, expert=expert, now=made + timedelta(hours=49), limit=100)
        with pytest.raises(Conflict) as refused:  # an expired hold cannot be confirmed any more
            lifecycle.confirm(session=session, expert_id=expert.id or 0, booking_id=booking.id or 0,
                              now=made + timedelta(hours=50))
        assert refused.value.code == "conflict"
        assert refused.value.zh == msg.cannot_act(status_label("expired"), "expired", msg.CONFIRMING)[0]
    with Session(db) as session:
        row = session.get(Booking, booking.id)
        assert row is not None and row.status == "expired"
    assert run_job(_ctx(db, pushes), now=made + timedelta(hours=50)).released == 0


def test_line_users_get_the_survey_with_rating_buttons_and_web_users_messages_wait_for_the_page(
        db: Engine) -> None:
    expert = add_expert(db)
    slot = _slot_days_ahead(db, expert, 3)
    line = _book(db, expert, slot, now=slot - timedelta(days=2), user="U-survey")
    with Session(db) as session:
        web = create_booking(session=session, booking_in=booking_in(
            expert.id or 0, free_slots(session=session, expert=expert, now=slot - timedelta(days=2), limit=3)[2],
            user="web-session", channel="web", tax_id=TAX_IDS[1]), max_open_per_company=9,
            now=slot - timedelta(days=2)).booking
    after = slot + timedelta(hours=2)
    with Session(db) as session:
        lifecycle.finish(session=session, expert_id=expert.id or 0, booking_id=line.id or 0, outcome="completed",
                         survey_base_url="https://assistant.example.tw", now=after)
        lifecycle.confirm(session=session, expert_id=expert.id or 0, booking_id=web.id or 0,
                          now=slot - timedelta(days=2))
    pushes = Pushes()
    run_job(_ctx(db, pushes), now=after)
    survey = [s for s in pushes.sent if s[1] == "U-survey"][-1]
    assert "https://assistant.example.tw/survey/" in survey[2]
    assert [a.value for a in survey[3]][:5] == [f"bk:rate:{line.reference}:{n}" for n in (5, 4, 3, 2, 1)]
    with Session(db) as session:
        statuses = {m.kind: m.status for m in session.exec(select(OutboxMessage)
                                                            .where(OutboxMessage.booking_id == web.id)).all()}
    assert statuses == {"new_booking": "sent", "confirmed": "queued"}  # nobody pushes to a web page
    assert [s for s in pushes.sent if s[1] == "web-session"] == []
    with Session(db) as session:
        fetched = web_chat.fetch(session=session, session_id="web-session")
    assert [(n.subject, n.kind) for n in fetched] == [(web.reference, "confirmed")]
    assert [a["data"] for a in fetched[0].actions] == [f"bk:resched:{web.reference}", f"bk:cancel:{web.reference}"]
    with Session(db) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.booking_id == web.id,
                                                       OutboxMessage.kind == "confirmed")).one()
    assert row.status == "sent" and row.sent_at is not None  # delivered once the page fetched it


def test_a_send_interrupted_by_a_crash_is_retried_with_the_same_dedupe_key(db: Engine) -> None:
    expert = add_expert(db)
    slot = _slot_days_ahead(db, expert, 3)
    booking = _book(db, expert, slot, now=slot - timedelta(days=2), user="U-crash")
    crashed_at = slot - timedelta(days=2)
    with Session(db) as session:  # a worker claimed the message, then its process died
        message = session.exec(select(OutboxMessage).where(OutboxMessage.booking_id == booking.id,
                                                           OutboxMessage.kind == "confirmed")).one()
        message.status, message.claimed_by, message.claimed_at, message.attempts = "claimed", "dead", crashed_at, 1
        session.add(message)
        session.commit()
        key = message.key
    pushes = Pushes()
    run_job(_ctx(db, pushes), now=crashed_at + timedelta(minutes=5))
    assert pushes.sent == []  # it may still be on its way: not yet
    run_job(_ctx(db, pushes), now=crashed_at + timedelta(minutes=11))
    assert [k for *_, k in pushes.sent] == [key]


def test_the_job_survives_a_notifier_that_fails(db: Engine) -> None:
    class Broken:
        def push(self, **_: object) -> bool:
            raise ConnectionError("LINE is down")

    expert = add_expert(db)
    slot = _slot_days_ahead(db, expert, 3)
    booking = _book(db, expert, slot, now=slot - timedelta(days=2), user="U-down")
    run_job(_ctx(db, Broken()), now=slot - timedelta(days=2))  # type: ignore[arg-type]
    pushes = Pushes()
    run_job(_ctx(db, pushes), now=slot - timedelta(days=2))
    assert len(pushes.texts("U-down")) == 1
    with Session(db) as session:
        assert session.exec(select(OutboxMessage.attempts).where(OutboxMessage.booking_id == booking.id,
                                                                 OutboxMessage.kind == "confirmed")).one() == 2
