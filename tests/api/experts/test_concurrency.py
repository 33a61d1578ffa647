"""No double booking, ever: many people racing for one slot get one booking and a clear
"slot just taken" each; the per-company limit holds under the same race. Runs against SQLite and,
with TEST_DATABASE_URL, PostgreSQL."""

from __future__ import annotations

import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, func, select

from api.errors import Conflict
from api.experts import messages as msg
from api.experts.errors import SlotTaken
from api.experts.services.booking import create_booking
from api.experts.services.hours import free_slots
from api.experts.tables import ACTIVE, Booking, Expert
from tests.api.experts.conftest import TAX_IDS, add_expert, booking_in

ATTEMPTS = 60


def _race(db: Engine, targets: list[tuple[int, datetime]], *, tax_ids: tuple[str, ...] = TAX_IDS,
          limit: int = 1000) -> list[tuple[str, str]]:
    """ATTEMPTS threads released at once, each booking one of `targets` (expert id, slot)."""
    barrier = threading.Barrier(ATTEMPTS)
    now = datetime.now(UTC)

    def attempt(i: int) -> tuple[str, str]:
        expert_id, slot = targets[i % len(targets)]
        request = booking_in(expert_id, slot, user=f"racer-{i}", tax_id=tax_ids[i % len(tax_ids)])
        barrier.wait()
        with Session(db) as session:
            try:
                booked = create_booking(session=session, booking_in=request, max_open_per_company=limit, now=now)
                return "booked", booked.booking.reference
            except SlotTaken as exc:
                return "taken", exc.zh
            except Conflict as exc:
                return "refused", exc.zh

    with ThreadPoolExecutor(ATTEMPTS) as pool:
        return list(pool.map(attempt, range(ATTEMPTS)))


def _active(db: Engine, expert_id: int) -> list[Booking]:
    with Session(db) as session:
        return list(session.exec(select(Booking).where(Booking.expert_id == expert_id,
                                                       col(Booking.status).in_(ACTIVE))).all())


def _slots(db: Engine, expert: Expert, n: int) -> list[datetime]:
    with Session(db) as session:
        return free_slots(session=session, expert=expert, limit=n)


def test_sixty_people_racing_for_one_slot_make_exactly_one_booking(db: Engine) -> None:
    expert = add_expert(db)
    assert expert.id is not None
    slot = _slots(db, expert, 1)[0]
    results = _race(db, [(expert.id, slot)])
    outcomes = Counter(kind for kind, _ in results)
    assert outcomes == {"booked": 1, "taken": ATTEMPTS - 1}
    assert all(message == msg.SLOT_TAKEN[0] for kind, message in results if kind == "taken")
    active = _active(db, expert.id)
    assert len(active) == 1 and active[0].slot_start == slot
    with Session(db) as session:  # the slot is no longer offered
        assert slot not in free_slots(session=session, expert=expert, limit=20)


def test_racing_for_five_slots_makes_five_bookings_none_overlapping(db: Engine) -> None:
    expert = add_expert(db)
    assert expert.id is not None
    slots = _slots(db, expert, 5)
    results = _race(db, [(expert.id, s) for s in slots])
    assert Counter(kind for kind, _ in results) == {"booked": 5, "taken": ATTEMPTS - 5}
    starts = sorted(b.slot_start for b in _active(db, expert.id))
    assert starts == sorted(slots)


def test_the_company_limit_holds_when_one_company_races_across_experts(db: Engine) -> None:
    experts = [add_expert(db) for _ in range(3)]
    targets = [(e.id or 0, slot) for e in experts for slot in _slots(db, e, 4)]
    results = _race(db, targets, tax_ids=(TAX_IDS[3],), limit=2)
    outcomes = Counter(kind for kind, _ in results)
    assert outcomes["booked"] == 2
    refusals = [m for kind, m in results if kind == "refused"]
    assert refusals and all(m == msg.company_limit(TAX_IDS[3], 2)[0] for m in refusals)
    with Session(db) as session:
        count = session.exec(select(func.count()).select_from(Booking).where(Booking.tax_id == TAX_IDS[3])).one()
    assert count == 2
