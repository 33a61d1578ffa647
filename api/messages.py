"""What the core API says to people when a request cannot be taken: the names of the core
endpoints' fields, and how each kind of validation problem, an unreadable body or an oversized one
reads. Features name their own fields in their catalogues (`Feature.field_labels`).

Conventions (the same as every feature's catalogue): a text said in either language is a `Pair`,
(zh-TW, English): a constant for fixed text, a function of the variable parts for a template.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Pair = tuple[str, str]
"""(zh-TW, English)."""

FIELD_LABELS: dict[str, str] = {
    "body": "請求內容", "session_id": "對話編號", "message": "訊息", "postback": "按鈕資料", "locale": "語系",
    "exchange_id": "回答編號", "helpful": "是否有幫助", "comment": "意見", "unanswered": "只看未回答",
    "limit": "筆數", "offset": "略過筆數", "handled": "已處理", "after": "起始訊息編號", "after_notice": "起始通知編號",
}
"""The core endpoints' fields as zh-TW messages name them (English messages use the field names)."""

INVALID_FIELDS: Pair = ("資料格式有誤，請檢查：", "Some fields are missing or invalid: ")
INVALID_BODY: Pair = ("請求內容無法解析：請送出 UTF-8 編碼、格式正確的 JSON。",
                      "The body could not be read: send well-formed JSON encoded in UTF-8.")
NOT_FOUND: Pair = ("找不到這個頁面或資料。", "Not found.")
METHOD_NOT_ALLOWED: Pair = ("不支援這個操作方式。", "Method not allowed.")
INTERNAL: Pair = ("系統暫時無法回應，請稍後再試。", "Something went wrong on our side. Please try again shortly.")


def body_too_large(limit: int) -> Pair:
    size = f"{limit / 1_000_000:g} MB" if limit >= 1_000_000 else f"{limit / 1000:g} kB"
    return f"請求內容過大（上限 {size}），請精簡後再送出。", f"The request body is too large ({size} at most)."


def json_invalid(position: int | None) -> Pair:
    """`position`: where the parser stopped, counted from 0 (people count from 1)."""
    where = f"（第 {position + 1} 個字元附近）" if position is not None else ""
    at = f" (near character {position + 1})" if position is not None else ""
    return f"JSON 格式有誤{where}，請檢查括號、引號與逗號。", f"The JSON is malformed{at}."


_WHOLE: Pair = ("須為整數", "must be a whole number")
_NUMBER: Pair = ("須為數字", "must be a number")
_BOOL: Pair = ("須為 true 或 false", "must be true or false")
_OBJECT: Pair = ("須為 JSON 物件", "must be a JSON object")
_CHOICE: Pair = ("須為以下之一：{expected}", "must be one of {expected}")
_DATE: Pair = ("須為日期，例如 2026-12-01", "must be a date, e.g. 2026-12-01")
_DATETIME: Pair = ("須為日期時間，例如 2026-12-01T14:00+08:00", "must be a date and time, e.g. 2026-12-01T14:00+08:00")
_TIME: Pair = ("須為時間，例如 09:00", "must be a time, e.g. 09:00")

PROBLEMS: dict[str, Pair] = {
    "missing": ("必填", "required"),
    "string_too_long": ("最多 {max_length} 字", "at most {max_length} characters"),
    "too_long": ("最多 {max_length} 個字或項目", "at most {max_length} characters or items"),
    "string_too_short": ("至少 {min_length} 字", "at least {min_length} characters"),
    "too_short": ("至少 {min_length} 個字或項目", "at least {min_length} characters or items"),
    "string_pattern_mismatch": ("格式不符", "wrong format"),
    "string_type": ("須為文字", "must be text"),
    "int_type": _WHOLE, "int_parsing": _WHOLE, "int_from_float": _WHOLE,
    "float_type": _NUMBER, "float_parsing": _NUMBER,
    "bool_type": _BOOL, "bool_parsing": _BOOL,
    "greater_than": ("須大於 {gt}", "must be more than {gt}"),
    "greater_than_equal": ("不能小於 {ge}", "must be at least {ge}"),
    "less_than": ("須小於 {lt}", "must be less than {lt}"),
    "less_than_equal": ("不能大於 {le}", "must be at most {le}"),
    "literal_error": _CHOICE, "enum": _CHOICE,
    "list_type": ("須為清單", "must be a list"),
    "dict_type": _OBJECT, "model_type": _OBJECT, "model_attributes_type": _OBJECT,
    "date_type": _DATE, "date_parsing": _DATE, "date_from_datetime_parsing": _DATE,
    "date_from_datetime_inexact": _DATE,
    "datetime_type": _DATETIME, "datetime_parsing": _DATETIME, "datetime_from_date_parsing": _DATETIME,
    "timezone_aware": ("須含時區，例如 +08:00", "must include a UTC offset, e.g. +08:00"),
    "time_type": _TIME, "time_parsing": _TIME,
    "date_out_of_range": ("須介於 {first} 與 {last} 之間", "must be from {first} to {last}"),
    "number_or_text_type": ("須為整數或金額文字，例如 3000萬", "must be a whole number or text such as 3000萬"),
    "text_unstorable": ("含有無法儲存的字元（例如 NUL）", "contains a character that cannot be stored (such as NUL)"),
}
"""Validation problems by pydantic's error type; `{name}` is filled from the error's context."""
_OTHER: Pair = ("格式不正確", "invalid")


class _Context(dict[str, Any]):
    def __missing__(self, key: str) -> str:
        return "?"


def problem(error_type: str, ctx: Mapping[str, Any] | None) -> Pair:
    """How one validation problem reads; a kind not listed here reads as a wrong format."""
    zh, en = PROBLEMS.get(error_type, _OTHER)
    values = _Context(ctx or {})
    return zh.format_map(values), en.format_map(values)
