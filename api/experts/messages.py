"""What the expert-consultation feature tells people: the SME in the chat, the expert in the console
and calendar, staff through errors.

Conventions (the same in every feature's catalogue):
- A text said in either language is a `Pair`, (zh-TW, English): a constant for fixed text, a
  function of the variable parts returning the pair for a template.
- Whatever takes (zh, en) positionally gets the pair unpacked: `raise Conflict(*msg.SLOT_PASSED)`,
  `Invalid(*msg.UNREADABLE_TIME)`, `PostbackOutcome(*msg.cancelled(ref, when))`,
  `say(booking, *msg.confirmed(ref, when))`; `CommitError`, whose English is keyword-only, takes
  `zh, message_en=en`.
- A text only ever shown in zh-TW (the expert's console and calendar) is a plain `str`.
- How times, statuses and modes read (`api.experts.rules.labels`) are formatting rules, not
  sentences: callers format them and pass the labels in. This module imports nothing of ours, so
  rules and services alike may use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

Pair = tuple[str, str]
"""(zh-TW, English)."""

_WEEKDAYS_ZH = "一二三四五六日"

# Field names, in the errors about their values
FIELD_NAMES = {"tools": "數位工具類別", "industries": "產業", "topics": "諮詢主題",
               "recommended_tools": "建議工具類別"}
FIELD_LABELS = {
    **FIELD_NAMES, "name": "姓名", "title": "職稱", "email": "Email", "languages": "語言", "bio": "簡介",
    "meeting_modes": "諮詢方式", "onsite_region": "到府服務地區", "active": "是否啟用",
    "slot_minutes": "每段諮詢分鐘數",
    "buffer_minutes": "間隔分鐘數", "min_notice_hours": "最短預約提前時數", "horizon_days": "開放預約天數",
    "weekday": "星期", "start": "開始時間", "end": "結束時間", "valid_from": "生效日", "valid_until": "失效日",
    "day": "日期", "kind": "類型", "note": "備註", "expert_id": "專家編號", "rule_id": "時段規則編號",
    "exception_id": "例外日編號", "booking_id": "預約編號", "days": "天數", "username": "帳號", "password": "密碼",
    "display_name": "顯示名稱", "rating": "滿意度", "recommend": "是否推薦", "comment": "意見", "diagnosis": "診斷",
    "follow_up": "後續建議", "reason": "原因", "scope": "範圍", "token": "連結代碼", "status": "狀態",
    "answer": "回覆",
}
"""How zh-TW validation messages name the experts' request fields (`Feature.field_labels`)."""

# Errors: bookings and slots
SLOT_TAKEN: Pair = ("這個時段剛被預約走了，請改選其他時段",
                    "That time was just booked by someone else; please pick another")
SLOT_PASSED: Pair = ("這個時段已經過去了，請選擇未來的時段。", "That time has passed; pick a future one.")
SLOT_NOT_OFFERED: Pair = ("專家在這個時間沒有開放諮詢，請從可預約的時段中選擇。",
                          "The expert is not available at that time; pick one of the free slots.")
EXPERT_NOT_FOUND: Pair = ("找不到這位專家，或這位專家目前沒有開放預約。",
                          "No such expert, or the expert is not taking bookings.")
BOOKING_NOT_FOUND: Pair = ("找不到這筆預約（只能查看與異動您自己的預約）。", "No such booking of yours.")
CONFIRM_TOO_LATE: Pair = ("諮詢時間已過，無法再確認。", "The consultation time has passed; it cannot be confirmed.")
PROPOSED_TIME_PASSED: Pair = ("提議的時間已經過去了，請選擇未來的時間。", "The proposed time has passed.")
TIME_NEEDS_OFFSET: Pair = ("請提供含時區的時間（例如 2026-12-01T14:00+08:00）。", "Give the time with its UTC offset.")
NO_PROPOSAL: Pair = ("這筆預約目前沒有待回覆的改期提議。", "There is no proposed time to answer.")
NOT_STARTED: Pair = ("諮詢時間還沒到，結束後才能標記完成或未出席。", "The consultation has not started yet.")
SURVEY_NOT_FOUND: Pair = ("找不到這份問卷，連結可能有誤。", "No such survey; the link may be wrong.")
CALENDAR_NOT_FOUND: Pair = ("找不到這個行事曆。", "No such calendar.")

# What the SME (`cannot_change`) or the expert (`cannot_act`) tried to do
CANCELLING: Pair = ("取消", "cancelled")
RESCHEDULING: Pair = ("改期", "rescheduled")
CONFIRMING: Pair = ("確認", "confirm")
DECLINING: Pair = ("婉拒", "decline")
PROPOSING: Pair = ("提議改期", "propose a new time for")
MARKING: Pair = ("標記", "mark")
WRITING_NOTES: Pair = ("填寫諮詢紀錄", "write notes for")


def nearest_slots(slots: list[str], slots_en: list[str]) -> Pair:
    """A time the expert is in on that day, but not one a consultation can start at."""
    return (f"這個時間不是可預約的開始時間。當天最接近的空檔：{'、'.join(slots)}。",
            f"Consultations cannot start at that time. The nearest free slots that day: {', '.join(slots_en)}.")


SAME_SLOT: Pair = ("這就是目前預約的時段，請選一個新的時段。", "That is the booking's current time; pick a new one.")


def min_notice(hours: int) -> Pair:
    return (f"這位專家需要至少 {hours} 小時前預約，請選較晚的時段。",
            f"This expert needs {hours} hours' notice; pick a later time.")


def beyond_horizon(days: int) -> Pair:
    return f"目前只開放 {days} 天內的預約。", f"Bookings open only {days} days ahead."


def mode_not_offered(offered: Sequence[str]) -> Pair:
    return f"這位專家提供的諮詢方式是：{'、'.join(offered)}。", "The expert does not offer that meeting mode."


def cannot_change(status_label: str, status: str, verb: Pair) -> Pair:
    """The SME's booking is no longer open (`verb` e.g. CANCELLING)."""
    return (f"這筆預約目前是「{status_label}」，無法{verb[0]}。",
            f"This booking is {status}; it cannot be {verb[1]}.")


def already_started(verb: Pair) -> Pair:
    return f"諮詢時間已到，無法{verb[0]}。", f"The consultation has started; it cannot be {verb[1]}."


def cannot_act(status_label: str, status: str, action: Pair) -> Pair:
    """The expert may not do `action` (e.g. CONFIRMING) to a booking in this status."""
    return (f"這筆預約目前是「{status_label}」，無法{action[0]}。",
            f"This booking is {status}; you cannot {action[1]} it.")


def company_limit(tax_id: str, open_count: int) -> Pair:
    return (f"貴公司（統一編號 {tax_id}）已有 {open_count} 筆尚未進行的諮詢預約，"
            "為讓更多企業使用，請先完成或取消其中一筆再預約。",
            f"Your company already has {open_count} upcoming consultations; complete or cancel "
            "one before booking another.")


# Errors: staff and expert settings
USERNAME_TAKEN: Pair = ("這個帳號名稱已經有人使用。", "That username is taken.")
ACCOUNT_NOT_FOUND: Pair = ("找不到這個專家帳號。", "No such expert account.")
ACCOUNT_ALREADY_INACTIVE: Pair = ("這個帳號已經停用。", "That account is already deactivated.")
WRONG_CREDENTIALS: Pair = ("帳號或密碼不正確。", "Wrong username or password.")
MODES_REQUIRED: Pair = ("請至少設定一種諮詢方式（視訊、電話或到場）。", "Give at least one meeting mode.")
ONSITE_REGION_REQUIRED: Pair = ("提供到場諮詢時，請填寫可到場的地區。", "On-site meetings need an on-site region.")
END_BEFORE_START: Pair = ("結束時間必須晚於開始時間。", "The end time must be after the start time.")
VALID_FROM_AFTER_UNTIL: Pair = ("生效日期必須早於結束日期。", "valid_from must not be after valid_until.")
EXTRA_NEEDS_TIMES: Pair = ("加開時段需要開始與結束時間。", "Extra hours need a start and an end time.")
EXTRA_OVERLAPS_WEEKLY: Pair = ("加開時段與每週固定時段重疊，不需要另外加開。",
                               "These extra hours overlap the weekly hours already open that day.")
RULE_NOT_FOUND: Pair = ("找不到這條時段規則。", "No such availability rule.")
EXCEPTION_NOT_FOUND: Pair = ("找不到這筆例外設定。", "No such exception.")


def unknown_tags(field_zh: str, field_en: str, unknown: Sequence[str], allowed: Sequence[str]) -> Pair:
    return (f"{field_zh}不認得：{'、'.join(unknown)}。可用的有：{'、'.join(allowed)}",
            f"Unknown {field_en}: {', '.join(unknown)}. Allowed: {', '.join(allowed)}")


def rule_overlap(rule_id: int, weekday: int, start: time, end: time) -> Pair:
    return (f"與既有的每週時段重疊：星期{_WEEKDAYS_ZH[weekday]} {start:%H:%M}–{end:%H:%M}"
            f"（規則 {rule_id}）。請調整時間或先刪除舊規則。",
            f"Overlaps the existing weekly rule {rule_id} (weekday {weekday}, "
            f"{start:%H:%M}-{end:%H:%M}); change the times or delete that rule first.")


def exception_overlap(exception_id: int | None, day: date, kind: str) -> Pair:
    return (f"{day} 已有重疊的{'請假' if kind == 'off' else '加開'}設定（例外 {exception_id}）。",
            f"Overlaps exception {exception_id} on {day}.")


# The booking flows and 「我的預約」 in the chat
NO_TOPIC_MATCH: Pair = ("沒有專長完全符合您主題的專家，以下是近期有空的專家：",
                        "No expert's fields match your topic exactly; these have free time soon:")
NO_EXPERT_FREE: Pair = ("目前沒有專家有空檔，請稍後再試，或輸入「真人客服」由專人協助。",
                        "No expert has free time at the moment; try later or ask for a person.")
UNREADABLE_TIME: Pair = ("看不懂這個時間，請從選項中選，或輸入像「12/3 14:00」這樣的日期時間。",
                         "I could not read that time; pick one below or type e.g. 12/3 14:00.")
EXPERT_UNAVAILABLE: Pair = ("這位專家目前沒有開放預約，請回上一步改選專家。",
                            "That expert is not taking bookings; go back and pick another.")
SAVE_FAILED: Pair = ("系統暫時無法儲存，請稍後再按「確認送出」", "Could not save; please try again.")
CONSENT_MISSING: Pair = ("需要您同意個資告知，才能送出預約", "We need your consent before booking.")
ANSWERS_MISSING: Pair = ("有欄位還沒填好，請檢查後再送出", "Some answers are missing.")
PICK_TIME_AGAIN: Pair = ("請重新選擇時段", "Please pick the time again.")
BOOKING_NOT_YOURS: Pair = ("找不到您這筆預約。", "That booking of yours was not found.")
ACTION_FAILED: Pair = ("系統暫時無法處理，請稍後再試。", "Something went wrong; please try again shortly.")
THANKS_FOR_RATING: Pair = ("感謝您的評分！您的意見會幫助我們改善專家諮詢服務。",
                           "Thank you for rating the consultation!")
BUTTON_EXPIRED: Pair = ("這個按鈕已經無法使用了。", "That button no longer works.")


def expert_line(name: str, title: str, tags: Sequence[str], modes: Sequence[str], soonest: str) -> Pair:
    """One expert in the list the booking flow offers (modes and soonest already in the user's language)."""
    joined, how = "、".join(tags), "／".join(modes)
    return (f"・{name}{f'（{title}）' if title else ''}：{joined}；{how}；最快 {soonest}",
            f"- {name}{f' ({title})' if title else ''}: {joined}; {how}; earliest {soonest}")


NOTIFY_BY_PUSH: Pair = ("專家確認後會再通知您", "You will hear when the expert confirms")
"""How the SME hears back (`booked`, `moved_pending`): a LINE push..."""


def notify_by_email(address: str) -> Pair:
    """...an e-mail to the address they gave..."""
    return f"專家確認後會寄 Email 到 {address} 通知您", f"We will e-mail {address} when the expert confirms"


NOTIFY_NONE: Pair = ("專家確認後，可輸入「我的預約」查看狀態", "Type \"my bookings\" to see when the expert confirms")
"""...or nothing we can send (a web user without an e-mail address, or e-mail off)."""


def booked(expert_name: str, when: str, mode_zh: str, mode_en: str, *, replayed: bool,
           heard: Pair = NOTIFY_BY_PUSH) -> Pair:
    again_zh, again_en = ("（這筆預約剛才已送出，不會重複預約。）",
                          " (This booking was already made; nothing was doubled.)") if replayed else ("", "")
    return (f"已為您預約 {expert_name} 專家，時間 {when}（台灣時間），方式：{mode_zh}。"
            f"{heard[0]}；可隨時輸入「我的預約」查看、改期或取消。{again_zh}",
            f"Booked with {expert_name}, {when} (Taiwan time), {mode_en}. {heard[1]}; "
            f"type \"my bookings\" to see, move or cancel it.{again_en}")


def moved_pending(when: str, heard: Pair = NOTIFY_BY_PUSH) -> Pair:
    return (f"已改到 {when}（台灣時間），{heard[0]}。",
            f"Moved to {when} (Taiwan time). {heard[1]}.")


def booking_summary(slot: str, expert_name: str, mode_zh: str, mode_en: str) -> Pair:
    """A booking in 「我的預約」."""
    return f"{slot} {expert_name}（{mode_zh}）", f"{slot} with {expert_name} ({mode_en})"


def declined_suffix(reason: str) -> Pair:
    """Added to `booking_summary` of a booking the expert declined: the reason they gave."""
    return (f"；專家婉拒：{reason}" if reason else "；專家婉拒了這次預約",
            f"; declined by the expert: {reason}" if reason else "; declined by the expert")



def proposed_suffix(slot: str) -> Pair:
    """Added to `booking_summary` while the expert's proposed time awaits an answer."""
    return f"；專家提議改到 {slot}", "; the expert proposed another time"


def confirm_cancel(reference: str, when: str) -> Pair:
    return f"確定要取消預約 {reference}（{when}）嗎？", f"Cancel booking {reference} ({when})?"


def cancelled(reference: str, when: str) -> Pair:
    return (f"已取消預約 {reference}（{when}），專家也會收到通知。",
            f"Booking {reference} ({when}) is cancelled; the expert is told.")


def cannot_move(reference: str, status_label: str, status: str) -> Pair:
    return (f"預約 {reference} 目前是「{status_label}」，無法改期。",
            f"Booking {reference} is {status}; it cannot be moved.")


def moving(reference: str, when: str) -> Pair:
    return f"好的，為預約 {reference}（{when}）改期。", f"OK, let's move booking {reference}."


def proposal_accepted(when: str) -> Pair:
    return f"已改到 {when}，專家已確認。", f"Moved to {when}, confirmed."


def proposal_declined(when: str) -> Pair:
    return f"好的，維持原時間 {when}，已通知專家。", f"OK, keeping {when}; the expert is told."


# Pushed to the SME (through the outbox, in the language they booked in)
def confirmed(reference: str, when: str) -> Pair:
    return (f"您的專家諮詢 {reference}（{when}）專家已確認，屆時見！",
            f"Your consultation {reference} ({when}) is confirmed by the expert.")


def declined(reference: str, when: str, reason: str) -> Pair:
    why = f"（{reason}）" if reason else ""
    return (f"很抱歉，專家無法接受 {when} 的諮詢 {reference}{why}。歡迎改約其他時段或專家。",
            f"Sorry, the expert cannot take consultation {reference} at {when}. "
            "Please book another time or expert.")


def proposal(reference: str, when: str, note: str) -> Pair:
    why = f"（{note}）" if note else ""
    return (f"專家希望把諮詢 {reference} 改到 {when}{why}，您方便嗎？",
            f"The expert proposes moving consultation {reference} to {when}. Does that suit you?")


def survey_invite(reference: str, url: str) -> Pair:
    return (f"感謝您參加專家諮詢 {reference}！請花一分鐘為這次諮詢評分：{url}",
            f"Thank you for attending consultation {reference}! Please rate it: {url}")


def released(reference: str, when: str) -> Pair:
    return (f"很抱歉，專家未能及時確認您 {when} 的諮詢 {reference}，時段已釋出。歡迎重新預約其他時段或專家。",
            f"Sorry, the expert did not confirm consultation {reference} ({when}) in time; "
            "the slot was released. Please book again.")


def reminder_day(reference: str, when: str, expert_name: str, mode_zh: str, slot_en: str) -> Pair:
    return (f"提醒您：明天 {when} 有專家諮詢 {reference}（{expert_name}，{mode_zh}）。",
            f"Reminder: consultation {reference} with {expert_name} is tomorrow, {slot_en}.")


def reminder_hour(reference: str, start: str, expert_name: str, mode_zh: str) -> Pair:
    return (f"提醒您：專家諮詢 {reference} 將在一小時後（{start}）開始，與 {expert_name}（{mode_zh}）。",
            f"Reminder: consultation {reference} with {expert_name} starts in an hour.")


# Buttons offered to the SME
def reschedule_button(reference: str) -> Pair:
    return f"改期 {reference}", f"Reschedule {reference}"


def cancel_button(reference: str) -> Pair:
    return f"取消 {reference}", f"Cancel {reference}"


def stars_button(stars: int) -> Pair:
    return "★" * stars, f"{stars} star{'s' if stars > 1 else ''}"


def survey_button(reference: str) -> Pair:
    return f"填寫問卷 {reference}", f"Survey {reference}"


ACCEPT_NEW_TIME: Pair = ("接受新時間", "Accept the new time")
KEEP_ORIGINAL_TIME: Pair = ("維持原時間", "Keep the original time")
OTHER_TIME: Pair = ("另約時間", "Pick another time")
REBOOK: Pair = ("重新預約", "Book another time")
FULL_SURVEY: Pair = ("填寫完整問卷", "Full survey")
CANCEL_YES: Pair = ("確定取消", "Yes, cancel")
KEEP_BOOKING = "保留預約"
MY_BOOKINGS = "我的預約"
"""What the keep-booking button says for the user (the command that lists their bookings)."""


# To the expert, in the console (zh-TW only)
def new_booking(reference: str, when: str, company: str, mode: str, topic: str) -> str:
    return f"新的預約待您確認：{reference}，{when}，{company}（{mode}）。主題：{topic}"


def sme_cancelled(company: str, reference: str, when: str) -> str:
    return f"{company} 取消了預約 {reference}（{when}）。"


def sme_rescheduled(company: str, reference: str, old: str, new: str) -> str:
    return f"{company} 把預約 {reference} 從 {old} 改到 {new}，請再確認。"


def sme_accepted(company: str, reference: str, when: str) -> str:
    return f"{company} 接受了改期：{reference} 改到 {when}。"


def sme_kept(company: str, reference: str, when: str) -> str:
    return f"{company} 希望維持原時間：{reference} {when}。"


def hold_released(reference: str, when: str, company: str) -> str:
    return f"預約 {reference}（{when}，{company}）逾時未確認，已自動釋出。"


def expert_reminder(*, tomorrow: bool, when: str, company: str, reference: str, mode: str, topic: str) -> str:
    lead = "明天" if tomorrow else "一小時後"
    return f"提醒：{lead}（{when}）與 {company} 的諮詢 {reference}（{mode}）。主題：{topic}"


# The expert's calendar feed (zh-TW only)
def calendar_name(expert_name: str) -> str:
    return f"雲市集專家諮詢：{expert_name}"


def calendar_summary(reference: str, company: str, status_label: str) -> str:
    return f"專家諮詢 {reference}：{company}（{status_label}）"


def calendar_description(*, reference: str, topic: str, mode: str, questions: Sequence[str]) -> str:
    """What an expert's calendar shows: no contact details (a calendar is synced to phones and shared;
    the expert reads the contact in the console)."""
    return "\n".join([f"預約編號：{reference}", f"主題：{topic}", f"方式：{mode}", "聯絡資料請至專家後台查看",
                      *(f"使用者曾問：{q}" for q in questions)])

CSRF_FAILED: Pair = ("表單已過期或不是從本站送出，請重新整理頁面後再試一次。",
                     "This form has expired or did not come from this site; reload the page and try again.")


# E-mails (the SME's in the language they booked in; the expert's in zh-TW)
def email_subject(kind: str, reference: str) -> Pair:
    """The subject line of an e-mail to the SME about booking `reference`."""
    subjects = {
        "confirmed": ("專家諮詢已確認", "Consultation confirmed"),
        "declined": ("專家無法接受這次諮詢", "The expert cannot take your consultation"),
        "proposal": ("專家提議改期，請回覆", "The expert proposes another time"),
        "survey": ("專家諮詢滿意度調查", "How was your consultation?"),
        "released": ("專家諮詢時段已釋出", "Your consultation slot was released"),
        "reminder_day": ("明天的專家諮詢提醒", "Reminder: your consultation is tomorrow"),
        "reminder_hour": ("專家諮詢一小時後開始", "Your consultation starts in an hour"),
    }
    zh, en = subjects.get(kind, ("專家諮詢通知", "About your consultation"))
    return f"【雲市集】{zh} {reference}", f"[Taiwan Cloud Market] {en} {reference}"


def expert_email_subject(kind: str, reference: str) -> str:
    subjects = {"new_booking": "新的預約待您確認", "cancelled": "企業取消了預約", "rescheduled": "企業改期，請再確認",
                "proposal_answer": "企業回覆了改期提議", "released": "預約逾時未確認，已釋出",
                "reminder_day": "明天的諮詢提醒", "reminder_hour": "諮詢一小時後開始"}
    return f"【雲市集專家諮詢】{subjects.get(kind, '預約通知')} {reference}"


def answer_proposal_link(url: str) -> Pair:
    """Under a proposed time in the e-mail: where to accept it or keep the original."""
    return (f"接受新時間或維持原時間，請開啟：{url}\n（也可以在聊天中輸入「我的預約」回覆。）",
            f"To accept the new time or keep the original one, open: {url}\n"
            "(or type \"my bookings\" in the chat).")


def email_link(label: str, url: str) -> str:
    return f"{label}：{url}"


EMAIL_FOOTER: Pair = ("—\n這封信由雲市集助理自動寄出，請勿直接回覆。在聊天中輸入「我的預約」可查看、改期或取消預約。",
                      "—\nSent automatically by the Taiwan Cloud Market assistant; please do not reply. "
                      "Type \"my bookings\" in the chat to see, move or cancel a booking.")
EXPERT_EMAIL_FOOTER = "—\n這封信由雲市集助理自動寄出，請登入專家後台（/console）處理預約。"


# The calendar invitation e-mailed to the SME
INVITATION_CALENDAR: Pair = ("雲市集專家諮詢", "Taiwan Cloud Market consultation")


def invitation_summary(reference: str, expert_name: str) -> Pair:
    return f"雲市集專家諮詢 {reference}：{expert_name}", f"Consultation {reference} with {expert_name}"


def invitation_description(reference: str, expert_name: str, mode_zh: str, mode_en: str, topic: str) -> Pair:
    return (f"預約編號：{reference}\n專家：{expert_name}\n方式：{mode_zh}\n主題：{topic}",
            f"Reference: {reference}\nExpert: {expert_name}\nMode: {mode_en}\nTopic: {topic}")


# The page the e-mailed proposal link opens
PROPOSAL_PAGE_TITLE: Pair = ("回覆專家的改期提議", "Answer the expert's proposed time")
PROPOSAL_NOT_FOUND: Pair = ("這個連結已失效：改期提議已回覆、已撤回，或預約已異動。可在聊天中輸入「我的預約」查看。",
                            "This link no longer works: the proposal was answered or withdrawn, or the booking "
                            "changed. Type \"my bookings\" in the chat to see it.")


def proposal_page_intro(reference: str, expert_name: str, original: str, proposed: str) -> Pair:
    return (f"{expert_name} 專家希望把諮詢 {reference} 從 {original} 改到 {proposed}（台灣時間）。",
            f"{expert_name} proposes moving consultation {reference} from {original} to {proposed} (Taiwan time).")


def proposal_page_done(accepted: bool, when: str) -> Pair:
    return proposal_accepted(when) if accepted else proposal_declined(when)


# The staff console's bookings page (zh-TW only)
BAD_DATE_FILTER = "日期格式不正確，請用日期選擇器或寫成 2025-03-31。"
DATES_REVERSED = "起始日期晚於結束日期，請對調。"
