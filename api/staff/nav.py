"""The staff console's navigation bar: one entry per page, shown to the roles that may use it.

A feature adding a staff page adds its entry here (path, label, capability from rules/roles.py)."""

from __future__ import annotations

from dataclasses import dataclass

from api.staff.rules import roles


@dataclass(frozen=True)
class NavItem:
    path: str
    label: str
    capability: str


NAV: tuple[NavItem, ...] = (
    NavItem("/staff", "總覽", roles.DASHBOARD),
    NavItem("/staff/inbox", "真人客服", roles.INBOX),
    NavItem("/staff/curation", "待回答問題", roles.CURATED),
    NavItem("/staff/knowledge", "知識庫", roles.KNOWLEDGE),
    NavItem("/staff/try", "試問機器人", roles.KNOWLEDGE),
    NavItem("/staff/applications", "申請審核", roles.APPLICATIONS),
    NavItem("/staff/bookings", "預約", roles.BOOKINGS),
    NavItem("/staff/identity", "公司驗證", roles.IDENTITY),
    NavItem("/staff/operations", "營運", roles.OPERATIONS),
    NavItem("/staff/accounts", "帳號與紀錄", roles.ACCOUNTS),
    NavItem("/staff/privacy", "個人資料", roles.PRIVACY),
)


def visible(role: str) -> list[NavItem]:
    return [item for item in NAV if roles.may(role, item.capability)]
