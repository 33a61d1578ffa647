"""Experts: created and changed by staff, matched to what an SME needs help with."""

from __future__ import annotations

import secrets
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session, col, select

from api.errors import InvalidInput
from api.experts import messages as msg
from api.experts.errors import expert_not_found
from api.experts.http.schemas import ExpertCreate, ExpertPublic, ExpertUpdate
from api.experts.rules import taxonomy
from api.experts.services.hours import free_slots
from api.experts.tables import Expert
from api.models import utcnow


def _checked(values: dict[str, Any]) -> dict[str, Any]:
    for name, allowed in (("tools", taxonomy.TOOLS), ("industries", taxonomy.INDUSTRIES), ("topics", taxonomy.TOPICS)):
        if values.get(name) is not None:
            values[name] = taxonomy.check_tags(list(values[name]), allowed, msg.FIELD_NAMES[name], name)
    if values.get("meeting_modes") is not None:
        values["meeting_modes"] = list(dict.fromkeys(values["meeting_modes"]))
    return values


def _check_modes(expert: Expert) -> None:
    if not expert.meeting_modes:
        raise InvalidInput(*msg.MODES_REQUIRED)
    if "onsite" in expert.meeting_modes and not expert.onsite_region.strip():
        raise InvalidInput(*msg.ONSITE_REGION_REQUIRED)


def create_expert(*, session: Session, expert_in: ExpertCreate) -> Expert:
    expert = Expert(**_checked(expert_in.model_dump()), calendar_token=secrets.token_urlsafe(24))
    _check_modes(expert)
    session.add(expert)
    session.commit()
    session.refresh(expert)
    return expert


def update_expert(*, session: Session, expert: Expert, expert_in: ExpertUpdate) -> Expert:
    for name, value in _checked(expert_in.model_dump(exclude_unset=True)).items():
        if value is not None:
            setattr(expert, name, value)
    _check_modes(expert)
    expert.updated_at = utcnow()
    session.add(expert)
    session.commit()
    session.refresh(expert)
    return expert


def get_expert(*, session: Session, expert_id: int, active_only: bool = False) -> Expert:
    expert = session.get(Expert, expert_id)
    if expert is None or (active_only and not expert.active):
        raise expert_not_found()
    return expert


def list_experts(*, session: Session, active_only: bool = False) -> list[Expert]:
    query = select(Expert).order_by(col(Expert.id))
    if active_only:
        query = query.where(col(Expert.active).is_(True))
    return list(session.exec(query).all())


def to_public(expert: Expert) -> ExpertPublic:
    data = expert.model_dump(exclude={"calendar_token", "created_at", "updated_at"})
    return ExpertPublic(**data, calendar_path=f"/api/experts/calendar/{expert.calendar_token}.ics")


def relevance(expert: Expert, topic: str) -> int:
    return (3 * taxonomy.tag_hits(topic, expert.topics) + 2 * taxonomy.tag_hits(topic, expert.tools)
            + 2 * taxonomy.tag_hits(topic, expert.industries))


def match_experts(*, session: Session, topic: str, limit: int = 5,
                  now: datetime | None = None) -> list[tuple[Expert, datetime]]:
    """Active experts with a free slot, most relevant to `topic` first (then the soonest free).
    When some match the topic (its tool, industry or subject), only those are listed: an
    agriculture expert is no answer to a 小吃店's POS question. With no match, everyone free."""
    now = now or datetime.now(UTC)
    found = []
    for expert in list_experts(session=session, active_only=True):
        slots = free_slots(session=session, expert=expert, now=now, limit=1)
        if slots:
            found.append((relevance(expert, topic), expert, slots[0]))
    if any(score > 0 for score, _, _ in found):
        found = [f for f in found if f[0] > 0]
    found.sort(key=lambda f: (-f[0], f[2], f[1].id or 0))
    return [(expert, first) for _, expert, first in found[:limit]]


def topic_matched(expert: Expert, topic: str) -> bool:
    return relevance(expert, topic) > 0
