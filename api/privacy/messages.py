"""What the privacy feature says to users (zh-TW / en) and staff (zh-TW)."""

from __future__ import annotations

from collections.abc import Mapping

Pair = tuple[str, str]

ERASED_MARK = "已刪除"
"""What replaces a name, phone number, e-mail address or contact in records the programme keeps."""

KINDS: dict[str, str] = {"exchanges": "對話紀錄", "dialogue_state": "對話狀態", "drafts": "申請草稿",
                         "bookings": "預約", "applications": "數位點數申請", "contact_requests": "回電請求",
                         "handoff_messages": "真人客服訊息", "waitlist": "開放通知登記", "notifications": "通知",
                         "confirmations": "驗證紀錄", "company_contacts": "公司聯絡信箱"}
KINDS_EN: dict[str, str] = {"exchanges": "chat messages", "dialogue_state": "conversation state",
                            "drafts": "application drafts", "bookings": "bookings", "applications": "applications",
                            "contact_requests": "call-back requests", "handoff_messages": "staff messages",
                            "waitlist": "opening alerts", "notifications": "notifications",
                            "confirmations": "confirmations", "company_contacts": "company contact addresses"}

KEPT: Pair = ("您取消了刪除，資料都還在。", "Nothing was deleted.")
NOTHING_KEPT: Pair = ("我們沒有保存您在這個對話的任何個人資料。", "We keep no personal data from this chat.")
DOWNLOAD: Pair = ("下載我的資料（JSON）", "Download my data (JSON)")
ERASE: Pair = ("刪除我的個人資料", "Delete my data")
USER_ID_MISSING: Pair = ("請輸入使用者代號（網頁的 session id 或 LINE 的 user id）。",
                         "Give the user's id (the web session id or LINE user id).")
LOOKUP_MISSING: Pair = ("請輸入管道與使用者代號，或統一編號、預約或申請編號。",
                        "Give a channel and user id, or a tax ID or reference.")
CHANNEL_UNKNOWN: Pair = ("管道只能是 web 或 line。", "The channel is web or line.")
CONFIRM_MISSING: Pair = ("請勾選「確認刪除」再送出；刪除後無法復原。",
                         "Tick the confirmation first; this cannot be undone.")


def _counted(counts: Mapping[str, int], lang: str) -> str:
    names = KINDS_EN if lang == "en" else KINDS
    parts = [f"{names.get(k, k)} {n}" for k, n in counts.items() if n]
    return ("、" if lang != "en" else ", ").join(parts)


def summary(counts: Mapping[str, int], references: list[str], *, web: bool) -> Pair:
    """The chat's answer to 「查詢我的個人資料」: what is kept, without repeating the data itself."""
    refs = "、".join(references[:10])
    zh = (f"我們保存了您在這個對話的：{_counted(counts, 'zh')}。" + (f"\n相關編號：{refs}。" if refs else "")
          + ("\n完整內容可按下方「下載我的資料」取得。" if web else "\n需要完整內容的副本，請聯絡真人客服。")
          + "\n要更正資料請聯絡真人客服；要刪除請輸入「刪除我的個人資料」。")
    en = (f"We keep from this chat: {_counted(counts, 'en')}." + (f"\nReferences: {refs}." if refs else "")
          + ("\nDownload everything with the button below." if web else "\nAsk our staff for a full copy.")
          + "\nTo correct anything ask our staff; to delete it type \"delete my data\".")
    return zh, en


def erased(counts: Mapping[str, int]) -> Pair:
    zh, en = _counted(counts, "zh"), _counted(counts, "en")
    return ((f"已刪除您的個人資料（{zh}）。" if zh else "我們沒有保存您的個人資料，沒有需要刪除的內容。")
            + "預約與申請保留編號與狀態供計畫稽核，姓名、電話與 Email 已改為「已刪除」。之後的對話會重新開始。",
            (f"Your personal data was deleted ({en})." if en else "We kept no personal data of yours.")
            + " Bookings and applications keep their reference and status for the programme's audit, with "
            "the personal fields replaced. The conversation starts afresh.")


def staff_erased(counts: Mapping[str, int]) -> str:
    return f"已刪除這位使用者的個人資料（{_counted(counts, 'zh') or '沒有資料'}）。"
