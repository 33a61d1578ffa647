"""The booking flows' port over the database: experts, free slots, and the commits."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session

from api.errors import DomainError
from api.experts import messages as msg
from api.experts.rules import labels, taxonomy
from api.experts.rules.timeparse import parse_when
from api.experts.services.booking import bookings_for_user, check_slot
from api.experts.services.directory import match_experts, topic_matched
from api.experts.services.hours import free_slots
from api.experts.tables import OPEN, Booking, Expert, parse_reference
from bot.flows.ports import CommitError
from bot.flows.spec import Choice, FlowContext, Invalid, Valid
from bot.types import Language
from knowledge.programme import TAIPEI

SLOTS_SHOWN = 6
EXPERTS_SHOWN = 5
LABEL_CHARS = 20


def _id(value: str) -> int | None:
    return int(value) if value.isdigit() and int(value) < 2**31 else None


def canonical(start: datetime) -> str:
    return start.astimezone(TAIPEI).isoformat(timespec="minutes")


def _text(text: msg.Pair, lang: Language) -> str:
    return text[1] if lang == "en" else text[0]


class ExpertCatalogDb:
    """`bot.consultations.flows.ExpertCatalog` over the database."""

    def __init__(self, db: Engine, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.db, self.clock = db, clock

    def _expert(self, session: Session, expert: str) -> Expert | None:
        expert_id = _id(expert)
        found = session.get(Expert, expert_id) if expert_id else None
        return found if found is not None and found.active else None

    def _own(self, session: Session, user_id: str, channel: str, booking: str) -> Booking | None:
        booking_id = parse_reference(booking)
        found = session.get(Booking, booking_id) if booking_id else None
        if found is None or (found.user_id, found.channel) != (user_id, channel):
            return None
        return found if found.status in OPEN and found.slot_start > self.clock() else None

    def experts_for(self, *, topic: str, lang: Language) -> tuple[Choice, ...]:
        with Session(self.db) as session:
            found = match_experts(session=session, topic=topic, limit=EXPERTS_SHOWN, now=self.clock())
        out = []
        for expert, _ in found:
            tags = [t for t in (*expert.topics, *expert.industries, *expert.tools) if taxonomy.tag_hits(topic, [t])]
            tags = (tags or [*expert.topics, *expert.industries])[:2]
            label = f"{expert.name}｜{'、'.join(tags)}" if tags else expert.name
            out.append(Choice(str(expert.id), label[:LABEL_CHARS], aliases=(expert.name,)))
        return tuple(out)

    def experts_intro(self, *, topic: str, lang: Language) -> str:
        with Session(self.db) as session:
            found = match_experts(session=session, topic=topic, limit=EXPERTS_SHOWN, now=self.clock())
        if not found:
            return _text(msg.NO_EXPERT_FREE, lang)
        lines = [] if topic_matched(found[0][0], topic) else [_text(msg.NO_TOPIC_MATCH, lang)]
        for expert, first in found:
            line = msg.expert_line(expert.name, expert.title, [*expert.topics, *expert.industries, *expert.tools][:4],
                                   [labels.mode_label(m, lang) for m in expert.meeting_modes],
                                   labels.slot_label(first, lang))
            lines.append(_text(line, lang))
        return "\n".join(lines)

    def any_free(self) -> bool:
        with Session(self.db) as session:
            return bool(match_experts(session=session, topic="", limit=1, now=self.clock()))

    def expert_label(self, *, expert: str, lang: Language) -> str:
        with Session(self.db) as session:
            found = self._expert(session, expert)
            return f"{found.name} {found.title}".strip() if found else ""

    def free_slots(self, *, expert: str, lang: Language, exclude_booking: str = "") -> tuple[Choice, ...]:
        with Session(self.db) as session:
            found = self._expert(session, expert)
            if found is None:
                return ()
            own = self._current_slot(session, exclude_booking)
            slots = free_slots(session=session, expert=found, now=self.clock(), limit=SLOTS_SHOWN + 1,
                               exclude_booking=parse_reference(exclude_booking) if exclude_booking else None)
            slots = [s for s in slots if s != own][:SLOTS_SHOWN]  # moving a booking offers new times only
        return tuple(Choice(canonical(s), labels.slot_label(s, lang), aliases=(labels.slot_label(s, "zh"),))
                     for s in slots)

    def _current_slot(self, session: Session, booking: str) -> datetime | None:
        """The booking's own time (when moving it, never offered as a new one)."""
        found = session.get(Booking, parse_reference(booking) or 0) if booking else None
        if found is None:
            return None
        start = found.slot_start
        return start if start.tzinfo is not None else start.replace(tzinfo=UTC)

    def slot_range(self, *, expert: str) -> tuple[str, str, str]:
        """For a date/time picker: (initial, min, max) in Taipei time, YYYY-MM-DDTHH:MM; the first
        free slot, the earliest the expert's notice allows and the end of their booking horizon."""
        now = self.clock()
        with Session(self.db) as session:
            found = self._expert(session, expert)
            if found is None:
                return "", "", ""
            first = free_slots(session=session, expert=found, now=now, limit=1)
            earliest = now + timedelta(hours=found.min_notice_hours)
            latest = now + timedelta(days=found.horizon_days)

        def local(moment: datetime) -> str:
            return f"{moment.astimezone(TAIPEI):%Y-%m-%dT%H:%M}"

        return (local(first[0]) if first else local(earliest)), local(earliest), local(latest)

    def resolve_slot(self, *, expert: str, text: str, exclude_booking: str = "") -> Valid | Invalid:
        now = self.clock()
        start = parse_when(text, today=now.astimezone(TAIPEI).date())
        if start is None:
            return Invalid(*msg.UNREADABLE_TIME)
        with Session(self.db) as session:
            found = self._expert(session, expert)
            if found is None:
                return Invalid(*msg.EXPERT_UNAVAILABLE)
            own = self._current_slot(session, exclude_booking)
            if own is not None and own == start.astimezone(UTC):
                return Invalid(*msg.SAME_SLOT)
            try:
                check_slot(session=session, expert=found, start=start.astimezone(UTC), now=now,
                           exclude_booking=parse_reference(exclude_booking) if exclude_booking else None)
            except DomainError as exc:
                return Invalid(exc.zh, exc.en)
        return Valid(canonical(start))

    def slot_label(self, *, slot: str, lang: Language) -> str:
        try:
            return labels.slot_label(datetime.fromisoformat(slot), lang, year=True)
        except ValueError:
            return slot

    def meeting_modes(self, *, expert: str, lang: Language) -> tuple[Choice, ...]:
        with Session(self.db) as session:
            found = self._expert(session, expert)
            if found is None:
                return ()
            region = found.onsite_region
        return tuple(Choice(m, labels.mode_label(m) + (f"（{region}）" if m == "onsite" and region else ""),
                            labels.mode_label(m, "en"), aliases=(labels.mode_label(m),))
                     for m in found.meeting_modes)

    def mode_label(self, *, mode: str, lang: Language) -> str:
        return labels.mode_label(mode, lang)

    def open_bookings(self, *, user_id: str, channel: str, lang: Language) -> tuple[Choice, ...]:
        with Session(self.db) as session:
            rows = bookings_for_user(session=session, user_id=user_id, channel=channel)
            return tuple(Choice(b.reference, f"{b.reference} {labels.slot_label(b.slot_start, lang)}"[:LABEL_CHARS])
                         for b in rows if b.status in OPEN and b.slot_start > self.clock())

    def booking_expert(self, *, user_id: str, channel: str, booking: str) -> str | None:
        with Session(self.db) as session:
            found = self._own(session, user_id, channel, booking)
            return str(found.expert_id) if found else None

    def booking_label(self, *, booking: str, lang: Language) -> str:
        with Session(self.db) as session:
            found = session.get(Booking, parse_reference(booking) or 0)
            expert = session.get(Expert, found.expert_id) if found else None
            if found is None or expert is None:
                return booking
            return f"{found.reference}（{labels.slot_label(found.slot_start, lang)} {expert.name}）"


def booking_context(ctx: FlowContext | None) -> dict[str, Any]:
    """What the expert reads before the meeting: the questions, the passages shown, the confidence."""
    if ctx is None:
        return {}
    return {"questions": list(ctx.questions), "last_question": ctx.last_question,
            "sources": [{"chunk_id": s.chunk_id, "title": s.title, "year": s.year, "hall": s.hall}
                        for s in ctx.sources],
            "confidence": round(ctx.confidence, 3), "answered": ctx.answered, "language": ctx.language}


def commit_error(exc: DomainError, step: str | None) -> CommitError:
    message = exc.zh.rstrip("。")
    return CommitError(message, step=step, message_en=exc.en)
