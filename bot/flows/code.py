"""A one-step form asking for the code e-mailed to confirm something just sent (a booking, an
application): the answer is submitted at once, and a wrong code asks for it again."""

from __future__ import annotations

import re
import unicodedata

from bot.flows.spec import Flow, Invalid, Step, Valid

CODE_DIGITS = 6
_CODE = re.compile(rf"\d{{{CODE_DIGITS}}}")


def code(text: str) -> Valid | Invalid:
    """Six digits, typed with or without spaces or full-width digits."""
    digits = re.sub(r"[\s-]", "", unicodedata.normalize("NFKC", text))
    if _CODE.fullmatch(digits):
        return Valid(digits)
    return Invalid(f"請輸入電子郵件裡的 {CODE_DIGITS} 位數字驗證碼（例如 123456）；不想繼續請輸入「取消」。",
                   f"Please type the {CODE_DIGITS}-digit code from the e-mail (e.g. 123456), or \"cancel\".")


def build_code_flow(name: str, title: str, title_en: str) -> Flow:
    """`name`'s committer receives the code with the values the flow was started with (which pending
    confirmation it is)."""
    return Flow(name=name, title=title, title_en=title_en, confirm_screen=False, steps=(
        Step("code", "驗證碼", f"請輸入電子郵件裡的 {CODE_DIGITS} 位數驗證碼：", label_en="Code",
             prompt_en=f"Please type the {CODE_DIGITS}-digit code from the e-mail:", validator=code),))
