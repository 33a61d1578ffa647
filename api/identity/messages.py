"""What confirming a company's booking or application says (zh-TW / en)."""

from __future__ import annotations

Pair = tuple[str, str]

WHAT: dict[str, Pair] = {"booking": ("專家諮詢預約", "expert consultation booking"),
                         "application": ("數位點數申請", "digital-point application")}

EMAIL_NEEDED: Pair = (
    "為了確認是貴公司本人提出，我們會以電子郵件寄送驗證碼，請留下電子郵件（而不是電話）。",
    "To confirm it is your company asking, we send a code by e-mail: please give an e-mail address (not a phone).")

NOT_FOUND: Pair = ("找不到這筆待確認的申請，請重新送出。", "No such pending confirmation: please send it again.")
EXPIRED: Pair = ("驗證碼已過期，這筆尚未確認的資料已作廢，請重新送出。",
                 "The code has expired and the unconfirmed request is void: please send it again.")
ALREADY: Pair = ("這筆資料已經確認過了（編號 {reference}）。", "This was already confirmed (reference {reference}).")
WRONG_CODE: Pair = ("驗證碼不正確，請再輸入一次（錯太多次會暫時鎖住）。",
                    "That code is not right: please try again (too many wrong codes lock it for a while).")


# Staff (zh-TW): /staff/identity
SOURCES: dict[str, str] = {"booking": "首次確認的預約", "application": "首次確認的申請", "staff": "人員設定"}
TAX_ID_INVALID: Pair = ("統一編號應為 8 位數字且檢查碼正確。", "A tax ID is 8 digits with a valid check digit.")
EMAIL_INVALID: Pair = ("請輸入有效的電子郵件。", "Give a valid e-mail address.")
NO_CONTACT: Pair = ("這家公司沒有留存的聯絡信箱。", "This company has no contact address on file.")


def contact_set(tax_id: str, address: str) -> str:
    return f"已將統一編號 {tax_id} 的聯絡信箱設為 {address}：之後的驗證碼都寄到這裡。"


def contact_removed(tax_id: str) -> str:
    return f"已移除統一編號 {tax_id} 的聯絡信箱：下一次確認會寄到表單上的信箱（首次聯絡）。"


def sent(kind: str, shown: str, minutes: int, *, on_file: bool) -> Pair:
    """What the requester is told: where the code went (the company's contact on file, masked, or
    the address they gave) and that nothing counts before it is entered."""
    what = WHAT[kind]
    lapse = (f"{minutes} 分鐘內未確認就會作廢，也不會占用貴公司的名額。",
             f"unconfirmed, it lapses after {minutes} minutes and takes nothing from your company's allowance.")
    if on_file:
        return (f"為確認是貴公司提出，6 位數驗證碼已寄到貴公司留存的聯絡信箱 {shown}（不是表單上的信箱）。"
                f"請向該信箱的負責人取得驗證碼後輸入，這筆{what[0]}才會成立；{lapse[0]}"
                "如果聯絡信箱已經變更，請聯絡真人客服。",
                f"To confirm it is your company asking, the 6-digit code went to the contact address your "
                f"company has on file, {shown} (not the one in the form). Ask whoever reads it for the code: "
                f"the {what[1]} counts only once it is entered; {lapse[1]} If that address has changed, "
                "ask our staff.")
    return (f"我們已寄出 6 位數驗證碼到 {shown}。輸入驗證碼後，這筆{what[0]}才會成立；{lapse[0]}",
            f"We e-mailed a 6-digit code to {shown}. The {what[1]} counts only once you enter it; {lapse[1]}")


def email_subject(kind: str) -> str:
    return f"雲市集助理：{WHAT[kind][0]}驗證碼 / your {WHAT[kind][1]} code"


def email_body(kind: str, company: str, tax_id: str, code: str, minutes: int, *,
               requester: tuple[str, str] | None = None) -> str:
    """The code's e-mail. `requester` (name, address): the e-mail goes to the company's contact on
    file, who is told who asked, so that they give the code only to someone of theirs."""
    what = WHAT[kind]
    if requester is None:
        return (f"您好：\n\n有人以 {company}（統一編號 {tax_id}）的名義提出{what[0]}，並留下這個電子郵件。\n"
                f"驗證碼：{code}\n\n請在 {minutes} 分鐘內回到對話輸入這組驗證碼，{what[0]}才會成立。\n"
                "如果不是您本人提出，請忽略這封信：未確認的資料會自動作廢，不會占用貴公司的名額。\n\n"
                f"Someone asked for an {what[1]} for {company} (tax ID {tax_id}) and gave this address.\n"
                f"Code: {code} (valid for {minutes} minutes). If it was not you, ignore this e-mail.\n")
    name, address = requester
    return (f"您好：\n\n有人以 {company}（統一編號 {tax_id}）的名義提出{what[0]}。\n"
            f"提出者：{name}（{address}）\n驗證碼：{code}\n\n"
            "這封信寄到貴公司在雲市集助理留存的聯絡信箱。如果是貴公司同仁提出，請把驗證碼交給對方，"
            f"在 {minutes} 分鐘內輸入後{what[0]}才會成立。\n"
            "如果不是貴公司提出，請不要提供驗證碼：未確認的資料會自動作廢，不會占用貴公司的名額。"
            "聯絡信箱需要變更請回覆客服。\n\n"
            f"Someone ({name}, {address}) asked for an {what[1]} for {company} (tax ID {tax_id}). This is the "
            f"contact address your company has on file with us.\nCode: {code} (valid for {minutes} minutes). "
            "Give it only to someone of your company; if nobody of yours asked, ignore this e-mail.\n")
