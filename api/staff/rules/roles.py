"""Staff roles and what each may do (pure: no session, no web framework).

- admin: everything, including experts, accounts and operations.
- reviewer: applications, bookings, company contacts and confirmations, the handoff inbox,
  dashboards and exports.
- editor: knowledge, curated answers, "try a question", the handoff inbox and dashboards.
"""

from __future__ import annotations

ADMIN, REVIEWER, EDITOR = "admin", "reviewer", "editor"
STAFF_ROLES = (ADMIN, REVIEWER, EDITOR)
LEGACY_STAFF = "staff"
"""Staff accounts made before roles existed (migration 0008 turns them into admins)."""

ROLE_LABELS = {ADMIN: "管理者", REVIEWER: "審核人員", EDITOR: "內容編輯"}

DASHBOARD, INBOX, KNOWLEDGE, CURATED, APPLICATIONS, BOOKINGS, OPERATIONS, EXPORT, ACCOUNTS, PRIVACY = (
    "dashboard", "inbox", "knowledge", "curated", "applications", "bookings", "operations", "export", "accounts",
    "privacy")
IDENTITY = "identity"
"""Company contacts on file and the confirmations (first contacts) behind bookings and applications."""

_CAPABILITIES: dict[str, frozenset[str]] = {
    DASHBOARD: frozenset(STAFF_ROLES),
    INBOX: frozenset(STAFF_ROLES),
    KNOWLEDGE: frozenset({ADMIN, EDITOR}),
    CURATED: frozenset({ADMIN, EDITOR}),
    APPLICATIONS: frozenset({ADMIN, REVIEWER}),
    BOOKINGS: frozenset({ADMIN, REVIEWER}),
    EXPORT: frozenset({ADMIN, REVIEWER}),
    OPERATIONS: frozenset({ADMIN}),
    ACCOUNTS: frozenset({ADMIN}),
    PRIVACY: frozenset({ADMIN}),
    IDENTITY: frozenset({ADMIN, REVIEWER}),
}
CAPABILITIES = tuple(_CAPABILITIES)


def is_staff(role: str) -> bool:
    return role in STAFF_ROLES or role == LEGACY_STAFF


def may(role: str, capability: str) -> bool:
    """True when `role` may use `capability` (an unknown capability is allowed to nobody)."""
    role = ADMIN if role == LEGACY_STAFF else role
    return role in _CAPABILITIES.get(capability, frozenset())


def roles_for(capability: str) -> list[str]:
    """The roles that may use `capability`, in the order of STAFF_ROLES (for messages)."""
    allowed = _CAPABILITIES.get(capability, frozenset())
    return [role for role in STAFF_ROLES if role in allowed]
