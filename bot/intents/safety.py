"""Prompt injection, requests for other people's data, and abuse: a polite refusal, nothing else."""

from __future__ import annotations

from bot.intents.base import Services, Turn, any_pattern
from bot.messages import t
from bot.types import REFUSAL, Action, Reply

_INJECTION = any_pattern(
    r"ignore\b.{0,30}\b(instructions?|prompts?|rules|context)",
    r"disregard\b.{0,30}\b(instructions?|rules|prompts?)",
    r"system\s*prompt", r"developer\s*mode", r"jailbreak", r"\bdan\b", r"pretend (you are|to be)",
    r"act as (an? )?(unrestricted|unfiltered|different)",
    r"(reveal|print|show|repeat) (me )?your (prompt|instructions)",
    r"忽略.{0,12}(指示|指令|規則|設定|提示|限制)", r"(無視|不要理|不用管).{0,8}(指示|指令|規則|設定)",
    r"系統提示|提示詞|系統指令|內部指示", r"\bprompt\b", r"越獄|開發者模式",
    r"(不受|解除|移除)(任何)?(的)?限制|沒有任何限制",
    r"你(現在)?(是|扮演|假裝).{0,10}(沒有限制|不受限|駭客|dan)", r"你的(設定|指令|規則)(是什麼|原文|內容)",
)
_PERSONAL = any_pattern(
    r"電話|手機|個資|個人資料|e-?mail|信箱|地址|住址|身分證|身份證|帳號|密碼|聯絡人|生日|統編",
    r"(人|者|會員|客戶|用戶|廠商|公司)的?(名單|清單)",
    r"phone|e-?mails?|address(es)?|personal data|contact details|passwords?|id numbers?",
)
_BULK_OR_OTHERS = any_pattern(
    r"所有|全部|每個|每位|每一位|名單|清單|資料庫|匯出|導出|撈|列出|其他人|其他(的)?(使用者|用戶|會員|客戶|人)|別人|他人",
    r"\ball\b|\bevery(one)?\b|\blist\b|\bdump\b|\bexport\b|\bdatabase\b|\bother (users|people|customers)\b",
    r"someone else",
)
_ID_REQUEST = any_pattern(r"(告訴|給|查|提供|說出).{0,15}(身分證|身份證)(字號|號碼)")
_ABUSE = any_pattern(
    r"白痴|白癡|笨蛋|智障|腦殘|廢物|去死|滾開|垃圾(系統|機器人|客服)|爛(系統|機器人|客服)",
    r"幹(你|妳|他|林|！|!|\s|$)", r"操你|靠北|靠杯|雞掰",
    r"\bstupid\b|\bidiot\b|\buseless\b|\bfuck|\bshit\b|\bdumb\b|\bmoron\b|\bsucks\b",
)


def _refusal(key: str, turn: Turn) -> Reply:
    return Reply(t(key, turn.lang), REFUSAL, turn.lang,
                 actions=(Action("message", t("act_example_1", turn.lang), t("act_example_1", turn.lang)),))


class Injection:
    name = "injection"

    def matches(self, turn: Turn) -> bool:
        return bool(_INJECTION.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        return _refusal("refuse_injection", turn)


class DataRequest:
    name = "data_request"

    def matches(self, turn: Turn) -> bool:
        text = turn.norm
        return bool(_ID_REQUEST.search(text) or (_PERSONAL.search(text) and _BULK_OR_OTHERS.search(text)))

    def handle(self, turn: Turn, services: Services) -> Reply:
        return _refusal("refuse_data", turn)


class Abuse:
    name = "abuse"

    def matches(self, turn: Turn) -> bool:
        return bool(_ABUSE.search(turn.norm))

    def handle(self, turn: Turn, services: Services) -> Reply:
        reply = _refusal("refuse_abuse", turn)
        return Reply(reply.text, reply.intent, reply.language,
                     actions=(Action("postback", t("act_human", turn.lang), "intent:handoff"),))
