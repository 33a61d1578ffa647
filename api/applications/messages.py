"""What the digital-points applications feature tells people: the applicant (chat notices, record
summaries, the flow's confirmation), API clients and staff (errors, the registry import report).

Conventions (the same in every feature's catalogue):
- A text said in either language is a `Pair`, (zh-TW, English): a constant for fixed text, a
  function of the variable parts returning the pair for a template.
- Whatever takes (zh, en) positionally gets the pair unpacked: `raise Conflict(*msg.BUSY)`,
  `raise InvalidInput(*msg.points_out_of_range(cap), details)`, `CommitResult(ref, *msg.submitted(...))`;
  `CommitError`, whose English is keyword-only, takes `zh, message_en=en`.
- A text only ever given in zh-TW (the applicant's status notices, the registry import's row
  problems) is a plain `str`.
- How a status reads (`api.applications.rules.transitions.label`) is a formatting rule: callers
  pass labels in, except in the notices built from an application itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from api.applications.rules.transitions import label
from api.applications.tables import APPROVED, REJECTED, PointsApplication
from bot.points.amounts import format_amount

Pair = tuple[str, str]
"""(zh-TW, English)."""

# How zh-TW validation messages name the request fields (`Feature.field_labels`)
FIELD_LABELS = {"ubn": "統一編號", "company_name": "公司名稱", "industry": "行業別", "employees": "員工數",
                "paid_in_capital": "實收資本額", "annual_revenue": "年營業額", "factory_registration": "工廠登記",
                "consent": "個資同意", "year": "年度", "region": "所在縣市", "contact_name": "聯絡人",
                "phone": "聯絡電話", "email": "Email", "hall": "申請館別", "reference": "申請編號", "price": "方案價格",
                "status": "狀態", "reason": "原因", "points": "核給點數", "note": "備註", "dry_run": "試算（不寫入）",
                "confirmation": "待確認編號", "code": "驗證碼"}

# To the applicant in the chat (zh-TW only)
MY_APPLICATIONS = "我的申請進度"
"""The button under every notice: the command that lists the user's applications."""


def summary(app: PointsApplication) -> str:
    """「110年度工業館，核給30萬點」: the year, the 館 and what was decided."""
    text = f"{app.year}年度{app.hall}"
    if app.status == APPROVED and app.points_granted:
        text += f"，核給{format_amount(app.points_granted)}點"
        if app.reason:
            text += f"，說明：{app.reason}"
    if app.status == REJECTED and app.reason:
        text += f"，原因：{app.reason}"
    return text


def status_changed(app: PointsApplication) -> str:
    return f"您的數位點數申請 {app.reference} 狀態更新：{label(app.status)}（{summary(app)}）。"


def resubmitted(app: PointsApplication, previous: str) -> str:
    return (f"您的數位點數申請已重新送出（原編號 {previous}），新編號 {app.reference}："
            f"{label(app.status)}（{summary(app)}）。")


def record_status(status_label: str) -> str:
    """An application's status in 「我的申請進度」."""
    return "數位點數申請：" + status_label


# The apply_points flow's confirm step
SAVE_FAILED: Pair = ("系統暫時無法儲存，請稍後再試。", "Could not save; please try again.")


RESULT_BY_PUSH: Pair = ("審核結果會通知您", "We will tell you the result")
"""How the applicant hears the result (`submitted`): a LINE push..."""


def result_by_email(address: str) -> Pair:
    """...an e-mail (when e-mail is on)..."""
    return f"審核結果會寄到 {address}", f"We will e-mail the result to {address}"


RESULT_NONE: Pair = ("審核進度", "The review's progress")
"""...or nothing we can send: then only where to look."""


def submitted(year: int, hall: str, cap_points: int, ratio: str, heard: Pair = RESULT_BY_PUSH) -> Pair:
    if heard == RESULT_NONE:
        return (f"{year}年度{hall}，核給上限{format_amount(cap_points)}點（點數:自付＝{ratio}）。"
                "審核進度可以隨時輸入「我的申請進度」查詢。",
                f"{year} {hall}: up to {cap_points:,} points (points : self-paid = {ratio}). "
                "Ask \"check my application\" any time to see how the review is going.")
    return (f"{year}年度{hall}，核給上限{format_amount(cap_points)}點（點數:自付＝{ratio}）。{heard[0]}，"
            "也可以隨時輸入「我的申請進度」查詢。",
            f"{year} {hall}: up to {cap_points:,} points (points : self-paid = "
            f"{ratio}). {heard[1]}; ask \"check my application\" any time.")


# E-mails to the applicant (zh-TW: an application does not record the chat's language)
def email_subject(app: PointsApplication) -> str:
    return f"【雲市集】數位點數申請 {app.reference} 狀態更新：{label(app.status)}"


EMAIL_FOOTER = ("—\n這封信由雲市集助理自動寄出，請勿直接回覆。在聊天中輸入「我的申請進度」可查詢申請狀態。")


# Errors: the answers and eligibility
REQUIRED: Pair = ("必填", "required")
CONSENT_REQUIRED: Pair = ("需要同意資料蒐集才能受理申請", "consent to data collection is required")


def fix_answers(problems: Sequence[tuple[Pair, Pair]]) -> Pair:
    """Every wrong answer: (the field's label, the problem), each a pair."""
    return ("申請資料有誤：" + "；".join(f"{field[0]}：{problem[0]}" for field, problem in problems),
            "Please fix: " + "; ".join(f"{field[1]}: {problem[1]}" for field, problem in problems))


def unknown_year(year: int, years: Sequence[int]) -> Pair:
    return (f"規則檔沒有{year}年度的規定（目前收錄：{'、'.join(str(y) for y in years)}年度）。",
            f"No rules for {year} (the rule book holds {', '.join(map(str, years))}).")


PRICE_REQUIRED: Pair = ("請輸入方案價格（新臺幣），例如「60萬」或「600000」。", "Give the plan price, e.g. 600000.")
PRICE_TOO_LARGE: Pair = ("方案價格的數字太大，似乎不合理，請確認金額（例如「60萬」）。",
                         "That plan price is far too large; please check it (e.g. 600000).")


def name_year_and_hall(options: Sequence[tuple[int, str]]) -> Pair:
    """The price matches more than one (or no) hall: the (year, hall) pairs to choose from."""
    listed = "、".join(f"{year}年{hall}" for year, hall in options)
    return f"請指定年度與館別（可用：{listed}）。", f"Name the year and hall ({listed})."


def no_hall_rule(year: int, hall: str, offered: Sequence[str]) -> Pair:
    return (f"{year}年度沒有{hall}的規定（{year}年度的館別：{'、'.join(offered) or '（無）'}）。",
            f"There is no {hall} rule for {year}.")


def not_eligible(hall: Pair, failed: Sequence[Pair]) -> Pair:
    """The 館's name and every clause the company fails."""
    return (f"不符合{hall[0]}的申請條件：" + "；".join(line[0] for line in failed),
            f"Not eligible for {hall[1]}: " + "; ".join(line[1] for line in failed))


# Errors: the lifecycle
BUSY: Pair = ("系統忙碌，請稍後再試一次。", "Busy; please try again.")
REASON_REQUIRED: Pair = ("退件時必須寫明原因，申請人會看到。", "A rejection needs a reason.")
CHANGED_MEANWHILE: Pair = ("這件申請剛被其他人更新，請重新整理後再試。",
                           "Someone else just changed it; reload and retry.")
def withdraw_label(reference: str) -> str:
    """The record button on 「我的申請進度」 (within LINE's 20-character label)."""
    return f"撤回 {reference}"


def resubmit_label(reference: str) -> str:
    return f"重新送出 {reference}"


def withdrawn(reference: str) -> Pair:
    return (f"已撤回申請 {reference}。之後想再申請，可以在「我的申請進度」按「重新送出」。",
            f"Application {reference} is withdrawn. To apply again, use \"Send again\" in your applications.")


def resubmitted_in_chat(old: str, new: str, zh: str, en: str) -> Pair:
    return (f"已重新送出（原申請 {old}），新的申請編號 {new}。{zh}",
            f"Sent again (was {old}), new reference {new}. {en}")


def change_intro(withdraw: bool, reference: str) -> Pair:
    if withdraw:
        return f"要撤回申請 {reference}。", f"Withdrawing application {reference}."
    return (f"要重新送出申請 {reference}（會產生新的申請編號）。",
            f"Sending application {reference} again (new reference).")


UNKNOWN_REQUEST: Pair = ("這個按鈕已經失效，請輸入「我的申請進度」再試一次。",
                         "That button no longer works; ask for your applications again.")
PHONE_MISMATCH: Pair = ("聯絡電話和申請資料不符。", "The phone number does not match the application.")
RESUBMIT_HINT = "如要重新申請，請用「重新送出」（會產生新的申請編號）。"
"""Added (zh-TW) when someone tries to move a withdrawn application."""


def application_not_found(reference: str) -> Pair:
    return f"找不到申請編號 {reference}，請確認編號是否正確。", f"No application {reference}."


def already_applied_yours(ubn: str, year: int, reference: str, status: Pair) -> Pair:
    return (f"您已經為統一編號 {ubn} 送出{year}年度的申請（編號 {reference}，{status[0]}），"
            "同一家公司同一年度只能有一件申請。",
            f"You already applied for {ubn} for {year} ({reference}, {status[1]}).")


ALREADY_APPLIED_NEUTRAL: Pair = (
    "這份申請無法以這個統一編號受理（每家公司每個年度只能有一件申請）。"
    "如果是貴公司送出過的申請，請輸入「我的申請進度」查看；有疑問請輸入「真人客服」，由專人核對。",
    "This application cannot be accepted under this tax ID (one application per company per year). If your "
    "company applied before, ask \"check my application\"; otherwise ask for a person (\"真人客服\") to check it.")
"""Said to anyone but the chat user who holds the application, so it reveals nothing about a company."""


def unknown_status(status: str) -> Pair:
    return f"不認得的狀態 {status!r}。", f"Unknown status {status!r}."


def already_in_status(status: Pair) -> Pair:
    return f"這件申請已經是「{status[0]}」。", f"The application is already {status[1]}."


def cannot_become(current: Pair, wanted: Pair, hint: str = "") -> Pair:
    return (f"這件申請目前是「{current[0]}」，不能改成「{wanted[0]}」。{hint}",
            f"An application that is {current[1]} cannot become {wanted[1]}.")


def points_out_of_range(cap: int) -> Pair:
    return f"核給點數要在1到{cap}點之間。", f"Points must be 1 to {cap}."


def only_withdrawn_resubmitted(status: Pair) -> Pair:
    return (f"只有已撤回的申請可以重新送出；這件目前是「{status[0]}」。",
            f"Only a withdrawn application can be resubmitted; this one is {status[1]}.")


# The funded-companies registry import (staff)
UNREADABLE_ENCODING: Pair = ("無法讀取檔案編碼，請另存為 UTF-8 的 CSV。", "Unreadable encoding; save the CSV as UTF-8.")
NUL_IN_FILE: Pair = ("檔案含有 NUL 字元（可能是 UTF-16 編碼或不是 CSV 檔），請另存為 UTF-8 的 CSV。",
                     "The file contains NUL characters (UTF-16, or not a CSV); save it as a UTF-8 CSV.")
def unreadable_line(line: int) -> Pair:
    return (f"第{line}行無法讀取（欄位過長或格式有誤），請檢查檔案。",
            f"Line {line} cannot be read (a cell too long, or malformed).")


NO_DATA_ROWS: Pair = ("檔案沒有資料列：第1行是標題（統一編號、計畫名稱、年度、備註），之後每行一家公司。",
                      "No data rows: the first line is the header (ubn, programme, year, note).")
IMPORT_RACE: Pair = ("匯入時有其他人同時匯入相同資料，這次未寫入任何資料，請再匯入一次。",
                     "Another import added some rows meanwhile; nothing was written, retry.")
UBN_BLANK = "統一編號空白"
PROGRAMME_BLANK = "計畫名稱空白"


def header_missing(columns: Sequence[tuple[str, str]]) -> Pair:
    """The required columns the header lacks, as (zh-TW heading, key)."""
    return (f"第1行（標題列）缺少欄位：{'、'.join(zh for zh, _ in columns)}。"
            "需要的欄位：統一編號、計畫名稱、年度（備註可省略）。",
            f"The header row lacks: {', '.join(key for _, key in columns)} "
            "(need ubn, programme, year; note optional).")


def too_many_rows(limit: int) -> Pair:
    return f"一次最多匯入{limit}行，請分批匯入。", f"At most {limit} rows per import."


def ubn_invalid(ubn: str, reason: str) -> str:
    return f"統一編號 {ubn}：{reason}"


def programme_too_long(limit: int) -> str:
    return f"計畫名稱超過{limit}字"


def year_unreadable(text: str) -> str:
    return f"年度「{text}」看不懂，請寫民國年（例如 111）或西元年（例如 2022）"


def note_too_long(limit: int) -> str:
    return f"備註超過{limit}字"


def unknown_programme(programme: str) -> str:
    return f"計畫「{programme}」不在規則檔的計畫清單中：申請時只會標記給專人確認，不會自動擋下"

WAITLIST_JOINED: Pair = ("好的，已記下。開始受理數位點數申請時，我們會在這個對話通知您。",
                         "Noted: we will tell you in this chat when digital-point applications open.")
WAITLIST_ALREADY: Pair = ("您已經在通知名單上了，開始受理時會在這個對話通知您。",
                          "You are already on the list; we will tell you in this chat when applications open.")
WAITLIST_UNKNOWN: Pair = ("這個按鈕已經失效，請再輸入一次「申請數位點數」。",
                          "This button no longer works; type \"apply for points\" again.")
NOT_ACCEPTING: Pair = ("目前沒有受理中的數位點數申請（沒有任何年度的申請期間開放中），無法送出申請。",
                       "Digital-point applications are not being taken now (no year's application period is open).")

# The staff console's review pages (zh-TW only: staff read them)
BAD_YEAR_FILTER = "年度請填民國年，例如 114。"
BAD_DATE_FILTER = "日期格式不正確，請用日期選擇器或寫成 2025-03-31。"
DATES_REVERSED = "起始日期晚於結束日期，請對調。"
BAD_POINTS = "核給點數請填整數（例如 300000），或留空以核給上限。"
UNKNOWN_DECISION = "不認得的審核動作。"
NO_FILE = "請選擇要匯入的 CSV 檔。"
FILE_TOO_LARGE = "檔案太大：一次最多 5 MB，請分批匯入。"
DECISION_DONE = {"review": "已開始審核", "approve": "已核准", "reject": "已退件"}


def decided(reference: str, decision: str) -> str:
    return f"{reference} {DECISION_DONE.get(decision, '已更新')}，申請人會收到通知。"


def imported(added: int, duplicates: int, errors: int) -> str:
    return f"已匯入 {added} 筆，略過已登錄 {duplicates} 筆，有問題的 {errors} 行未匯入（見下表）。"


def previewed(added: int, duplicates: int, errors: int) -> str:
    return f"試算結果（未寫入）：可匯入 {added} 筆，已登錄 {duplicates} 筆，有問題 {errors} 行。"
