"""Plan price -> points and self-paid amount, under one year's ratio and cap for one 館."""

from __future__ import annotations

from dataclasses import dataclass

from bot.points.amounts import format_amount
from bot.points.model import HallRules, PointsRule

MAX_PRICE = 100_000_000
"""A plan dearer than NT$100 million a year is surely a typo (the largest cap is 20萬點)."""


class PriceError(ValueError):
    def __init__(self, zh: str, en: str) -> None:
        super().__init__(en)
        self.zh, self.en = zh, en


@dataclass(frozen=True)
class Quote:
    price: int
    points: int
    self_paid: int
    capped: bool
    """True when the ratio would give more points than the cap allows."""
    full_use_price: int
    """The plan price at which the cap is exactly used up."""


def quote(rule: PointsRule, price: int) -> Quote:
    """Points cover `points_share / (points_share + self_share)` of the price, rounded down, up to the cap."""
    if price <= 0:
        raise PriceError("方案價格要大於0元。", "The plan price must be more than zero.")
    if price > MAX_PRICE:
        raise PriceError(f"方案價格 {format_amount(price)}元 似乎不合理，請確認金額（例如「60萬」）。",
                         f"A plan price of NT${price:,} looks wrong; please check it.")
    total = rule.points_share + rule.self_share
    by_ratio = price * rule.points_share // total
    points = min(by_ratio, rule.cap)
    full_use = -(-rule.cap * total // rule.points_share)  # ceiling
    return Quote(price, points, price - points, by_ratio > rule.cap, full_use)


def explain(hall: HallRules, q: Quote, lang: str = "zh") -> str:
    """The figures, the year and the rule's source, as a chat reply says them."""
    rule = hall.points
    if lang == "en":
        text = (f"Under the {hall.year} (ROC) {hall.hall} rule, a NT${q.price:,} plan: {q.points:,} points "
                f"+ NT${q.self_paid:,} paid by you (points : self-paid = {rule.ratio}, cap {rule.cap:,} points).")
        if q.capped:
            text += f" The cap is reached at a NT${q.full_use_price:,} plan."
        return f"{text}\nSource: {rule.source.cite()}"
    text = (f"依{hall.year}年度{hall.hall}規定，{format_amount(q.price)}元的方案：可用{format_amount(q.points)}點"
            f"（1點＝1元），自付{format_amount(q.self_paid)}元（點數:自付＝{rule.ratio}，上限{format_amount(rule.cap)}點）。")
    if q.capped:
        text += f"點數已達上限；方案{format_amount(q.full_use_price)}元就能用滿{format_amount(rule.cap)}點。"
    return f"{text}\n出處：{rule.source.cite()}"
