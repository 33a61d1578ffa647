"""Evaluates a company profile against the rule book and explains the verdict clause by clause
(「符合：年營收 ≤ 20億；不符合：未提供工廠登記」)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.points.amounts import format_amount
from bot.points.model import (
    FACTORY_REGISTRATION,
    FIELDS,
    Check,
    Clause,
    CompanyProfile,
    Deadline,
    Exclusion,
    Funding,
    HallRules,
    RuleBook,
    Source,
)
from knowledge.programme import HALL_EN, roc_date


@dataclass(frozen=True)
class ClauseResult:
    rule_id: str
    ok: bool
    clause: str
    clause_en: str
    source: Source
    detail: str = ""
    """Why it failed, in the user's terms: what they gave, or what is missing."""
    detail_en: str = ""
    missing: bool = False

    def line(self, lang: str = "zh") -> str:
        if lang == "en":
            clause = self.clause_en or self.clause
            if self.ok:
                return f"met: {clause}"
            return f"not met: {self.detail_en}" if self.missing else f"not met: {clause} ({self.detail_en})"
        if self.ok:
            return f"符合：{self.clause}"
        return f"不符合：{self.detail}" if self.missing else f"不符合：{self.clause}（{self.detail}）"


@dataclass(frozen=True)
class Flag:
    """A registry entry no exclusion names: not blocking, but staff should look at it."""

    funding: Funding

    def text(self, lang: str = "zh") -> str:
        f = self.funding
        if lang == "en":
            return f"registered as funded by {f.programme} ({f.year}); staff will check for double funding"
        return f"登錄曾獲「{f.programme}」補助（{f.year}年），將由專人確認是否重複補助"


@dataclass(frozen=True)
class HallVerdict:
    hall: HallRules
    results: tuple[ClauseResult, ...]
    flags: tuple[Flag, ...] = ()

    @property
    def eligible(self) -> bool:
        return all(r.ok for r in self.results)

    @property
    def failed(self) -> tuple[ClauseResult, ...]:
        return tuple(r for r in self.results if not r.ok)

    def explain(self, lang: str = "zh") -> str:
        return ("; " if lang == "en" else "；").join(r.line(lang) for r in self.results)

    def name(self, lang: str = "zh") -> str:
        hall = self.hall
        return f"{hall.year} {HALL_EN.get(hall.hall, hall.hall)}" if lang == "en" else f"{hall.year}年度{hall.hall}"


def _describe(name: str, value: bool | int | str, book: RuleBook, lang: str) -> str:
    spec = FIELDS[name]
    if spec.kind == "money":
        return f"NT${int(value):,}" if lang == "en" else f"{format_amount(int(value))}元"
    if spec.kind == "int":
        return f"{value}" if lang == "en" else f"{value}人"
    if name == "industry":
        industry = book.industries.get(str(value))
        return (industry.label_en or industry.label) if industry and lang == "en" else \
            (industry.label if industry else str(value))
    if name == "factory_registration":
        zh, en = FACTORY_REGISTRATION.get(str(value), (str(value), str(value)))
        return en if lang == "en" else zh
    return ("yes" if value else "no") if lang == "en" else ("是" if value else "否")


def _test(check: Check, profile: CompanyProfile) -> bool | None:
    """True/False, or None when the profile lacks the field."""
    if check.any_of:
        outcomes = [_test(c, profile) for c in check.any_of]
        if any(o is True for o in outcomes):
            return True
        return None if any(o is None for o in outcomes) else False
    value = profile.value(check.field)
    if value is None:
        return None
    if check.equals is not None:
        return value is check.equals
    if check.one_of:
        return str(value) in check.one_of
    number = int(value)
    return (check.min is None or number >= check.min) and (check.max is None or number <= check.max)


def _clause(clause: Clause, profile: CompanyProfile, book: RuleBook) -> ClauseResult:
    outcome = _test(clause.check, profile)
    base = (clause.id, outcome is True, clause.clause, clause.clause_en, clause.source)
    if outcome is True:
        return ClauseResult(*base)
    fields = clause.check.fields()
    if outcome is None:
        absent = [f for f in fields if profile.value(f) is None]
        return ClauseResult(*base, "未提供" + "、".join(FIELDS[f].label for f in absent),
                            ", ".join(FIELDS[f].label_en for f in absent) + " not given", missing=True)
    spec = FIELDS[fields[0]]
    if spec.kind == "bool":
        return ClauseResult(*base, *spec.when_false, missing=True)
    given = [(f, v) for f in fields if (v := profile.value(f)) is not None]
    zh = "、".join(f"您填的{FIELDS[f].label}是{_describe(f, v, book, 'zh')}" for f, v in given)
    en = ", ".join(f"your {FIELDS[f].label_en}: {_describe(f, v, book, 'en')}" for f, v in given)
    return ClauseResult(*base, zh, en)


def _matches(exclusion: Exclusion, funding: Funding, year: int, book: RuleBook) -> bool:
    if book.programme_key(funding.programme) not in exclusion.programmes:
        return False
    if exclusion.same_year:
        return funding.year == year
    return not exclusion.years or funding.year in exclusion.years


def _exclusion(exclusion: Exclusion, profile: CompanyProfile, year: int, book: RuleBook) -> ClauseResult:
    hits = [f for f in profile.funded if _matches(exclusion, f, year, book)]
    base = (exclusion.id, not hits, exclusion.clause, exclusion.clause_en, exclusion.source)
    if not hits:
        return ClauseResult(*base)
    return ClauseResult(*base, "登錄曾獲" + "、".join(f"「{f.programme}」（{f.year}年）" for f in hits) + "補助",
                        "registered as funded by " + ", ".join(f"{f.programme} ({f.year})" for f in hits))


def _deadline(deadline: Deadline, on: date) -> ClauseResult:
    ok = on <= deadline.apply_by
    return ClauseResult(deadline.id, ok, deadline.clause, deadline.clause_en, deadline.source,
                        "" if ok else f"申請已截止，今天是{roc_date(on)}",
                        "" if ok else f"closed; today is {on.isoformat()}")


def _no_window(hall: HallRules) -> ClauseResult:
    """A 館 whose rules give no application window is not taking applications (never "open")."""
    return ClauseResult(f"{hall.points.id}-window", False, "公告的申請期間內提出申請",
                        "apply within a published window", hall.points.source,
                        f"{hall.year}年度{hall.hall}沒有公告的申請期間，不受理申請",
                        f"no application window is on file for {hall.hall} in {hall.year}")


def evaluate_hall(book: RuleBook, hall: HallRules, profile: CompanyProfile, *, on: date) -> HallVerdict:
    """Every clause of the common rules and of `hall`, in the order the file lists them."""
    results: list[ClauseResult] = []
    exclusions = [r for r in book.common if isinstance(r, Exclusion)] + list(hall.exclusions)
    for rule in book.common:
        if isinstance(rule, Clause):
            results.append(_clause(rule, profile, book))
    results += [_clause(c, profile, book) for c in hall.eligibility]
    results += [_exclusion(e, profile, hall.year, book) for e in exclusions]
    results += [_deadline(d, on) for d in hall.deadlines] or [_no_window(hall)]
    flags = tuple(Flag(f) for f in profile.funded
                  if not any(_matches(e, f, hall.year, book) for e in exclusions))
    return HallVerdict(hall, tuple(results), flags)


def evaluate(book: RuleBook, profile: CompanyProfile, *, year: int, on: date) -> tuple[HallVerdict, ...]:
    """One verdict per 館 of `year`; eligible halls first, the larger cap first."""
    verdicts = [evaluate_hall(book, hall, profile, on=on) for hall in book.halls_of(year)]
    return tuple(sorted(verdicts, key=lambda v: (not v.eligible, -v.hall.points.cap)))


def open_halls(book: RuleBook, year: int, on: date) -> tuple[HallRules, ...]:
    """The halls of `year` taking applications on `on`: a published window that has not closed
    (a 館 with no window on file is closed, not open)."""
    return tuple(h for h in book.halls_of(year) if h.deadlines and all(on <= d.apply_by for d in h.deadlines))
