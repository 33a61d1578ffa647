"""Booking an expert consultation from the chat, and moving a booking to another time.

The flows know nothing of the database: they reach experts, slots and bookings through the
`ExpertCatalog` port (implemented in `api/experts`). Values are the expert's id, the slot as an
ISO 8601 instant, the meeting mode's code and the booking's reference; `describe` turns each into
words on the confirmation screen.
"""

from __future__ import annotations

from typing import Protocol

from bot.flows import validators
from bot.flows.spec import Choice, Closed, Flow, FlowContext, Invalid, Step, Valid
from bot.messages import t
from bot.types import Action, Language

LOW_CONFIDENCE = 0.5
"""Below this, the last answer counts as unsure: its question is offered as the booking's topic."""


class ExpertCatalog(Protocol):
    def experts_for(self, *, topic: str, lang: Language) -> tuple[Choice, ...]:
        """Active experts with free time, the most relevant to `topic` first."""
        ...

    def experts_intro(self, *, topic: str, lang: Language) -> str:
        """A line on each of those experts (title, specialties, meeting modes)."""
        ...

    def any_free(self) -> bool:
        """True when some active expert has a free slot."""
        ...

    def expert_label(self, *, expert: str, lang: Language) -> str: ...

    def free_slots(self, *, expert: str, lang: Language, exclude_booking: str = "") -> tuple[Choice, ...]:
        """The expert's next few free slots (value: ISO 8601 instant)."""
        ...

    def resolve_slot(self, *, expert: str, text: str, exclude_booking: str = "") -> Valid | Invalid:
        """A typed or picked time -> the canonical slot value, if that slot is free now."""
        ...

    def slot_label(self, *, slot: str, lang: Language) -> str: ...

    def slot_range(self, *, expert: str) -> tuple[str, str, str]:
        """(initial, min, max) for a date/time picker, Taipei time as YYYY-MM-DDTHH:MM."""
        ...

    def meeting_modes(self, *, expert: str, lang: Language) -> tuple[Choice, ...]: ...

    def mode_label(self, *, mode: str, lang: Language) -> str: ...

    def open_bookings(self, *, user_id: str, channel: str, lang: Language) -> tuple[Choice, ...]:
        """The user's own bookings that can still be moved (value: reference)."""
        ...

    def booking_expert(self, *, user_id: str, channel: str, booking: str) -> str | None:
        """The expert of the user's own booking `booking` (None when it is not theirs)."""
        ...

    def booking_label(self, *, booking: str, lang: Language) -> str: ...


AGREE = "agree"
CONSENT_NOTICE = ("【個資告知】依個人資料保護法，接下來我們會蒐集公司名稱、統一編號、聯絡人與電話或 Email，"
                  "只用於安排這次專家諮詢、通知您與補助計畫的管理；您可以隨時在對話中輸入"
                  "「查詢我的個人資料」或「刪除我的個人資料」來查詢、更正或刪除。同意請按「同意」。")
CONSENT_NOTICE_EN = ("Under Taiwan's Personal Data Protection Act we will now collect your company's name and tax "
                     "ID, a contact name and a phone number or e-mail address, only to arrange this consultation, "
                     "notify you and manage the programme; type \"show my data\" or \"delete my data\" at any time "
                     "to see, correct or delete them. Do you agree?")


def refused_consent(raw: str) -> Valid | Invalid:
    """Anything but the 同意 choice (which the runner matches first): the booking cannot go on."""
    return Invalid("需要您同意蒐集聯絡資料，專家才能和您聯繫；不想同意的話可以輸入「取消」。",
                   "The expert can only contact you with your consent; type cancel to stop.")


def suggested_topic(ctx: FlowContext) -> str | None:
    """The question the user just could not get (a sure) answer to."""
    if ctx.last_question and (not ctx.answered or ctx.confidence < LOW_CONFIDENCE):
        return ctx.last_question[:200]
    return None


def reach(raw: str) -> Valid | Invalid:
    """A phone number or an e-mail address."""
    return validators.email(raw) if "@" in raw else validators.phone_tw(raw)


def build_book_expert_flow(catalog: ExpertCatalog) -> Flow:
    def expert_of(ctx: FlowContext) -> str:
        return ctx.values.get("expert", "")

    def closed(lang: Language) -> Closed | None:
        """No expert has free time: say so, and offer a call back instead of an empty list."""
        if catalog.any_free():
            return None
        return Closed(t("no_expert_free", lang), (
            Action("postback", t("act_contact", lang), "flow:start:contact"),
            Action("postback", t("act_human", lang), "intent:handoff")))

    return Flow(
        name="book_expert", title="預約專家諮詢", title_en="Book an expert consultation", closed=closed,
        steps=(
            Step("topic", "諮詢主題", "想請專家協助什麼？請簡單描述（例如：餐廳想導入 POS 與線上點餐）。",
                 "What do you need help with? (e.g. choosing a POS system for a restaurant)", "Topic",
                 validator=validators.text(max_len=200, min_len=2), prefill=suggested_topic),
            Step("expert", "專家", "這幾位專家最符合您的需求，請選一位：", "These experts fit best; pick one:",
                 "Expert", choices_from=lambda ctx: catalog.experts_for(topic=ctx.values.get("topic", ""),
                                                                        lang=ctx.language),
                 intro=lambda ctx: catalog.experts_intro(topic=ctx.values.get("topic", ""), lang=ctx.language),
                 check=lambda text, ctx: Valid(text) if catalog.expert_label(expert=text, lang=ctx.language)
                 else Invalid("請從列出的專家中選一位。", "Please pick one of the experts listed."),
                 describe=lambda v, lang: catalog.expert_label(expert=v, lang=lang)),
            Step("slot", "時段", "請選擇諮詢時段（台灣時間），或選擇其他日期時間：",
                 "Pick a time (Taiwan time), or choose another date and time:", "Time",
                 choices_from=lambda ctx: catalog.free_slots(expert=expert_of(ctx), lang=ctx.language),
                 check=lambda text, ctx: catalog.resolve_slot(expert=expert_of(ctx), text=text),
                 picker="datetime", picker_range=lambda ctx: catalog.slot_range(expert=expert_of(ctx)),
                 describe=lambda v, lang: catalog.slot_label(slot=v, lang=lang)),
            Step("consent", "個資同意", CONSENT_NOTICE, CONSENT_NOTICE_EN, "Consent", validator=refused_consent,
                 choices=(Choice(AGREE, "同意", "I agree", ("好", "可以", "我同意", "yes", "agree")),)),
            Step("company", "公司名稱", "請輸入公司（商號）名稱。", "Your company's name?", "Company",
                 validator=validators.text(max_len=100)),
            Step("tax_id", "統一編號", "請輸入公司的統一編號（8位數字）。",
                 "Your company's tax ID (統一編號, 8 digits)?", "Tax ID", validator=validators.tax_id),
            Step("contact", "聯絡人", "請問聯絡人怎麼稱呼？", "Who should the expert contact?", "Contact",
                 validator=validators.text(max_len=60)),
            Step("reach", "電話或Email", "請留下聯絡電話或 Email。", "A phone number or e-mail address?",
                 "Phone or e-mail", validator=reach),
            Step("mode", "諮詢方式", "希望用哪種方式諮詢？", "How would you like to meet?", "Meeting",
                 choices_from=lambda ctx: catalog.meeting_modes(expert=expert_of(ctx), lang=ctx.language),
                 describe=lambda v, lang: catalog.mode_label(mode=v, lang=lang)),
        ),
    )


def build_reschedule_flow(catalog: ExpertCatalog) -> Flow:
    def expert_of(ctx: FlowContext) -> str:
        return catalog.booking_expert(user_id=ctx.user_id, channel=ctx.channel,
                                      booking=ctx.values.get("booking", "")) or ""

    def own_booking(text: str, ctx: FlowContext) -> Valid | Invalid:
        if catalog.booking_expert(user_id=ctx.user_id, channel=ctx.channel, booking=text) is None:
            return Invalid("找不到您這筆預約，請從選項中選擇。", "That is not one of your bookings; pick one below.")
        return Valid(text)

    return Flow(
        name="reschedule_booking", title="預約改期", title_en="Reschedule a booking",
        steps=(
            Step("booking", "預約", "要改哪一筆預約？", "Which booking do you want to move?", "Booking",
                 choices_from=lambda ctx: catalog.open_bookings(user_id=ctx.user_id, channel=ctx.channel,
                                                                lang=ctx.language),
                 check=own_booking, describe=lambda v, lang: catalog.booking_label(booking=v, lang=lang)),
            Step("slot", "新時段", "請選擇新的時段（台灣時間）：", "Pick the new time (Taiwan time):", "New time",
                 choices_from=lambda ctx: catalog.free_slots(expert=expert_of(ctx), lang=ctx.language,
                                                            exclude_booking=ctx.values.get("booking", "")),
                 check=lambda text, ctx: catalog.resolve_slot(expert=expert_of(ctx), text=text,
                                                             exclude_booking=ctx.values.get("booking", "")),
                 picker="datetime", picker_range=lambda ctx: catalog.slot_range(expert=expert_of(ctx)),
                 describe=lambda v, lang: catalog.slot_label(slot=v, lang=lang)),
        ),
    )
