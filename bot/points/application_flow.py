"""The digital-point application flow ("apply_points"): 統一編號 → company facts → contact →
PDPA consent → eligibility with reasons, 館 and points → confirm → submitted.

Every accepted answer is saved as a draft through the `ApplicationDesk` port. After the 統一編號
step a saved draft for that company is merged, so the user resumes where they stopped. A draft
someone else saved (another channel, another chat) holds personal data, so it is merged only
after the user types one of its secrets back (contact phone, e-mail or annual revenue); a draft
with none of those yet only lends its public company facts.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from bot.flows import validators
from bot.flows.spec import Choice, Closed, Flow, FlowContext, Invalid, Step, Valid
from bot.messages import t
from bot.points import fields
from bot.points.amounts import format_amount, parse_amount
from bot.points.evaluate import HallVerdict, evaluate
from bot.points.model import FACTORY_REGISTRATION, CompanyProfile, Funding, RuleBook
from bot.points.report import eligibility_text
from bot.types import Action, Language
from bot.ubn import check_ubn
from knowledge.programme import roc_year

FLOW_NAME = "apply_points"
WAITLIST_JOIN = "pw:join"
"""The postback of 「開放申請時通知我」 (the applications feature records who asked)."""
FRESH, OWN, VERIFIED, PUBLIC = "新申請", "接續上次的草稿", "已驗證，接續草稿", "帶入草稿的公司基本資料"
NEW = "不接續草稿"
"""The answer to the resume question that starts afresh (not 「重新填寫」: the runner's restart command)."""
AGREE = "agree"
NOT_RESTORED = frozenset({"ubn", "resume", "consent", "hall"})
"""Never taken from a draft: consent is given anew each time, the 館 follows from the verdict."""
PUBLIC_FIELDS = frozenset({"company_name", "industry", "capital"})
"""Facts the company registry publishes anyway: lent from anyone's draft without proof."""
PROOF_FIELDS = ("phone", "email", "revenue")
MAX_RESUME_FAILURES = 5
_FACTORY_ALIASES = {"registered": ("有", "有登記", "已登記", "有工廠登記", "yes", "registered"),
                    "exempt": ("免辦", "免登記", "免辦工廠登記", "exempt"),
                    "none": ("沒有", "無", "沒登記", "未登記", "no", "none"),
                    "na": ("不適用", "非製造業", "n/a")}


@dataclass(frozen=True)
class Draft:
    values: dict[str, str]
    own: bool
    """Saved from this same chat (channel and user)."""
    failures: int = 0
    """Wrong answers to the resume question so far."""


class ApplicationDesk(Protocol):
    """What the flow reads and writes besides the conversation (implemented in `api/`)."""

    def year(self) -> int:
        """The programme year (ROC) applications are taken for."""
        ...

    def open_year(self) -> int | None:
        """The year taking applications today; None when no year's window is open."""
        ...

    def today(self) -> date: ...

    def load_draft(self, *, ubn: str, year: int, user_id: str, channel: str) -> Draft | None:
        """This user's own draft for the company, else the newest anyone saved."""
        ...

    def save_draft(self, *, ubn: str, year: int, user_id: str, channel: str, values: Mapping[str, str]) -> None: ...

    def resume_failed(self, *, ubn: str, year: int) -> int:
        """Count one wrong answer against the company's newest foreign draft; returns the total."""
        ...

    def funded(self, *, ubn: str) -> tuple[Funding, ...]:
        """Registry entries: programmes that already funded this company."""
        ...

    def has_active_application(self, *, ubn: str, year: int, user_id: str = "", channel: str = "") -> bool:
        """Whether the company holds an application for `year` that this chat user may be told of."""
        ...


def profile_from_values(values: Mapping[str, str], funded: tuple[Funding, ...] = ()) -> CompanyProfile:
    """The profile the rules see, from the flow's answers (strings); absent answers stay None."""
    def number(name: str) -> int | None:
        return parse_amount(values[name]).value if values.get(name) else None

    ubn = values.get("ubn")
    consent = values.get("consent")
    return CompanyProfile(
        ubn_valid=check_ubn(ubn).valid if ubn else None,
        consent=None if not consent else consent == AGREE,
        industry=values.get("industry") or None,
        employees=number("employees"), paid_in_capital=number("capital"), annual_revenue=number("revenue"),
        factory_registration=values.get("factory") or None, funded=funded)


def _matches_proof(answer: str, draft: Mapping[str, str]) -> bool:
    phone = validators.phone_tw(answer)
    if isinstance(phone, Valid) and draft.get("phone") == phone.value:
        return True
    if draft.get("email") and answer.strip().lower() == draft["email"]:
        return True
    amount = parse_amount(answer).value
    return amount is not None and bool(draft.get("revenue")) and str(amount) == draft["revenue"]


class _Steps:
    """The flow's context-aware parts, bound to a rule book and the desk."""

    def __init__(self, rules: RuleBook, desk: ApplicationDesk) -> None:
        self.rules, self.desk = rules, desk
        self.hall_name = fields.application_validators(rules)["hall"]

    def verdicts(self, ctx: FlowContext) -> tuple[HallVerdict, ...]:
        ubn = ctx.values.get("ubn", "")
        funded = self.desk.funded(ubn=ubn) if ubn else ()
        return evaluate(self.rules, profile_from_values(ctx.values, funded), year=self.desk.year(),
                        on=self.desk.today())

    def check_ubn_free(self, value: str, ctx: FlowContext) -> Valid | Invalid:
        year = self.desk.year()
        if self.desk.has_active_application(ubn=value, year=year, user_id=ctx.user_id, channel=ctx.channel):
            return Invalid(f"統一編號 {value} 的公司{year}年度已經有一件申請（審核中或已核准），"
                           "同一家公司同一年度只能申請一次。如果是您送出的，請輸入「我的申請進度」查詢；有疑問請輸入「真人客服」。",
                           f"The company {value} already has an application for {year} (in review or approved); "
                           "one application per company per year. Ask \"check my application\" for its status.")
        return Valid(value)

    def check_resume(self, value: str, ctx: FlowContext) -> Valid | Invalid:
        ubn, year = ctx.values.get("ubn", ""), self.desk.year()
        draft = self.desk.load_draft(ubn=ubn, year=year, user_id=ctx.user_id, channel=ctx.channel)
        if draft is None or draft.own:
            return Valid(FRESH)
        if draft.failures >= MAX_RESUME_FAILURES:
            return Invalid(f"輸入錯誤太多次，這份草稿已無法接續，請按「{NEW}」。",
                           "Too many wrong answers: this draft can no longer be resumed; choose \"Don't resume\".")
        if _matches_proof(value, draft.values):
            return Valid(VERIFIED)
        left = MAX_RESUME_FAILURES - self.desk.resume_failed(ubn=ubn, year=year)
        return Invalid(f"和草稿上的資料不符（還可以再試{max(left, 0)}次）。請輸入草稿上的聯絡電話、Email 或年營收，"
                       f"或按「{NEW}」。",
                       f"That does not match the draft ({max(left, 0)} tries left). Type its phone, e-mail or "
                       "annual revenue, or choose \"Don't resume\".")

    def on_value(self, ctx: FlowContext, step: str) -> Mapping[str, str]:
        values, merged = dict(ctx.values), {}
        ubn, year = values.get("ubn", ""), self.desk.year()
        if step == "ubn":
            merged = self._merge_draft(ctx, ubn, year)
        elif step == "resume" and values.get("resume") == VERIFIED:
            draft = self.desk.load_draft(ubn=ubn, year=year, user_id=ctx.user_id, channel=ctx.channel)
            merged = {k: v for k, v in (draft.values if draft else {}).items() if k not in NOT_RESTORED}
        elif step == "industry" and values.get("industry") != "manufacturing":
            merged = {"factory": "na"}
        if ubn and "resume" in {**merged, **values}:  # not while a foreign draft awaits its proof
            self.desk.save_draft(ubn=ubn, year=year, user_id=ctx.user_id, channel=ctx.channel,
                                 values={**merged, **values})
        return merged

    def _merge_draft(self, ctx: FlowContext, ubn: str, year: int) -> dict[str, str]:
        draft = self.desk.load_draft(ubn=ubn, year=year, user_id=ctx.user_id, channel=ctx.channel)
        if draft is None:
            return {"resume": FRESH}
        kept = {k: v for k, v in draft.values.items() if k not in NOT_RESTORED}
        if draft.own:
            return {**kept, "resume": OWN}
        if any(draft.values.get(k) for k in PROOF_FIELDS):
            return {}  # ask the resume step
        return {**{k: v for k, v in kept.items() if k in PUBLIC_FIELDS}, "resume": PUBLIC}

    def hall_choices(self, ctx: FlowContext) -> tuple[Choice, ...]:
        return tuple(Choice(v.hall.hall, v.hall.hall, v.name("en")) for v in self.verdicts(ctx) if v.eligible)

    def check_hall(self, value: str, ctx: FlowContext) -> Valid | Invalid:
        verdicts = self.verdicts(ctx)
        named = self.hall_name(value)
        chosen = next((v for v in verdicts if isinstance(named, Valid) and v.hall.hall == named.value), None)
        if chosen is not None and chosen.eligible:
            return Valid(chosen.hall.hall)
        if not any(v.eligible for v in verdicts):
            return Invalid("目前的資料不符合任何一館的申請條件（原因見上方），請按「上一步」修改資料，或輸入「取消」。",
                           "These details fit no hall (see the reasons above); go back to change them, or cancel.")
        if chosen is None:
            names = "、".join(v.hall.hall for v in verdicts if v.eligible)
            return Invalid(f"請從可申請的館別中選一個：{names}。", "Please pick one of the halls you qualify for.")
        return Invalid(f"{chosen.name()}：{'；'.join(r.line() for r in chosen.failed)}",
                       f"{chosen.name('en')}: {'; '.join(r.line('en') for r in chosen.failed)}")

    def describe_hall(self, value: str, lang: Language) -> str:
        hall = self.rules.hall(self.desk.year(), value)
        if hall is None:
            return value
        points = hall.points
        if lang == "en":
            return f"{value} (up to {points.cap:,} points, points : self-paid = {points.ratio})"
        return f"{value}（上限{format_amount(points.cap)}點，點數:自付＝{points.ratio}）"

    def closed(self, lang: Language) -> Closed | None:
        """No year is taking applications: say which years the rules cover, offer to notify."""
        if self.desk.open_year() is not None:
            return None
        years = "、".join(str(y) for y in self.rules.years)
        now = roc_year(self.desk.today().year)
        if lang == "en":
            text = (f"Digital-point applications are not being taken now. The rules here cover {years} (ROC years), "
                    f"and those application periods have closed; no application period for {now} has been "
                    "published here. I can let you know when applications open.")
        else:
            text = (f"目前沒有受理中的數位點數申請。這裡的申請規則是{years}年度的，申請期間都已截止；"
                    f"{now}年度的受理期間還沒有公告。開始受理時，我可以通知您。")
        return Closed(text, (Action("postback", "開放申請時通知我" if lang != "en" else "Notify me", WAITLIST_JOIN),
                             Action("postback", t("act_book_expert", lang), "intent:book_expert"),
                             Action("postback", t("act_human", lang), "intent:handoff")))

    def hall_intro(self, ctx: FlowContext) -> str:
        return eligibility_text(self.verdicts(ctx), self.desk.year(), ctx.language)


def build_apply_points_flow(rules: RuleBook, desk: ApplicationDesk, *, email_on: bool = False) -> Flow:
    """`email_on`: the service sends e-mail, so the e-mail step may say the result is sent there."""
    s, v = _Steps(rules, desk), fields.application_validators(rules)
    industries = tuple(Choice(i.code, i.label, i.label_en, i.aliases) for i in rules.industries.values())
    factory = tuple(Choice(code, zh, en, _FACTORY_ALIASES[code]) for code, (zh, en) in FACTORY_REGISTRATION.items())
    return Flow(
        name=FLOW_NAME, title="申請數位點數", title_en="Apply for digital points", on_value=s.on_value,
        closed=s.closed,
        steps=(
            Step("ubn", "統一編號", "請輸入公司的統一編號（8位數字）。", "Your company's tax ID (統一編號, 8 digits)?",
                 "Tax ID", validator=v["ubn"], check=s.check_ubn_free),
            Step("resume", "草稿", "這家公司有一份在其他管道填到一半的申請草稿。為保護資料，請輸入草稿上填的聯絡電話、"
                 f"Email 或年營收其中一項來接續；或按「{NEW}」。",
                 "This company has a half-finished draft from another chat. To protect it, type the draft's "
                 "contact phone, e-mail or annual revenue to resume, or choose \"Don't resume\".", "Draft",
                 validator=validators.text(max_len=100), check=s.check_resume, counted=False,
                 choices=(Choice(NEW, NEW, "Don't resume", ("新申請", "不接續", "略過", "skip", "no")),)),
            Step("company_name", "公司名稱", "請輸入公司（或商號）名稱。", "The company's name?", "Company",
                 validator=v["company_name"]),
            Step("industry", "行業別", "請選擇公司的行業別。", "Which industry is the company in?", "Industry",
                 choices=industries),
            Step("employees", "員工數", "公司經常僱用的員工有幾人？", "How many employees does the company have?",
                 "Employees", validator=v["employees"], describe=_people),
            Step("capital", "實收資本額", "公司的實收資本額是多少？（例如「500萬」；商號或個體戶填0）",
                 "Paid-in capital in NT$? (0 for a sole proprietorship)", "Paid-in capital",
                 validator=v["capital"], describe=_money),
            Step("revenue", "年營收", "公司去年的營業收入大約多少？（例如「3000萬」）",
                 "Last year's revenue in NT$ (e.g. 30000000)?", "Annual revenue",
                 validator=v["revenue"], describe=_money),
            Step("factory", "工廠登記", "製造業者申請工業館需要工廠登記。請問公司有工廠登記嗎？",
                 "Manufacturers need a factory registration for the Industrial Hall. Does the company have one?",
                 "Factory registration", choices=factory),
            Step("region", "所在縣市", "公司在哪個縣市？", "Which city or county is the company in?", "Region",
                 validator=v["region"]),
            Step("contact", "聯絡人", "請問聯絡人的姓名？", "The contact person's name?", "Contact",
                 validator=v["contact"]),
            Step("phone", "聯絡電話", "聯絡電話？（手機或含區碼的市話）", "Contact phone?", "Phone",
                 validator=v["phone"]),
            Step("email", "Email", "聯絡 Email？審核結果會寄到這裡。" if email_on else "聯絡 Email？",
                 "Contact e-mail? We send the result there." if email_on else "Contact e-mail?",
                 "E-mail", validator=v["email"]),
            Step("consent", "個資同意",
                 "【個資告知】依個人資料保護法，我們蒐集您填寫的公司與聯絡資料，只用於這次數位點數申請的資格審查、通知與補助管理；您可以隨時要求查詢、更正或刪除。同意請按「同意」。",
                 "Under Taiwan's Personal Data Protection Act we collect these company and contact details only to "
                 "review this application, notify you and manage the subsidy; you may ask to see, correct or delete "
                 "them at any time. Do you agree?", "Consent", validator=_refused_consent,
                 choices=(Choice(AGREE, "同意", "I agree", ("好", "可以", "我同意", "yes", "agree")),)),
            Step("hall", "申請館別", "請選擇要申請的館別。", "Which hall do you apply to?", "Hall",
                 validator=validators.text(max_len=20), choices_from=s.hall_choices, check=s.check_hall,
                 intro=s.hall_intro, describe=s.describe_hall),
        ),
    )




def _refused_consent(raw: str) -> Valid | Invalid:
    """Anything but the 同意 choice (which the runner matches first): the application cannot go on."""
    return Invalid("需要您同意資料蒐集，我們才能受理申請；不想同意的話可以輸入「取消」。",
                   "We can only take the application with your consent; type cancel to stop.")


def _money(value: str, lang: Language) -> str:
    amount = parse_amount(value).value
    if amount is None:
        return value
    return f"NT${amount:,}" if lang == "en" else f"{format_amount(amount)}元"


def _people(value: str, lang: Language) -> str:
    return value if lang == "en" else f"{value}人"
