"""What the operations pages say to staff (zh-TW; the errors as (zh-TW, English) pairs)."""

from __future__ import annotations

from collections.abc import Sequence

Pair = tuple[str, str]

ALREADY_ACTIVE: Pair = ("這位專家已經是啟用狀態。", "The expert is already active.")
ALREADY_INACTIVE: Pair = ("這位專家已經停用。", "The expert is already deactivated.")
NOT_AN_EXPERT_PAGE = "找不到這位專家。"
WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
KINDS = {"off": "休假（不開放）", "extra": "加開時段"}

EXPERT_CREATED = "已新增專家。"
EXPERT_SAVED = "已儲存專家資料。"
EXPERT_DEACTIVATED = "已停用專家：不再接受新預約，既有預約不受影響。"
EXPERT_ACTIVATED = "已重新啟用專家。"
RULE_ADDED = "已新增每週時段。"
RULE_DELETED = "已刪除每週時段（既有預約不受影響）。"
EXCEPTION_ADDED = "已新增例外日。"
EXCEPTION_DELETED = "已刪除例外日。"
ACCOUNT_DEACTIVATED = "已停用帳號，登入中的工作階段也已結束。"


def account_created(username: str) -> str:
    return f"已建立專家後台帳號 {username}。"


def replayed(dead_letter_id: int) -> str:
    return f"已重送第 {dead_letter_id} 筆失敗事件，稍後會以推播回覆使用者。"


def fields_invalid(labels: Sequence[str]) -> str:
    """A form's fields that do not pass (by their zh-TW labels)."""
    return "以下欄位格式不正確或超出範圍，請修正：" + "、".join(dict.fromkeys(labels)) + "。"
