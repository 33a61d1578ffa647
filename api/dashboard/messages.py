"""What the dashboard and the exports say (zh-TW, English where a client may ask for it)."""

from __future__ import annotations

Pair = tuple[str, str]

BAD_CHANNEL: Pair = ("管道必須是「全部」、「網站」或「LINE」。", "The channel must be all, web or line.")
BAD_FROM: Pair = ("開始日期的格式不正確，請用 YYYY-MM-DD（例如 2025-03-01）。",
                  "The start date must be written YYYY-MM-DD (e.g. 2025-03-01).")
BAD_TO: Pair = ("結束日期的格式不正確，請用 YYYY-MM-DD（例如 2025-03-31）。",
                "The end date must be written YYYY-MM-DD (e.g. 2025-03-31).")
FROM_AFTER_TO: Pair = ("開始日期不能晚於結束日期。", "The start date must not be after the end date.")
UNKNOWN_EXPORT: Pair = ("沒有這種匯出資料；可匯出：對話紀錄、預約、申請、評分。",
                        "No such export; exports are exchanges, bookings, applications and feedback.")


def bad_days(most: int) -> Pair:
    return (f"天數必須是 1 到 {most} 之間的整數。", f"The number of days must be a whole number from 1 to {most}.")


def too_long(most: int) -> Pair:
    return (f"期間最長 {most} 天，請縮短日期範圍。", f"A period may cover at most {most} days; shorten it.")


CHANNEL_LABELS = {"all": "全部管道", "web": "網站", "line": "LINE", "api": "API"}
OUTCOME_LABELS = {"answered": "已回答", "clarified": "反問釐清", "declined": "無法回答", "other": "其他對話"}
NO_TOPIC = "（未引用資料）"
NO_HALL = "（未指定館別）"
UNKNOWN_EXPERT = "（已刪除的專家）"
FEEDBACK_LABELS = {"up": "👍 有幫助", "down": "👎 沒幫助"}
FUNNEL_LABELS = {"asked": "提問的使用者", "booked": "其中預約專家", "applied": "其中申請點數"}

EXPORT_LABELS = {"exchanges": "對話紀錄", "bookings": "專家預約", "applications": "點數申請", "feedback": "回答評分"}

EXCHANGE_COLUMNS = ("編號", "時間（臺北）", "管道", "使用者代號（雜湊）", "問題", "改寫後的問題", "結果", "意圖",
                    "回答", "信心分數", "引用資料", "評分")
BOOKING_COLUMNS = ("預約編號", "建立時間（臺北）", "諮詢時間（臺北）", "專家", "狀態", "管道", "使用者代號（雜湊）",
                   "公司", "統一編號", "方式", "主題")
APPLICATION_COLUMNS = ("申請編號", "送出時間（臺北）", "年度", "館別", "狀態", "公司名稱", "統一編號", "行業別",
                       "員工數", "地區", "點數上限", "核給點數", "管道", "使用者代號（雜湊）", "決定時間（臺北）")
FEEDBACK_COLUMNS = ("對話編號", "評分時間（臺北）", "管道", "使用者代號（雜湊）", "評分", "意見", "問題")
HELPFUL = {True: "👍", False: "👎"}

FIELD_LABELS: dict[str, str] = {"from": "開始日期", "to": "結束日期", "days": "天數", "channel": "管道"}
