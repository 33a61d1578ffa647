"""What kind of fact a question asks for, and whether a piece of text states one.

A question that asks for a date, an amount, a count, a contact or a price is only answered by a
sentence that holds a value of that kind; a passage on the right topic without it is "the
documents do not say" (bot/answer/gaps.py), never a neighbouring fact passed off as the answer.
Patterns work on normalised text (knowledge.text.normalize: Traditional script, Arabic numerals,
萬 expanded), in Chinese and English.
"""

from __future__ import annotations

import re
from typing import Literal

AskKind = Literal["date", "duration", "amount", "points", "ratio", "count", "contact", "email", "phone", "web",
                  "account", "enumerate", "price", "list", "yesno", "who"]

_ASKS: dict[AskKind, re.Pattern[str]] = {
    "date": re.compile(r"什麼時候|何時|幾月|(?<!電話)(?<!分機)(?<!手機)幾號|哪一?天|截止|期限|到期|哪時|時程|日期"
                       r"|多久前|之前要|最晚|\bwhen\b|deadline|\buntil\b|\bby when\b|what date"),
    "duration": re.compile(r"多久|幾天|幾個月|幾年|期間多長|how long"),
    "amount": re.compile(r"多少點|幾點|上限|幾成|比例|金額|補助多少|補多少|多少錢|多少元|多少萬|自籌|自付|折抵"
                         r"|(要|付|收|花|抽|扣)多少|(預算|經費|費用|總額)\S{0,4}多少"
                         r"|how much|how many (points|nt|dollars)|\bcap\b|\bratio\b|co-?pay"),
    "points": re.compile(r"多少點|幾點|點數上限|最多.{0,6}點|how many (digital )?points|points? (cap|limit)"),
    "ratio": re.compile(r"幾成|比例|自籌|自付|折抵|幾分之|抽成|多少[%％]|\bratio\b|\bshare\b|co-?pay|percent"),
    "count": re.compile(r"(?<!哪)幾(家|個|人|位|項|類|件|案|次|名|種|本|場|組|款)"
                        r"|多少(家|人|個|項|類|件|案|次|名|種|本|場|組|款)"
                        r"|\bhow many (companies|firms|businesses|enterprises|people|persons|vendors|suppliers|experts"
                        r"|solutions|categories|types|items|shops|stores)"),
    "contact": re.compile(r"電話|e-?mail|信箱|郵件|\bline\b|帳號|\bid\b|網址|網站|連結|聯絡|聯繫|客服"
                          r"|專線|地址|窗口|承辦人|phone|contact|website|\burl\b|address"),
    # A contact of one kind: a phone number does not answer a question for an e-mail address.
    "email": re.compile(r"e-?mail|信箱|郵件|電郵|mail"),
    "phone": re.compile(r"電話|專線|分機|手機|\bphone\b|\bcall\b"),
    "web": re.compile(r"網址|網站|連結|\burl\b|website|link"),
    "account": re.compile(r"\bline\b.{0,8}(帳號|\bid\b|account)|官方帳號|\bline\s*id\b"),
    # 「分成哪幾類」: the kinds by name, or how many there are
    "enumerate": re.compile(r"哪幾(類|種|項|個|款|大類)|分成幾(類|種|項)"),
    "price": re.compile(r"多少錢|價格|價錢|售價|報價|月費|年費|費用多少|收費|定價|\bprice\b|\bcost\b|how much does"),
    "list": re.compile(r"哪些|哪幾|有什麼|要準備什麼|什麼文件|什麼資料|what documents|which documents|what do i need"),
    "who": re.compile(r"誰|對象|資格|哪些(人|公司|企業|業者|廠商|單位|行業)|什麼(人|公司|企業|業者|廠商|單位|行業)"
                      r"|\bwho\b|eligib"),
    "yesno": re.compile(r"可以.{0,12}嗎|能.{0,12}嗎|嗎([?？。，,!！\s]|$)|可不可以|能不能|是否|算不算|有沒有|會不會"
                        r"|需不需要|要不要|^(can|could|is|are|do|does|may|should)\b"),
}

_HOLDS: dict[AskKind, re.Pattern[str]] = {
    "date": re.compile(r"\d{2,4}年\d{1,2}月|\d{1,2}月\d{1,2}日|\d{1,2}/\d{1,2}|\d{1,2}月(底|初|中|前|起)"
                       r"|\d{1,2}月|即日起|隨到隨|額度用罄|公告日|截止|前完成|起至|至\d"),
    "duration": re.compile(r"\d{1,3}\s*(天|日|個月|週|周|小時|工作天)|(?<!\d)[1-9]\s*年(?![度\d])|一年|半年|兩年"
                           r"|起至|至\d"),
    "amount": re.compile(r"\d[\d,.]*\s*(點|元|萬|億|%|成)|\d\s*[:：]\s*\d|\d+/\d+|分之|一半|半數"),
    "points": re.compile(r"\d[\d,.]*\s*點|\d+\s*points"),
    "ratio": re.compile(r"\d\s*成|\d\s*[:：]\s*\d|\d+/\d+|分之|一半|半數|\d+\s*%|全額|全部自付|自付"),
    "count": re.compile(r"\d[\d,]*\s*(家|個|人|位|項|類|件|次|名|案|種)"),
    "contact": re.compile(r"@|https?://|www\.|\b0\d{1,3}-?\d{3,4}-?\d{3,4}\b|\(0\d{1,3}\)\s?\d{3,4}-?\d{3,4}|0800"
                          r"|專線|信箱"),
    "email": re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"),
    "phone": re.compile(r"\b0\d{1,3}-?\d{3,4}-?\d{3,4}\b|\(0\d{1,3}\)\s?\d{3,4}-?\d{3,4}|0800|分機\s*\d"),
    "web": re.compile(r"https?://|www\.|\b[\w-]+\.(gov|org|com|net)(\.tw)?\b|\.tw\b|qr\s*code"),
    "account": re.compile(r"(?<![\w.])@[a-z0-9][\w.-]{2,}|line\s*id\s*[:：]"),
    "enumerate": re.compile(r"\d[\d,]*\s*(類|種|項|個|款)|[、；;]|\d[.、)]|[一二三四五六七八九十][、.]"),
    "price": re.compile(r"\d[\d,.]*\s*(元|萬)"),
    "list": re.compile(r"[、；;]|\d[.、)]|[一二三四五六七八九十][、.]|\n-|：.+，"),
    "yesno": re.compile(r"."),
    "who": re.compile(r"."),
}


def asks(question: str) -> tuple[AskKind, ...]:
    """The kinds of fact the question asks for (normalised text; may be several, or none)."""
    q = question.lower()
    found: list[AskKind] = [kind for kind, pattern in _ASKS.items() if pattern.search(q)]
    if "price" in found and "amount" in found and not re.search(r"補助|點數|自籌|自付|折抵|上限|points", q):
        found.remove("amount")  # 「一個月多少錢」 asks a price, not the programme's amounts
    return tuple(found)


_COUNT_UNIT = re.compile(r"(?:(?<!哪)幾|多少)(家|人|位|項|類|件|案|次|名|種|本|場|組|款)")
_SAME_UNIT = {"家": "家", "人": "人|名|位", "位": "人|名|位", "名": "人|名|位", "件": "件|案|個", "案": "件|案|個"}


def holds(kind: AskKind, text: str, question: str = "") -> bool:
    """Does `text` (normalised) state a value of `kind`? For a count, one of the unit the question
    counts in (「多少家」 asks companies: 「4個館」 is not an answer), when `question` is given."""
    text = text.lower()
    if kind == "count" and question:
        unit = _COUNT_UNIT.search(question.lower())
        if unit:
            units = _SAME_UNIT.get(unit.group(1), unit.group(1))
            return bool(re.search(rf"\d[\d,]*\s*(?:{units})", text))
    return bool(_HOLDS[kind].search(text))


def value_kinds(kinds: tuple[AskKind, ...]) -> tuple[AskKind, ...]:
    """The kinds whose absence means the fact is missing (a list or yes/no can be answered in words)."""
    return tuple(k for k in kinds if k not in ("list", "yesno", "who"))
