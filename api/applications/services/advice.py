"""Read-only answers from the rule book: eligibility of a profile, and the calculator."""

from __future__ import annotations

from datetime import date

from sqlmodel import Session

from api.applications import messages as msg
from api.applications.http.schemas import ClauseOut, EligibilityOut, HallVerdictOut, ProfileIn, QuoteOut
from api.applications.services.registry import funded_for
from api.errors import InvalidInput
from bot.flows.spec import Invalid
from bot.points.amounts import parse_amount
from bot.points.calculator import PriceError, explain, quote
from bot.points.evaluate import evaluate, open_halls
from bot.points.fields import application_validators
from bot.points.model import CompanyProfile, RuleBook
from bot.points.report import eligibility_text
from bot.ubn import check_ubn


def _known_year(rules: RuleBook, year: int) -> None:
    if year not in rules.years:
        raise InvalidInput(*msg.unknown_year(year, rules.years))


def _field(rules: RuleBook, name: str, raw: object | None) -> str | None:
    if raw is None or str(raw).strip() == "":
        return None
    result = application_validators(rules)[name](str(raw))
    if isinstance(result, Invalid):
        raise InvalidInput(result.zh, result.en or result.zh, [{"field": name, "problem": result.zh}])
    return result.value


def profile_of(*, session: Session, rules: RuleBook, body: ProfileIn) -> CompanyProfile:
    def number(name: str, raw: object | None) -> int | None:
        value = _field(rules, name, raw)
        return None if value is None else int(value)

    ubn = check_ubn(body.ubn) if body.ubn else None
    return CompanyProfile(
        ubn_valid=None if ubn is None else ubn.valid, consent=body.consent,
        industry=_field(rules, "industry", body.industry), employees=number("employees", body.employees),
        paid_in_capital=number("capital", body.paid_in_capital), annual_revenue=number("revenue", body.annual_revenue),
        factory_registration=body.factory_registration,
        funded=funded_for(session=session, ubn=ubn.value) if ubn is not None and ubn.valid else ())


def check_profile(*, session: Session, rules: RuleBook, body: ProfileIn, year: int, today: date) -> EligibilityOut:
    _known_year(rules, year)
    verdicts = evaluate(rules, profile_of(session=session, rules=rules, body=body), year=year, on=today)
    halls = [HallVerdictOut(hall=v.hall.hall, eligible=v.eligible, cap_points=v.hall.points.cap,
                            ratio=v.hall.points.ratio, flags=[f.text() for f in v.flags],
                            clauses=[ClauseOut(rule=r.rule_id, ok=r.ok, text=r.line(), source=r.source.cite())
                                     for r in v.results]) for v in verdicts]
    ubn = check_ubn(body.ubn) if body.ubn else None
    return EligibilityOut(year=year, ubn_rule=ubn.rule if ubn else None, ubn_message=ubn.reason_zh if ubn else "",
                          eligible_halls=[v.hall.hall for v in verdicts if v.eligible], halls=halls,
                          explanation=eligibility_text(verdicts, year),
                          accepting=bool(open_halls(rules, year, today)))


def quote_price(*, rules: RuleBook, price: str, year: int | None, hall: str | None) -> QuoteOut:
    parsed = parse_amount(price)
    if parsed.problem == "too_large":
        raise InvalidInput(*msg.PRICE_TOO_LARGE)
    if parsed.value is None:
        raise InvalidInput(*msg.PRICE_REQUIRED)
    if year is not None:
        _known_year(rules, year)
    hall_name = _field(rules, "hall", hall)
    candidates = [h for (y, name), h in sorted(rules.halls.items())
                  if (year is None or y == year) and (hall_name is None or name == hall_name)]
    if len(candidates) != 1:
        raise InvalidInput(*msg.name_year_and_hall([(h.year, h.hall) for h in (candidates or rules.halls.values())]))
    rules_of = candidates[0]
    try:
        q = quote(rules_of.points, parsed.value)
    except PriceError as exc:
        raise InvalidInput(exc.zh, exc.en) from None
    return QuoteOut(year=rules_of.year, hall=rules_of.hall, price=q.price, points=q.points, self_paid=q.self_paid,
                    cap_points=rules_of.points.cap, ratio=rules_of.points.ratio, capped=q.capped,
                    full_use_price=q.full_use_price, explanation=explain(rules_of, q),
                    source=rules_of.points.source.cite())
