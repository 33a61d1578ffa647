"""The fixed vocabularies experts are described with, and the words users say for them."""

from __future__ import annotations

from api.errors import InvalidInput
from api.experts import messages as msg

TOOLS: tuple[str, ...] = (
    "進銷存管理", "企業資源規劃（ERP）", "財會管理", "人力資源管理（HRM）", "客戶關係管理（CRM）", "雲端辦公協作",
    "雲端收銀（POS）", "資訊安全", "生產（或服務）管理", "多元線上支付", "電子發票", "雲端客服", "開店平台",
    "行銷科技（MARTECH）", "碳排計算分析", "能源管理系統（EMS）",
)
"""The sixteen digital-tool categories of the programme plan (113年9月, 表4)."""

INDUSTRIES: tuple[str, ...] = ("製造業", "餐飲", "零售", "農業", "服務業", "批發", "觀光旅宿", "運輸物流")
TOPICS: tuple[str, ...] = ("點數申請", "遴選", "資安", "請款核銷", "數位轉型診斷", "供應商上架")
MODES: dict[str, tuple[str, str]] = {"video": ("視訊", "Video call"), "phone": ("電話", "Phone"),
                                     "onsite": ("到場", "On site")}

ALIASES: dict[str, tuple[str, ...]] = {
    "進銷存管理": ("進銷存", "庫存", "存貨", "inventory"),
    "企業資源規劃（ERP）": ("erp", "企業資源"),
    "財會管理": ("財會", "會計", "帳務", "記帳", "accounting"),
    "人力資源管理（HRM）": ("hrm", "人資", "薪資", "排班", "打卡", "出勤"),
    "客戶關係管理（CRM）": ("crm", "客戶關係", "會員", "顧客"),
    "雲端辦公協作": ("協作", "辦公", "遠距", "雲端辦公"),
    "雲端收銀（POS）": ("pos", "收銀", "點餐", "結帳", "點單"),
    "資訊安全": ("資安", "駭客", "勒索", "備份", "security"),
    "生產（或服務）管理": ("生產", "製程", "工單", "排程", "mes"),
    "多元線上支付": ("支付", "付款", "金流", "行動支付", "payment"),
    "電子發票": ("發票", "e-invoice"),
    "雲端客服": ("客服", "聊天機器人"),
    "開店平台": ("開店", "網店", "電商", "網路商店", "官網"),
    "行銷科技（MARTECH）": ("行銷", "廣告", "社群", "martech", "marketing"),
    "碳排計算分析": ("碳排", "碳盤查", "碳足跡", "淨零", "carbon"),
    "能源管理系統（EMS）": ("ems", "能源", "用電", "節能", "energy"),
    "製造業": ("製造", "工廠", "工業", "代工", "factory", "manufactur"),
    "餐飲": ("餐廳", "小吃", "飲料", "咖啡", "餐館", "早餐", "麵店", "便當", "餐車", "手搖", "火鍋", "restaurant",
             "food"),
    "零售": ("零售", "商店", "門市", "店面", "retail", "shop"),
    "農業": ("農", "農場", "果園", "漁", "farm"),
    "服務業": ("服務業", "美容", "美髮", "診所"),
    "批發": ("批發", "經銷", "wholesale"),
    "觀光旅宿": ("民宿", "旅館", "飯店", "觀光", "hotel"),
    "運輸物流": ("物流", "運輸", "貨運", "logistics"),
    "點數申請": ("點數", "申請", "補助", "points", "apply"),
    "遴選": ("遴選", "評選", "審查"),
    "資安": ("資安", "資訊安全", "security"),
    "請款核銷": ("請款", "核銷", "結案"),
    "數位轉型診斷": ("轉型", "診斷", "數位化", "規劃", "transformation"),
    "供應商上架": ("上架", "供應商", "資服業者", "vendor"),
}


def check_tags(values: list[str], allowed: tuple[str, ...], field: str, field_en: str) -> list[str]:
    """The values, de-duplicated in order, or a clear error naming the ones not in the vocabulary."""
    unknown = [v for v in values if v not in allowed]
    if unknown:
        raise InvalidInput(*msg.unknown_tags(field, field_en, unknown, allowed),
                           [{"field": field_en, "problem": "unknown values", "values": unknown}])
    return list(dict.fromkeys(values))


def tag_hits(text: str, tags: list[str]) -> int:
    """How many of `tags` the text mentions (by name or by an everyday word for it)."""
    low = text.lower()
    return sum(1 for tag in tags if tag.lower() in low or any(a in low for a in ALIASES.get(tag, ())))
