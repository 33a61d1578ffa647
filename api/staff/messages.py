"""What the staff console says (zh-TW, English)."""

from __future__ import annotations

UNKNOWN_ROLE = ("角色必須是 admin（管理者）、reviewer（審核人員）或 editor（內容編輯）。",
                "The role must be admin, reviewer or editor.")
PASSWORD_TOO_SHORT = ("密碼至少要 10 個字元。", "The password must have at least 10 characters.")
EXPERT_ACCOUNT = ("這是專家帳號，請到專家後台（/console）登入。",
                  "This is an expert account: please sign in to the experts' console (/console).")
SIGN_IN_FIRST = ("請先登入工作人員後台（登入可能已過期）。",
                 "Please sign in to the staff console (your session may have expired).")
CSRF_FAILED = ("表單已過期或不是從本站送出，請重新整理頁面後再試一次。",
               "This form has expired or did not come from this site; reload the page and try again.")


def wrong_role(roles: list[str]) -> tuple[str, str]:
    from api.staff.rules.roles import ROLE_LABELS

    zh = "、".join(ROLE_LABELS.get(r, r) for r in roles)
    return (f"您的帳號沒有這個頁面的權限（需要：{zh}）。如需權限，請洽管理者。",
            f"Your account may not use this page (it needs: {', '.join(roles)}). Ask an administrator.")


FIELD_LABELS: dict[str, str] = {"username": "帳號", "password": "密碼", "role": "角色", "display_name": "顯示名稱"}
