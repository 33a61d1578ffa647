"""Things to do rather than ask: book an expert, apply for points, check my booking/application.

Each starts its flow when one is registered (the booking and application issues add them);
until then it answers how to do it, from the knowledge base.
"""

from __future__ import annotations

from bot.flows.runner import looks_like_question
from bot.intents.base import Services, Turn, any_pattern
from bot.messages import t
from bot.points.change_flow import FLOW_NAME as LOOKUP_FLOW
from bot.types import APPLY_POINTS, BOOK_EXPERT, CHECK_STATUS, Action, Reply

_HOW = any_pattern(r"怎麼|如何|流程|方式|步驟|哪裡|收費|費用|免費|多少|條件|資格|要不要|需要|\bhow\b|\bwhat\b|\bwho\b")
_BOOK = any_pattern(
    r"(我要|我想|想要|幫我|請幫我|我需要|麻煩)(預約|約|找|安排|申請)(一位|一個|個)?(專家|顧問|諮詢)",
    r"^(預約|約)(專家|顧問|諮詢)(服務)?$|^(專家諮詢|預約專家諮詢)$",
    r"\bbook (an? )?(expert|consultation|consultant)\b",
)
_APPLY = any_pattern(
    r"(我要|我想|想要|幫我|請幫我|我需要)(申請|領|拿)(數位)?點數", r"^申請(數位)?點數$",
    r"\bapply for (the )?(digital )?points\b",
)
_STATUS = any_pattern(
    r"(查詢|查|看|確認)(一下)?(我的)?(預約|申請|案件)(的)?(進度|狀態|紀錄|結果)?",
    r"我的(預約|申請|案件)", r"(預約|申請)(進度|狀態)",
    r"\b(check|see) my (booking|application)s?\b|\b(booking|application) status\b",
)


class _Task:
    name = ""
    flow = ""
    how_to_question = ""
    no_flow_key = ""
    pattern = _BOOK

    def matches(self, turn: Turn) -> bool:
        text = turn.norm
        return bool(self.pattern.search(text)) and not _HOW.search(text) and not looks_like_question(turn.text)

    def handle(self, turn: Turn, services: Services) -> Reply:
        flow = services.flows.get(self.flow)
        if flow is not None:
            return services.runner.start(flow, turn.state, turn.lang, turn.now, turn.message)
        how = services.qa.reply(self.how_to_question, turn.lang, turn.state)
        text = t(self.no_flow_key, turn.lang)
        if how.sources:
            text += "\n" + how.text
        actions = tuple(a for a in how.actions if a.value != f"intent:{BOOK_EXPERT}")
        if services.flows.get("contact"):
            actions = (Action("postback", t("act_contact", turn.lang), "flow:start:contact"), *actions)
        return Reply(text, self.name, turn.lang, sources=how.sources, confidence=how.confidence, actions=actions)


class BookExpert(_Task):
    name = BOOK_EXPERT
    flow = "book_expert"
    how_to_question = "如何預約專家諮詢服務"
    no_flow_key = "book_expert_no_flow"
    pattern = _BOOK


class ApplyPoints(_Task):
    name = APPLY_POINTS
    flow = "apply_points"
    how_to_question = "中小企業如何申請數位點數"
    no_flow_key = "apply_points_no_flow"
    pattern = _APPLY


class CheckStatus:
    name = CHECK_STATUS

    def matches(self, turn: Turn) -> bool:
        return bool(_STATUS.search(turn.norm)) and not any(w in turn.norm for w in ("怎麼預約", "如何預約", "怎麼申請"))

    def handle(self, turn: Turn, services: Services) -> Reply:
        lang = turn.lang
        if services.records is None:
            return Reply(t("status_unavailable", lang), CHECK_STATUS, lang,
                         actions=(Action("postback", t("act_human", lang), "intent:handoff"),))
        records = services.records.for_user(user_id=turn.message.user_id, channel=turn.message.channel)
        # An application sent from another device or channel: looked up with its reference and phone.
        lookup = (Action("postback", t("act_lookup", lang), f"flow:start:{LOOKUP_FLOW}"),) \
            if services.flows.get(LOOKUP_FLOW) is not None else ()
        if not records:
            return Reply(t("status_none", lang), CHECK_STATUS, lang, confidence=1.0,
                         actions=(Action("postback", t("act_book_expert", lang), "intent:book_expert"), *lookup))
        lines = [f"・{r.reference}：{r.status}" + (f"（{r.summary}）" if r.summary else "") for r in records]
        actions = (tuple(a for r in records for a in r.actions)[:12 - len(lookup)]  # LINE shows at most 13
                   + lookup)
        return Reply("\n".join([t("status_list", lang), *lines]), CHECK_STATUS, lang, confidence=1.0,
                     actions=actions)
