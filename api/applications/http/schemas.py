"""Request and response bodies of the applications API (tables are never returned as they are)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field, StringConstraints, WithJsonSchema
from pydantic_core import PydanticCustomError

YEAR_HELP = "ROC year; the current programme year if omitted."
AMOUNT_MAX_CHARS = 40


def _amount_text(value: Any) -> str:
    """A JSON integer becomes its digits, text stays text; anything else is one `number_or_text_type` error
    (an `int | str` union would report one per member)."""
    if isinstance(value, str):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    raise PydanticCustomError("number_or_text_type", "Input should be a whole number or text")


Amount = Annotated[str, BeforeValidator(_amount_text), StringConstraints(max_length=AMOUNT_MAX_CHARS),
                   WithJsonSchema({"anyOf": [{"type": "integer"}, {"type": "string", "maxLength": AMOUNT_MAX_CHARS}]})]
"""A number, or text as a person writes it ("3000萬", "1億2000萬"), as text of at most 40 characters:
a 400-digit amount is refused before it is parsed."""


class ProfileIn(BaseModel):
    """A company profile to check; every field may be left out (the verdict says what is missing)."""

    ubn: str | None = Field(default=None, max_length=20, examples=["04595257"])
    industry: str | None = Field(default=None, max_length=40, examples=["manufacturing"])
    employees: Amount | None = Field(default=None, examples=[50])
    paid_in_capital: Amount | None = Field(default=None, examples=["2000萬"])
    annual_revenue: Amount | None = Field(default=None, examples=["3億"])
    factory_registration: Literal["registered", "exempt", "none", "na"] | None = None
    consent: bool | None = None
    year: int | None = Field(default=None, ge=100, le=150, description=YEAR_HELP)


class ClauseOut(BaseModel):
    rule: str
    ok: bool
    text: str
    source: str


class HallVerdictOut(BaseModel):
    hall: str
    eligible: bool
    cap_points: int
    ratio: str
    clauses: list[ClauseOut]
    flags: list[str]


class EligibilityOut(BaseModel):
    year: int
    ubn_rule: Literal["old_and_new", "new_only"] | None = Field(
        default=None, description="Which checksum rule the 統一編號 passes: both, or only the 2023 one.")
    ubn_message: str = ""
    eligible_halls: list[str]
    halls: list[HallVerdictOut]
    explanation: str
    accepting: bool = Field(description="Whether this year is taking applications today (a published window "
                                        "is open); false: the verdict is for reference only.")


class QuoteOut(BaseModel):
    year: int
    hall: str
    price: int
    points: int
    self_paid: int
    cap_points: int
    ratio: str
    capped: bool
    full_use_price: int
    explanation: str
    source: str


class ApplicationIn(BaseModel):
    """An application, field by field as in the chat; amounts may be written like 3000萬."""

    ubn: str = Field(max_length=20, examples=["04595257"])
    company_name: str = Field(max_length=100, examples=["精密機械股份有限公司"])
    industry: str = Field(max_length=40, examples=["manufacturing"])
    employees: Amount = Field(examples=[50])
    paid_in_capital: Amount = Field(examples=["2000萬"])
    annual_revenue: Amount = Field(examples=["3億"])
    factory_registration: str = Field(default="na", max_length=20, examples=["registered"])
    region: str = Field(max_length=20, examples=["臺中市"])
    contact_name: str = Field(max_length=60, examples=["王小明"])
    phone: str = Field(max_length=30, examples=["0912345678"])
    email: str = Field(max_length=120, examples=["owner@example.com"])
    consent: bool = Field(description="Agreement to the data-collection notice (個資告知); required.")
    hall: str = Field(max_length=20, examples=["工業館"])
    year: int | None = Field(default=None, ge=100, le=150, description=YEAR_HELP)

    def values(self) -> dict[str, Any]:
        """The answers under the chat flow's names."""
        return {"ubn": self.ubn, "company_name": self.company_name, "industry": self.industry,
                "employees": self.employees, "capital": self.paid_in_capital, "revenue": self.annual_revenue,
                "factory": self.factory_registration, "region": self.region, "contact": self.contact_name,
                "phone": self.phone, "email": self.email, "consent": self.consent, "hall": self.hall}


class OwnerProof(BaseModel):
    phone: str = Field(max_length=30, description="The contact phone given on the application.")


class ConfirmationIn(BaseModel):
    confirmation: str = Field(max_length=32, description="The `confirmation` of the 202 answer.")
    code: str = Field(max_length=12, description="The 6-digit code e-mailed to the application's contact.")


class PendingConfirmationOut(BaseModel):
    """The application is stored but counts only once the code e-mailed to its contact is confirmed
    (POST /api/applications/confirm) before `expires_at`."""

    status: Literal["pending_confirmation"] = "pending_confirmation"
    confirmation: str
    expires_at: datetime
    message: str
    message_en: str


class ApplicationStatusOut(BaseModel):
    """What anyone holding the reference may see: no personal data."""

    reference: str
    year: int
    hall: str
    status: str
    status_label: str
    points_granted: int | None
    reason: str
    submitted_at: datetime
    decided_at: datetime | None
    resubmission_of: str | None = None


class AuditOut(BaseModel):
    at: datetime
    actor: str
    action: str
    from_status: str
    to_status: str
    changes: dict[str, Any]
    note: str


class ApplicationStaffOut(ApplicationStatusOut):
    ubn: str
    company_name: str
    industry: str
    employees: int
    paid_in_capital: int
    annual_revenue: int
    factory_registration: str
    region: str
    contact_name: str
    phone: str
    email: str
    channel: str
    cap_points: int
    ratio: str
    verdict: list[dict[str, Any]]
    flags: list[str]
    audit: list[AuditOut] = []


class StatusChange(BaseModel):
    status: Literal["under_review", "approved", "rejected", "withdrawn"]
    reason: str = Field(default="", max_length=500, description="Required when rejecting; the applicant sees it.")
    points: int | None = Field(default=None, description="Points granted on approval; the 館's cap if omitted.")
    note: str = Field(default="", max_length=1000, description="Internal note for the audit trail.")


class RowProblemOut(BaseModel):
    line: int
    ubn: str
    problems: list[str]


class ImportReportOut(BaseModel):
    rows: int
    added: int
    duplicates: int
    errors: list[RowProblemOut]
    warnings: list[RowProblemOut]
    dry_run: bool


class FundedCompanyOut(BaseModel):
    ubn: str
    programme: str
    year: int
    note: str
    source: str
    imported_by: str
    created_at: datetime


class WaitlistOut(BaseModel):
    """Someone who asked to be told when applications open (the chat user id is pseudonymous per channel)."""

    channel: str
    user_id: str
    asked_in_year: int
    created_at: datetime
    updated_at: datetime
