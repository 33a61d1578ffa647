"""The rule book as typed objects (built by `bot.points.loader` from rules.yaml), and the company
profile the rules are evaluated against."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from bot.points.amounts import format_amount

FieldKind = Literal["bool", "int", "money", "code"]


@dataclass(frozen=True)
class FieldSpec:
    kind: FieldKind
    label: str
    label_en: str
    when_false: tuple[str, str] = ("", "")
    """How a failed yes/no field reads (「未同意資料蒐集」)."""


FIELDS: dict[str, FieldSpec] = {
    "ubn_valid": FieldSpec("bool", "統一編號", "tax ID", ("統一編號無效", "the tax ID is not valid")),
    "consent": FieldSpec("bool", "資料蒐集同意", "consent to data collection",
                         ("未同意資料蒐集", "no consent to data collection")),
    "industry": FieldSpec("code", "行業別", "industry"),
    "employees": FieldSpec("int", "員工數", "employees"),
    "paid_in_capital": FieldSpec("money", "實收資本額", "paid-in capital"),
    "annual_revenue": FieldSpec("money", "年營收", "annual revenue"),
    "factory_registration": FieldSpec("code", "工廠登記", "factory registration"),
}
"""The profile fields a rule's `check` may name."""

FACTORY_REGISTRATION: dict[str, tuple[str, str]] = {
    "registered": ("已辦工廠登記", "registered factory"),
    "exempt": ("依法免辦工廠登記（有主管機關證明）", "exempt, with the authority's certificate"),
    "none": ("沒有工廠登記", "no factory registration"),
    "na": ("不適用（非製造業）", "not applicable (not a manufacturer)"),
}


@dataclass(frozen=True)
class Source:
    """Where a rule comes from: a seed document and the section in it."""

    doc: str
    file: str
    title: str
    section: str

    def cite(self) -> str:
        return f"{self.title} {self.section}"


@dataclass(frozen=True)
class Industry:
    code: str
    label: str
    label_en: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Programme:
    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Check:
    """A test on one profile field (`equals`, `one_of`, `min`, `max`), or any of several checks."""

    field: str = ""
    equals: bool | None = None
    one_of: tuple[str, ...] = ()
    min: int | None = None
    max: int | None = None
    any_of: tuple[Check, ...] = ()

    def fields(self) -> tuple[str, ...]:
        return tuple(f for c in self.any_of for f in c.fields()) if self.any_of else (self.field,)


@dataclass(frozen=True)
class Clause:
    """An eligibility condition: what it says, how to test it, where it is written."""

    id: str
    clause: str
    clause_en: str
    check: Check
    source: Source


@dataclass(frozen=True)
class Exclusion:
    """Companies already funded by one of `programmes` may not apply (in `years`, the same year
    when `same_year`, or ever when neither is given)."""

    id: str
    clause: str
    clause_en: str
    programmes: tuple[str, ...]
    source: Source
    years: tuple[int, ...] = ()
    same_year: bool = False


@dataclass(frozen=True)
class Deadline:
    id: str
    clause: str
    clause_en: str
    apply_by: date
    source: Source


@dataclass(frozen=True)
class PointsRule:
    """Points cap and the points : self-paid ratio of a purchase (1:2 = points cover a third)."""

    id: str
    cap: int
    points_share: int
    self_share: int
    source: Source

    @property
    def ratio(self) -> str:
        return f"{self.points_share}:{self.self_share}"

    @property
    def summary(self) -> str:
        total = self.points_share + self.self_share
        share = "一半" if self.points_share == self.self_share else f"{self.points_share}/{total}"
        return f"上限{format_amount(self.cap)}點，點數:自付＝{self.ratio}（點數最多折抵方案費用{share}）"

    @property
    def summary_en(self) -> str:
        return f"up to {self.cap:,} points; points : self-paid = {self.ratio}"


Rule = Clause | Exclusion | Deadline | PointsRule


@dataclass(frozen=True)
class HallRules:
    year: int
    hall: str
    target: str
    target_en: str
    target_source: Source
    points: PointsRule
    eligibility: tuple[Clause, ...] = ()
    exclusions: tuple[Exclusion, ...] = ()
    deadlines: tuple[Deadline, ...] = ()

    def rules(self) -> tuple[Rule, ...]:
        return (self.points, *self.deadlines, *self.eligibility, *self.exclusions)


@dataclass(frozen=True)
class RuleBook:
    point_value_twd: int
    point_value_source: Source
    industries: dict[str, Industry]
    programmes: dict[str, Programme]
    common: tuple[Clause | Exclusion, ...]
    halls: dict[tuple[int, str], HallRules]

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted({year for year, _ in self.halls}))

    def halls_of(self, year: int) -> tuple[HallRules, ...]:
        return tuple(h for (y, _), h in self.halls.items() if y == year)

    def hall(self, year: int, hall: str) -> HallRules | None:
        return self.halls.get((year, hall))

    def all_rules(self) -> Iterator[tuple[HallRules | None, Rule]]:
        """Every rule with the hall it belongs to (None for the common ones)."""
        for common in self.common:
            yield None, common
        for hall in self.halls.values():
            for rule in hall.rules():
                yield hall, rule

    def programme_key(self, name: str) -> str | None:
        """The programme a registry entry names (by name or alias, ignoring spaces and 台/臺)."""
        wanted = _name_key(name)
        for programme in self.programmes.values():
            if wanted in {_name_key(n) for n in (programme.name, *programme.aliases)}:
                return programme.key
        return None


def _name_key(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("台", "臺")
    return re.sub(r"[\s「」『』()（）]", "", text).lower()


@dataclass(frozen=True)
class Funding:
    """A registry entry: the company was funded by `programme` in `year`."""

    programme: str
    year: int


@dataclass(frozen=True)
class CompanyProfile:
    """What the applicant told us; None means not provided."""

    ubn_valid: bool | None = None
    consent: bool | None = None
    industry: str | None = None
    employees: int | None = None
    paid_in_capital: int | None = None
    annual_revenue: int | None = None
    factory_registration: str | None = None
    funded: tuple[Funding, ...] = field(default_factory=tuple)

    def value(self, name: str) -> bool | int | str | None:
        value: bool | int | str | None = getattr(self, name)
        return value
