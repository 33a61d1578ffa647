"""What an applicant does with an application after sending it, from any chat: check its status,
withdraw it, or send a withdrawn one again. Whoever asks proves it is theirs with the contact
phone on the application (the reference alone is not enough: it may be read over a shoulder)."""

from __future__ import annotations

import re

from bot.flows import validators
from bot.flows.spec import Choice, Flow, Invalid, Step, Valid

FLOW_NAME = "application_change"
PREFIX = "ap"
"""Record buttons: `ap:withdraw:<reference>`, `ap:resubmit:<reference>`."""
STATUS, WITHDRAW, RESUBMIT = "status", "withdraw", "resubmit"
_REFERENCE = re.compile(r"^P\d{3}-[A-Z0-9]{4,12}$")


def reference(raw: str) -> Valid | Invalid:
    value = re.sub(r"\s+", "", raw).upper()
    if _REFERENCE.match(value):
        return Valid(value)
    return Invalid("申請編號的格式是「P」加年度、減號和英數字，例如 P110-AB12CD34，請再輸入一次。",
                   "An application reference looks like P110-AB12CD34; please type it again.")


CHANGE_FLOW = Flow(
    name=FLOW_NAME, title="查詢或變更申請", title_en="Check or change an application",
    steps=(
        Step("reference", "申請編號", "請輸入申請編號（例如 P110-AB12CD34）。",
             "The application's reference (e.g. P110-AB12CD34)?", "Reference", validator=reference),
        Step("action", "辦理項目", "要查詢進度、撤回申請，還是重新送出已撤回的申請？",
             "Check its status, withdraw it, or send a withdrawn one again?", "Request", choices=(
                 Choice(STATUS, "查詢進度", "Check status", ("查詢", "進度", "status")),
                 Choice(WITHDRAW, "撤回申請", "Withdraw", ("撤回", "withdraw")),
                 Choice(RESUBMIT, "重新送出", "Send again", ("重送", "重新申請", "resubmit")))),
        Step("phone", "聯絡電話", "為確認是您的申請，請輸入申請時填的聯絡電話。",
             "To confirm it is yours, type the contact phone on the application.", "Contact phone",
             validator=validators.phone_tw),
    ),
)
