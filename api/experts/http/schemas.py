"""Request and response bodies of the experts' API (table models never leave as they are)."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any, Literal

from pydantic import BaseModel, Field

from api.inputs import Day, Moment

Mode = Literal["video", "phone", "onsite"]


class ExpertBase(BaseModel):
    name: str = Field(min_length=1, max_length=60)
    title: str = Field(default="", max_length=120)
    email: str = Field(default="", max_length=200)
    tools: list[str] = Field(default_factory=list, description="Of the sixteen digital-tool categories.")
    industries: list[str] = Field(default_factory=list, examples=[["製造業", "餐飲"]])
    topics: list[str] = Field(default_factory=list, examples=[["點數申請", "資安"]])
    languages: list[str] = Field(default_factory=lambda: ["zh-TW"])
    bio: str = Field(default="", max_length=2000)
    meeting_modes: list[Mode] = Field(default_factory=lambda: list[Mode](["video"]))
    onsite_region: str = Field(default="", max_length=60, description="Where on-site visits are possible.")
    active: bool = True
    slot_minutes: int = Field(default=60, ge=15, le=240)
    buffer_minutes: int = Field(default=15, ge=0, le=120)
    min_notice_hours: int = Field(default=24, ge=0, le=24 * 30)
    horizon_days: int = Field(default=60, ge=1, le=366)


class ExpertCreate(ExpertBase):
    pass


class ExpertUpdate(BaseModel):
    name: str | None = Field(default=None, min_length=1, max_length=60)
    title: str | None = Field(default=None, max_length=120)
    email: str | None = Field(default=None, max_length=200)
    tools: list[str] | None = None
    industries: list[str] | None = None
    topics: list[str] | None = None
    languages: list[str] | None = None
    bio: str | None = Field(default=None, max_length=2000)
    meeting_modes: list[Mode] | None = None
    onsite_region: str | None = Field(default=None, max_length=60)
    active: bool | None = None
    slot_minutes: int | None = Field(default=None, ge=15, le=240)
    buffer_minutes: int | None = Field(default=None, ge=0, le=120)
    min_notice_hours: int | None = Field(default=None, ge=0, le=24 * 30)
    horizon_days: int | None = Field(default=None, ge=1, le=366)


class ExpertPublic(ExpertBase):
    id: int
    calendar_path: str = Field(description="The expert's ICS feed (keep it secret).")


class RuleCreate(BaseModel):
    weekday: int = Field(ge=0, le=6, description="0 = Monday ... 6 = Sunday")
    start: time = Field(examples=["09:00"])
    end: time = Field(examples=["12:00"])
    valid_from: Day | None = None
    valid_until: Day | None = None


class RulePublic(RuleCreate):
    id: int


class ExceptionCreate(BaseModel):
    day: Day
    kind: Literal["off", "extra"]
    start: time | None = None
    end: time | None = None
    note: str = Field(default="", max_length=200)


class ExceptionPublic(ExceptionCreate):
    id: int


class SlotPublic(BaseModel):
    start: datetime
    end: datetime
    label: str


class BookingCreate(BaseModel):
    """What a booking is made of (the chat flow fills it)."""

    expert_id: int
    slot_start: datetime
    channel: str = Field(max_length=16)
    user_id: str = Field(max_length=128)
    company: str = Field(max_length=100)
    tax_id: str
    contact_name: str = Field(max_length=60)
    reach: str = Field(description="A phone number or an e-mail address.")
    mode: str
    topic: str = Field(max_length=500)
    context: dict[str, Any] = Field(default_factory=dict)


class NoteIn(BaseModel):
    diagnosis: str = Field(default="", max_length=4000)
    recommended_tools: list[str] = Field(default_factory=list)
    follow_up: str = Field(default="", max_length=4000)


class NotePublic(NoteIn):
    updated_at: datetime


class BookingPublic(BaseModel):
    id: int
    reference: str
    expert_id: int
    expert_name: str
    slot_start: datetime
    slot_end: datetime
    status: str
    channel: str
    company: str
    tax_id: str
    contact_name: str
    phone: str
    email: str
    mode: str
    topic: str
    context: dict[str, Any]
    status_note: str
    proposed_start: datetime | None
    created_at: datetime
    note: NotePublic | None = None


class DeclineIn(BaseModel):
    reason: str = Field(default="", max_length=300)


class ProposeIn(BaseModel):
    start: Moment = Field(description="The new start, with its UTC offset (e.g. 2026-12-01T14:00+08:00).")
    note: str = Field(default="", max_length=300)


class LoginIn(BaseModel):
    username: str = Field(min_length=1, max_length=60)
    password: str = Field(min_length=1, max_length=200)


class LoginOut(BaseModel):
    token: str
    expires_at: datetime
    role: str
    name: str


class AccountCreate(BaseModel):
    username: str = Field(min_length=3, max_length=60, pattern=r"^[A-Za-z0-9_.@-]+$")
    password: str = Field(min_length=10, max_length=200)
    display_name: str = Field(default="", max_length=60)


class AccountPublic(BaseModel):
    id: int
    username: str
    role: str
    expert_id: int | None
    display_name: str


class SurveyIn(BaseModel):
    rating: int = Field(ge=1, le=5, description="1 very dissatisfied ... 5 very satisfied")
    recommend: bool | None = None
    comment: str = Field(default="", max_length=2000)


class SurveyPublic(BaseModel):
    reference: str
    expert_name: str
    company: str
    sent_at: datetime
    rating: int | None
    recommend: bool | None
    comment: str
    answered_at: datetime | None


class SurveySummary(BaseModel):
    sent: int
    answered: int
    average_rating: float | None
    results: list[SurveyPublic]


class OutboxPublic(BaseModel):
    id: int
    booking_reference: str
    kind: str
    text: str
    status: str
    created_at: datetime
