"""A user's own personal data (Taiwan PDPA): see it, or delete it after a confirmation.

The work is done by the `pdpa` postback handler `api/privacy` registers: `pdpa:export` gives the
summary, the 確認刪除 button sends `pdpa:erase`. Matched before the refusal of requests for other
people's data, and only when the user asks about *their own* data (我的 / my).
"""

from __future__ import annotations

from bot.intents.base import Services, Turn, any_pattern
from bot.messages import t
from bot.types import PRIVACY, Action, Reply

POSTBACK = "pdpa"
EXPORT, ERASE, KEEP = "export", "erase", "keep"

_DATA = r"(的)?(所有|全部)?(的)?(個人)?(資料|個資|紀錄|對話紀錄|聊天紀錄)"
_ERASE = any_pattern(
    rf"(刪除|刪掉|移除|清除|消除|銷毀)(我|我的|本人|本人的){_DATA}",
    rf"(我|我的|本人){_DATA}.{{0,4}}(刪除|刪掉|移除|清除)",
    r"\b(delete|erase|remove|wipe)\b.{0,6}\bmy\b.{0,12}\b(data|information|details|history)\b",
    r"\bforget me\b", r"被遺忘權",
)
_EXPORT = any_pattern(
    rf"(查詢|查看|看|看看|匯出|下載|導出|調閱|提供|給我)(一下)?(我|我的|本人|本人的){_DATA}",
    r"(你們|你)?(有|存了|保存了|留了)(我)?(哪些|什麼)(個人)?(資料|個資)",
    r"\b(export|download|show|see|view|get)\b.{0,6}\bmy\b.{0,12}\b(data|information|details)\b",
    r"\bwhat (personal )?data do you (have|keep|hold)\b",
)


class MyData:
    name = PRIVACY

    def matches(self, turn: Turn) -> bool:
        return bool(_ERASE.search(turn.norm) or _EXPORT.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        lang, msg = turn.lang, turn.message
        handler = services.flows.postbacks.get(POSTBACK)
        if handler is None:
            return Reply(t("privacy_unavailable", lang), PRIVACY, lang,
                         actions=(Action("postback", t("act_human", lang), "intent:handoff"),))
        if _ERASE.search(turn.norm):
            return Reply(t("privacy_erase_confirm", lang), PRIVACY, lang, confidence=1.0, actions=(
                Action("postback", t("act_erase_yes", lang), f"{POSTBACK}:{ERASE}"),
                Action("postback", t("act_erase_no", lang), f"{POSTBACK}:{KEEP}"),
                Action("postback", t("act_my_data", lang), f"{POSTBACK}:{EXPORT}")))
        outcome = handler.handle(user_id=msg.user_id, channel=msg.channel, arg=EXPORT, lang=lang)
        text = outcome.text_en if lang == "en" and outcome.text_en else outcome.text
        return Reply(text, PRIVACY, lang, confidence=1.0, actions=outcome.actions)
