"""What the handoff inbox says to users and staff (zh-TW, en): (zh, en) pairs, as in the other
catalogues."""

from __future__ import annotations

Pair = tuple[str, str]

STATE_LABELS = {"open": "等待處理", "assigned": "處理中", "resolved": "已結束"}
CHANNEL_LABELS = {"web": "網頁聊天", "line": "LINE", "cli": "命令列"}
LANGUAGE_LABELS = {"zh": "中文", "en": "英文"}
AUTHOR_LABELS = {"user": "使用者", "bot": "機器人", "staff": "服務人員", "system": "系統"}

NOT_FOUND: Pair = ("找不到這個對話。", "No such conversation.")
NOT_FOUND_TITLE = "找不到對話"
BLANK_REPLY: Pair = ("回覆內容不能空白。", "The reply must not be blank.")
RESOLVED: Pair = ("這個對話已結束，已交回機器人回答；使用者再次要求真人客服時會重新開啟。",
                  "This conversation is closed and back with the bot; it reopens if the user asks for a person again.")
REPLIED = "已送出回覆。"
TAKEN = "已由您接手這個對話。"
CLOSED = "已結束對話，交回機器人回答。"
ALREADY_CLOSED = "這個對話先前已結束。"
DUPLICATE = "這則回覆已經送出過了（表單重複送出），沒有再傳一次。"


def too_long(limit: int) -> Pair:
    return (f"回覆太長了，請精簡到 {limit} 字以內。", f"The reply is too long; keep it under {limit} characters.")


def staff_heading(name: str, lang: str) -> str:
    """How a staff reply is introduced to a LINE user (the web chat labels its bubble instead)."""
    return f"[Staff {name}]" if lang == "en" else f"【服務人員 {name}】"


CLOSED_NOTICE: Pair = ("服務人員已結束這次對話，接下來由雲市集助理（機器人）回答您的問題。"
                       "需要專人時，再輸入「真人客服」。",
                       "The member of staff has closed this conversation; the assistant (the bot) answers again. "
                       "Type \"talk to a person\" to reach staff again.")


def pick(pair: Pair, lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


FIELD_LABELS = {"text": "回覆內容", "key": "表單編號", "conversation_id": "對話編號", "after": "起始訊息編號",
                "state": "狀態"}
"""How zh-TW validation messages name the request fields (`Feature.field_labels`)."""
