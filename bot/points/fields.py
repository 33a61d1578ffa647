"""Validators for the application's fields: amounts of money, head counts, the region (縣市).
Each returns `Valid(normalised value)` or `Invalid(what to type instead)`."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from bot.flows import validators
from bot.flows.spec import Invalid, Valid, Validator
from bot.points.amounts import format_amount, parse_amount
from bot.points.model import FACTORY_REGISTRATION, RuleBook
from knowledge.programme import HALL_EN, HALLS

MAX_EMPLOYEES = 1_000_000
MAX_MONEY = 10_000_000_000_000  # 10兆: above any Taiwanese company's capital or revenue

COUNTIES = ("臺北市", "新北市", "桃園市", "臺中市", "臺南市", "高雄市", "基隆市", "新竹市", "嘉義市", "新竹縣",
            "苗栗縣", "彰化縣", "南投縣", "雲林縣", "嘉義縣", "屏東縣", "宜蘭縣", "花蓮縣", "臺東縣", "澎湖縣",
            "金門縣", "連江縣")
_ENGLISH = {"taipei": "臺北市", "new taipei": "新北市", "taoyuan": "桃園市", "taichung": "臺中市", "tainan": "臺南市",
            "kaohsiung": "高雄市", "keelung": "基隆市", "miaoli": "苗栗縣", "changhua": "彰化縣", "nantou": "南投縣",
            "yunlin": "雲林縣", "pingtung": "屏東縣", "yilan": "宜蘭縣", "hualien": "花蓮縣", "taitung": "臺東縣",
            "penghu": "澎湖縣", "kinmen": "金門縣", "lienchiang": "連江縣", "matsu": "連江縣", "馬祖": "連江縣"}
_AMBIGUOUS = {"新竹": ("新竹市", "新竹縣"), "嘉義": ("嘉義市", "嘉義縣"), "hsinchu": ("新竹市", "新竹縣"),
              "chiayi": ("嘉義市", "嘉義縣")}


def _clean(raw: str) -> str:
    return unicodedata.normalize("NFKC", raw).strip()


def money(label: str, label_en: str) -> Validator:
    """An amount in NT$ (3000萬, 三千萬, 30,000,000), not negative, not absurd."""
    def check(raw: str) -> Valid | Invalid:
        parsed = parse_amount(raw)
        if parsed.problem == "negative":
            return Invalid(f"{label}不能是負數，請再輸入一次。", f"The {label_en} can't be negative.")
        if parsed.problem == "too_large":
            return Invalid(f"{label}的數字太大，似乎不合理，請確認金額（以新臺幣元計）。",
                           f"That {label_en} is far too large; please check it.")
        if parsed.value is None:
            return Invalid(f"請輸入{label}的金額數字，例如「3000萬」或「30000000」。",
                           f"Please type the {label_en} as a number, e.g. 30000000.")
        if parsed.value > MAX_MONEY:
            return Invalid(f"{label} {format_amount(parsed.value)}元 似乎不合理，請確認金額（以新臺幣元計）。",
                           f"A {label_en} of NT${parsed.value:,} looks wrong; please check it.")
        return Valid(str(parsed.value))
    return check


def employees(raw: str) -> Valid | Invalid:
    """A head count: 12, 十二, 12人."""
    text = re.sub(r"(個人|人|位|名)$", "", _clean(raw))
    parsed = parse_amount(text)
    if parsed.problem == "negative":
        return Invalid("員工數不能是負數，請再輸入一次。", "The number of employees can't be negative.")
    if parsed.problem == "too_large":
        return Invalid("員工數的數字太大，似乎不合理，請確認。",
                       "That number of employees is far too large; please check it.")
    if parsed.value is None or "." in text:
        return Invalid("請輸入員工人數（整數），例如「12」。", "Please type the number of employees, e.g. 12.")
    if parsed.value > MAX_EMPLOYEES:
        return Invalid(f"員工數 {parsed.value:,} 人似乎不合理，請確認。",
                       f"{parsed.value:,} employees looks wrong; please check it.")
    return Valid(str(parsed.value))


def region(raw: str) -> Valid | Invalid:
    """One of the 22 縣市 (台北 -> 臺北市; 新竹 asks 市 or 縣)."""
    text = _clean(raw).replace("台", "臺").lower().removesuffix(" city").removesuffix(" county").strip()
    if text in _AMBIGUOUS:
        city, county = _AMBIGUOUS[text]
        return Invalid(f"請問是{city}還是{county}？", f"{city} (city) or {county} (county)?")
    if text in _ENGLISH:
        return Valid(_ENGLISH[text])
    for county in COUNTIES:
        if text in (county, county[:2]) or (len(text) >= 3 and text.startswith(county)):
            return Valid(county)
    return Invalid("請輸入公司所在的縣市，例如「臺北市」或「彰化縣」。",
                   "Please type the city or county the company is in, e.g. Taipei.")


def _choice(codes: Mapping[str, tuple[str, ...]], zh: str, en: str) -> Validator:
    """A code, or a label or alias of one (製造業 -> manufacturing)."""
    lookup = {unicodedata.normalize("NFKC", name).lower(): code for code, names in codes.items()
              for name in (code, *names)}

    def check(raw: str) -> Valid | Invalid:
        code = lookup.get(_clean(raw).lower())
        return Valid(code) if code is not None else Invalid(zh, en)
    return check


def application_validators(rules: RuleBook) -> dict[str, Validator]:
    """One validator per application field (flow value names): the chat flow and the API share them."""
    industries = {i.code: (i.label, i.label_en, *i.aliases) for i in rules.industries.values()}
    labels = "、".join(i.label for i in rules.industries.values())
    halls = {name: (HALL_EN.get(name, name),) for name in HALLS}
    return {
        "ubn": validators.tax_id,
        "company_name": validators.text(max_len=60, min_len=2),
        "industry": _choice(industries, f"行業別請選：{labels}。", "Unknown industry."),
        "employees": employees,
        "capital": money("實收資本額", "paid-in capital"),
        "revenue": money("年營收", "annual revenue"),
        "factory": _choice(FACTORY_REGISTRATION,
                           "工廠登記請選：已辦工廠登記、依法免辦工廠登記、沒有工廠登記或不適用。",
                           "Factory registration: registered, exempt, none or na."),
        "region": region,
        "contact": validators.text(max_len=30),
        "phone": validators.phone_tw,
        "email": validators.email,
        "hall": _choice(halls, f"館別請選：{'、'.join(HALLS)}。", "Hall: one of " + ", ".join(HALL_EN.values())),
    }


FIELD_LABELS = {"ubn": ("統一編號", "tax ID"), "company_name": ("公司名稱", "company name"),
                "industry": ("行業別", "industry"), "employees": ("員工數", "employees"),
                "capital": ("實收資本額", "paid-in capital"), "revenue": ("年營收", "annual revenue"),
                "factory": ("工廠登記", "factory registration"), "region": ("所在縣市", "region"),
                "contact": ("聯絡人", "contact person"), "phone": ("聯絡電話", "phone"), "email": ("Email", "e-mail"),
                "consent": ("個資同意", "consent"), "hall": ("申請館別", "hall")}
