"""The points calculator in the chat: 「60萬的方案我要付多少？」「工業館100萬方案點數多少」.

Replies with the points, the self-paid amount, the year and the rule's source (bot/points/rules.yaml);
asks which year and 館 when the message does not say and more than one rule could apply.
"""

from __future__ import annotations

import re
import unicodedata

from bot.intents.base import Services, Turn, any_pattern
from bot.points.amounts import parse_amount
from bot.points.calculator import PriceError, explain, quote
from bot.points.model import HallRules, RuleBook
from bot.state import Pending
from bot.types import POINTS_CALCULATOR, Action, Language, Reply, Source
from knowledge.programme import HALL_EN, current_roc_year, extract_hints, only_hints

_PENDING = "points_calculator"
_AMOUNT = re.compile(r"(?:nt\$\s*)?([0-9][0-9,.]*|[零〇一二兩三四五六七八九十百千萬億]{2,})\s*([千百]?[萬億]|元|塊)?",
                     re.IGNORECASE)
_NOT_PRICE = re.compile(r"營收|營業額|資本|年收|員工|revenue|capital|employees?", re.IGNORECASE)
_PLAN = any_pattern(r"方案|買|購買|採購|訂閱|服務費|\bplan\b|\bsubscription\b|\bpackage\b")
_ASKS = any_pattern(r"付|自籌|點數|幾點|多少點|折抵|補助|多少|\bpay\b|\bcost\b|\bpoints?\b|\bhow much\b")


def plan_price(text: str) -> int | None:
    """The plan price the message names: an amount with a unit (萬, 元) or of four digits or more,
    not a revenue, capital, head count, year or number of points."""
    norm = unicodedata.normalize("NFKC", text)
    for match in _AMOUNT.finditer(norm):
        number, unit = match.group(1), match.group(2) or ""
        after = norm[match.end():match.end() + 1]
        before = norm[max(0, match.start() - 6):match.start()]
        if after in ("點", "年", "人", "家", "%", "％", "歲") or _NOT_PRICE.search(before):
            continue
        has_unit = bool(unit) or "萬" in number or "億" in number or match.group(0).lower().startswith("nt$")
        if not has_unit and len(number.replace(",", "")) < 4:
            continue
        value = parse_amount(number + unit).value
        if value:
            return value
    return None


class PointsCalculator:
    name = POINTS_CALCULATOR

    def matches(self, turn: Turn) -> bool:
        pending = turn.state.pending
        if pending is not None and pending.kind == _PENDING:
            hints = extract_hints(turn.text, current_roc_year=current_roc_year(turn.now))
            if turn.text.strip() in pending.options or only_hints(turn.text, hints):
                return True
        return plan_price(turn.text) is not None and bool(_PLAN.search(turn.norm)) and bool(_ASKS.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        state, lang = turn.state, turn.lang
        pending = state.pending
        question = turn.text
        if pending is not None and pending.kind == _PENDING and plan_price(turn.text) is None:
            question = f"{turn.text} {pending.question}"  # "111年工業館" answering "60萬的方案要付多少"
        state.pending = None
        price = plan_price(question)
        assert price is not None
        book = services.rules
        if book is None:
            return services.qa.reply(question, lang, state)
        hints = services.qa.hints(question)
        halls = hints.halls or hints.implied_halls
        candidates = [h for (y, name), h in sorted(book.halls.items())
                      if (not hints.years or y in hints.years) and (not halls or name in halls)]
        if len(candidates) == 1:
            return _answer(candidates[0], price, lang)
        options = candidates or [h for _, h in sorted(book.halls.items())]
        state.pending = Pending(_PENDING, question, [_label(h, lang) for h in options])
        if candidates:
            text = ("Which year and hall? The rules differ:" if lang == "en"
                    else "各年度、各館的點數規定不同，請問是哪一年度、哪一館？")
        else:
            text = _no_rule(book, hints.years, halls, lang)
        return Reply(text, POINTS_CALCULATOR, lang, confidence=1.0,
                     actions=tuple(Action("message", o, o) for o in state.pending.options))


def _label(hall: HallRules, lang: str) -> str:
    return f"{hall.year} {HALL_EN.get(hall.hall, hall.hall)}" if lang == "en" else f"{hall.year}年{hall.hall}"


def _no_rule(book: RuleBook, years: tuple[int, ...], halls: tuple[str, ...], lang: str) -> str:
    have = "、".join(f"{y}年度（{'、'.join(h.hall for h in book.halls_of(y))}）" for y in book.years)
    asked = "".join(f"{y}年度" for y in years) + "、".join(halls)
    if lang == "en":
        return f"The rule book has no points rule for {asked or 'that'}; it holds: {have}. Which one do you mean?"
    return f"目前的規則檔沒有{asked or '這個'}的點數規定，只收錄：{have}。請問要用哪一個計算？"


def _answer(hall: HallRules, price: int, lang: Language) -> Reply:
    try:
        text = explain(hall, quote(hall.points, price), lang)
    except PriceError as exc:
        return Reply(exc.en if lang == "en" else exc.zh, POINTS_CALCULATOR, lang, confidence=1.0)
    src = hall.points.source
    source = Source(title=f"{hall.year}年度{hall.hall} 點數上限與自籌比例", source=src.title, year=hall.year,
                    hall=hall.hall, snippet=f"{src.section}：{hall.points.summary}", score=1.0, document=src.file)
    apply = "Apply for points" if lang == "en" else "申請數位點數"
    return Reply(text, POINTS_CALCULATOR, lang, sources=(source,), confidence=1.0,
                 actions=(Action("postback", apply, "intent:apply_points"),))
