"""What confirming a company's booking or application says (zh-TW / en)."""

from __future__ import annotations

Pair = tuple[str, str]

WHAT: dict[str, Pair] = {"booking": ("專家諮詢預約", "expert consultation booking"),
                         "application": ("數位點數申請", "digital-point application")}

EMAIL_NEEDED: Pair = (
    "為了確認是貴公司本人提出，我們會寄一組驗證碼到您的電子郵件，請留下電子郵件（而不是電話）。",
    "To confirm it is your company asking, we e-mail you a code: please give an e-mail address (not a phone).")

NOT_FOUND: Pair = ("找不到這筆待確認的申請，請重新送出。", "No such pending confirmation: please send it again.")
EXPIRED: Pair = ("驗證碼已過期，這筆尚未確認的資料已作廢，請重新送出。",
                 "The code has expired and the unconfirmed request is void: please send it again.")
ALREADY: Pair = ("這筆資料已經確認過了（編號 {reference}）。", "This was already confirmed (reference {reference}).")
WRONG_CODE: Pair = ("驗證碼不正確，請再輸入一次（錯太多次會暫時鎖住）。",
                    "That code is not right: please try again (too many wrong codes lock it for a while).")


def sent(kind: str, email: str, minutes: int) -> Pair:
    what = WHAT[kind]
    return (f"我們已寄出 6 位數驗證碼到 {email}。輸入驗證碼後，這筆{what[0]}才會成立；"
            f"{minutes} 分鐘內未確認就會作廢，也不會占用貴公司的名額。",
            f"We e-mailed a 6-digit code to {email}. The {what[1]} counts only once you enter it; "
            f"unconfirmed, it lapses after {minutes} minutes and takes nothing from your company's allowance.")


def email_subject(kind: str) -> str:
    return f"雲市集助理：{WHAT[kind][0]}驗證碼 / your {WHAT[kind][1]} code"


def email_body(kind: str, company: str, tax_id: str, code: str, minutes: int) -> str:
    what = WHAT[kind]
    return (f"您好：\n\n有人以 {company}（統一編號 {tax_id}）的名義提出{what[0]}，並留下這個電子郵件。\n"
            f"驗證碼：{code}\n\n請在 {minutes} 分鐘內回到對話輸入這組驗證碼，{what[0]}才會成立。\n"
            "如果不是您本人提出，請忽略這封信：未確認的資料會自動作廢，不會占用貴公司的名額。\n\n"
            f"Someone asked for an {what[1]} for {company} (tax ID {tax_id}) and gave this address.\n"
            f"Code: {code} (valid for {minutes} minutes). If it was not you, ignore this e-mail.\n")
