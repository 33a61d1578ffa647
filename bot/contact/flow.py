"""A small real flow: leave contact details so staff can call back. Also the framework's demo."""

from __future__ import annotations

from bot.flows import validators
from bot.flows.spec import Choice, Flow, Step

CONTACT_FLOW = Flow(
    name="contact",
    title="留下聯絡資料",
    title_en="Leave your contact details",
    steps=(
        Step("name", "姓名", "請問怎麼稱呼您？", "What is your name?", "Name",
             validator=validators.text(max_len=30)),
        Step("phone", "電話", "請留下聯絡電話（手機或市話）。", "Your phone number?", "Phone",
             validator=validators.phone_tw),
        Step("topic", "主題", "想諮詢哪一類問題？", "What is it about?", "Topic", choices=(
            Choice("points", "數位點數申請", "Digital points", aliases=("點數", "申請點數")),
            Choice("expert", "專家諮詢", "Expert consultation", aliases=("專家", "顧問")),
            Choice("vendor", "供應商上架", "Listing as a vendor", aliases=("上架", "供應商")),
            Choice("other", "其他", "Other"),
        )),
        Step("note", "補充說明", "還有想補充的嗎？（可輸入「略過」）", "Anything to add? (or skip)", "Note",
             validator=validators.text(max_len=200), optional=True),
    ),
)
