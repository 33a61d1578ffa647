"""What the LINE channel itself says (the engine's sentences live in bot/messages.py): to users in
the chat, on the rich menu, and to staff replaying dead letters.

Conventions (the same in every feature's catalogue):
- A text said in either language is a `Pair`, (zh-TW, English): a constant for fixed text, a
  function of the variable parts returning the pair for a template; `pick(pair, lang)` says it.
- Whatever takes (zh, en) positionally gets the pair unpacked: `raise Conflict(*texts.ALREADY_REPLAYED)`.
- A text only ever shown in zh-TW (the welcome messages, the rich menu) is a plain `str`.
"""

from __future__ import annotations

from bot.types import Language

Pair = tuple[str, str]
"""(zh-TW, English)."""

FIELD_LABELS = {"dead_letter_id": "失敗事件編號", "replayed": "已重送", "x-line-signature": "LINE 簽章"}
"""How zh-TW validation messages name the channel's request fields (`Feature.field_labels`)."""

FOLLOW = (
    "歡迎加入雲市集助理！🎉\n"
    "我可以：\n"
    "・回答臺灣雲市集、數位點數與各館補助的問題（附上資料來源與年度）\n"
    "・幫您預約專家諮詢、申請數位點數、查詢進度\n"
    "直接輸入問題就可以開始，例如「餐廳可以申請數位點數嗎？」，或點下方選單。\n\n"
    "【隱私說明】您的訊息只用於回答您的問題與改善服務；分析時以代號取代您的帳號，"
    "不會提供給第三方。封鎖本帳號後我們就不再主動傳訊息給您。"
)
FOLLOW_AGAIN = (
    "歡迎回來！😊 很高興再次為您服務。\n"
    "直接輸入問題就可以繼續，或點下方選單預約專家、申請數位點數、查詢進度。"
)
JOIN = (
    "大家好，我是雲市集助理！在群組中請 @我 或以「雲市集助理」開頭提問，"
    "我會回答臺灣雲市集與數位點數的問題。預約或申請等個人事項，請私訊我。"
)
_NON_TEXT: dict[str, Pair] = {
    "sticker": ("謝謝您的貼圖！😊 ", "Thanks for the sticker! 😊 "),
    "image": ("我目前還看不懂圖片，", "I can't read images yet; "),
    "video": ("我目前還無法觀看影片，", "I can't watch videos yet; "),
    "audio": ("我目前還聽不懂語音，", "I can't listen to audio yet; "),
    "file": ("我目前還無法開啟檔案，", "I can't open files yet; "),
    "location": ("收到您的位置了，", "Got your location; "),
}
_ASK_IN_TEXT: Pair = ("請用文字輸入您想問的問題，例如「我開餐廳可以拿多少點數？」",
                "please type your question, e.g. \"How many points can a restaurant get?\"")
STALE_BUTTON: Pair = ("這個按鈕已經過期了，請直接輸入您的問題。", "That button has expired; please type your question.")
FEEDBACK_THANKS: Pair = ("謝謝您的回饋！", "Thanks for your feedback!")
FEEDBACK_SORRY: Pair = ("謝謝您的回饋，我們會改進。需要更詳細的說明，可以預約專家諮詢。",
                  "Thanks, we will improve. For more help you can book an expert consultation.")
PRIVATE_ONLY: Pair = ("預約、申請和查詢進度會用到您的個人資料，請私訊我（點我的頭像 → 聊天）再繼續。",
                "Bookings, applications and status checks involve your personal details: please message me "
                "privately to continue.")
APOLOGY: Pair = ("抱歉，系統暫時無法回答，我們已通知工作人員，請稍後再試。",
           "Sorry, something went wrong on our side; staff have been told. Please try again shortly.")



# The rich menu (zh-TW only): each button's label and the hint under it
MENU_BAR = "選單"
MENU_ASK, MENU_ASK_HINT = "問問題", "點數・補助・各館"
MENU_BOOK, MENU_BOOK_HINT = "預約專家", "免費專家諮詢"
MENU_APPLY, MENU_APPLY_HINT = "申請點數", "數位點數申請"
MENU_STATUS, MENU_STATUS_HINT = "我的預約", "查詢進度"

# To staff replaying dead letters
DEAD_LETTER_NOT_FOUND: Pair = ("找不到這筆失敗紀錄。", "That dead letter was not found.")
ALREADY_REPLAYED: Pair = ("這筆紀錄已經重送過了。", "That dead letter was already replayed.")
NOT_FAILED: Pair = ("這個事件目前不是失敗狀態，無法重送。", "That event is not in a failed state.")


def pick(pair: Pair, lang: Language) -> str:
    return pair[1] if lang == "en" else pair[0]


def private_only(lang: Language, chat_url: str = "") -> str:
    """「請私訊我」, with the link that opens the one-to-one chat when the account's ID is set."""
    text = pick(PRIVATE_ONLY, lang)
    return f"{text}\n👉 {chat_url}" if chat_url else text


def non_text(kind: str, lang: Language = "zh") -> str:
    opening = _NON_TEXT.get(kind, ("我目前只看得懂文字，", "I only understand text for now; "))
    return pick(opening, lang) + pick(_ASK_IN_TEXT, lang)
