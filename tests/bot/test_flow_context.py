"""Flow steps that depend on context: computed choices, context checks, prefill, pickers,
drafts merged by `on_value`, and a commit that sends the user back to one step."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pytest

from bot.channels.line import render_line
from bot.engine import Engine
from bot.flows.ports import CommitError, CommitResult, FlowRegistry, Submission
from bot.flows.spec import Choice, Flow, FlowContext, Invalid, Step, Valid
from bot.state import DialogueState, InMemoryStateStore
from bot.types import IncomingMessage, Reply
from knowledge.assembly import KnowledgeResources


@dataclass
class SlotBook:
    """A tiny record system: free slots, taken slots, saved drafts per company."""

    free: list[str] = field(default_factory=lambda: ["2026-12-01T10:00", "2026-12-01T11:00"])
    drafts: dict[str, dict[str, str]] = field(default_factory=dict)
    saved_steps: list[str] = field(default_factory=list)
    booked: list[Submission] = field(default_factory=list)
    steal_next: bool = False

    def choices(self, ctx: FlowContext) -> tuple[Choice, ...]:
        return tuple(Choice(s, s.replace("T", " ")) for s in self.free)

    def check_slot(self, value: str, ctx: FlowContext) -> Valid | Invalid:
        return Valid(value) if value in self.free else Invalid("這個時段沒有空，請選其他時段。")

    def on_value(self, ctx: FlowContext, step: str) -> Mapping[str, str]:
        self.saved_steps.append(step)
        company = ctx.values.get("company", "")
        return self.drafts.get(company, {}) if step == "company" else {}

    def commit(self, submission: Submission) -> CommitResult:
        if self.steal_next:
            self.steal_next = False
            self.free.remove(submission.values["slot"])
            raise CommitError("這個時段剛被預約走了，請改選其他時段。", step="slot")
        self.booked.append(submission)
        return CommitResult("B-1")


@pytest.fixture
def book() -> SlotBook:
    return SlotBook()


@pytest.fixture
def engine(shipped_knowledge: KnowledgeResources, book: SlotBook) -> Engine:
    flow = Flow("demo", "預約示範", (
        Step("company", "公司", "請輸入公司名稱"),
        Step("topic", "主題", "想諮詢什麼？", prefill=lambda ctx: ctx.last_question or None),
        Step("slot", "時段", "請選時段", choices_from=book.choices, check=book.check_slot, picker="datetime"),
        Step("phone", "電話", "請留電話"),
    ), on_value=book.on_value)
    flows = FlowRegistry()
    flows.register(flow, book)
    return Engine(shipped_knowledge.searcher, store=InMemoryStateStore(), flows=flows)


def say(engine: Engine, text: str = "", postback: str | None = None) -> Reply:
    return engine.handle(IncomingMessage("u1", "web", text=text, postback=postback))


def test_prefill_computed_choices_and_picker(engine: Engine) -> None:
    say(engine, "110年工業館最多補助幾點？")
    say(engine, postback="flow:start:demo")
    topic = say(engine, "大大紡織")
    assert topic.form is not None and topic.form.step == "topic"
    assert topic.actions[0].value == "110年工業館最多補助幾點？"  # the question asked before the flow
    slot = say(engine, topic.actions[0].value)
    labels = [a.label for a in slot.actions]
    assert "2026-12-01 10:00" in labels and "2026-12-01 11:00" in labels
    picker = next(a for a in slot.actions if a.type == "datetime")
    assert picker.to_dict()["mode"] == "datetime" and picker.value == "flow:pick:slot"


def test_picked_value_is_checked_against_the_records(engine: Engine) -> None:
    say(engine, postback="flow:start:demo")
    say(engine, "大大紡織")
    say(engine, "資安")
    taken = engine.handle(IncomingMessage("u1", "web", text="2026-12-02T09:00", postback="flow:pick:slot"))
    assert taken.form is not None and taken.form.step == "slot" and "沒有空" in taken.text
    ok = engine.handle(IncomingMessage("u1", "web", text="2026-12-01T11:00", postback="flow:pick:slot"))
    assert ok.form is not None and ok.form.step == "phone"


def test_on_value_merges_a_saved_draft_and_skips_filled_steps(engine: Engine, book: SlotBook) -> None:
    book.drafts["大大紡織"] = {"topic": "導入ERP", "phone": "0912345678"}
    say(engine, postback="flow:start:demo")
    reply = say(engine, "大大紡織")
    assert reply.form is not None and reply.form.step == "slot"  # topic came from the draft
    confirm = say(engine, "2026-12-01 10:00")
    assert confirm.form is not None and confirm.form.confirming  # phone too
    assert "導入ERP" in confirm.text and "0912345678" in confirm.text
    assert book.saved_steps == ["company", "slot"]


def test_commit_error_with_a_step_asks_it_again_then_returns_to_confirmation(engine: Engine,
                                                                          book: SlotBook) -> None:
    say(engine, postback="flow:start:demo")
    for text in ("大大紡織", "資安", "2026-12-01 10:00", "0912345678"):
        say(engine, text)
    book.steal_next = True
    again = say(engine, "確認送出")
    assert again.form is not None and again.form.step == "slot" and "剛被預約走了" in again.text
    assert [a.label for a in again.actions if a.type == "message"][0] == "2026-12-01 11:00"
    confirm = say(engine, "2026-12-01 11:00")
    assert confirm.form is not None and confirm.form.confirming
    done = say(engine, "確認送出")
    assert "B-1" in done.text and book.booked[0].values["slot"] == "2026-12-01T11:00"


def test_a_question_typed_into_a_free_text_step_is_answered_not_stored(engine: Engine) -> None:
    say(engine, postback="flow:start:demo")
    reply = say(engine, "110年工業館最多補助幾點？")
    assert reply.form is not None and reply.form.step == "company" and reply.form.values == {}
    assert "20萬點" in reply.text and "請輸入公司名稱" in reply.text
    assert say(engine, "幾何數位有限公司").form.step == "topic"  # type: ignore[union-attr]


def _counter(reply: Reply) -> tuple[int, int]:
    assert reply.form is not None
    return reply.form.index + 1, reply.form.total


def test_step_counter_counts_only_the_steps_the_user_sees(engine: Engine, book: SlotBook) -> None:
    book.drafts["大大紡織"] = {"topic": "導入ERP"}
    first = say(engine, postback="flow:start:demo")
    assert _counter(first) == (1, 4) and "第" not in first.text  # the channel shows the counter, once
    slot = say(engine, "大大紡織")
    assert slot.form is not None and slot.form.step == "slot" and _counter(slot) == (2, 3)  # no 1 -> 3 jump
    phone = say(engine, "2026-12-01 10:00")
    assert _counter(phone) == (3, 3)
    assert _counter(say(engine, "上一步")) == (2, 3)
    back = say(engine, "上一步")  # the draft's topic is passed over
    assert back.form is not None and back.form.step == "company" and _counter(back) == (1, 3)


def test_a_flow_started_with_values_counts_from_its_first_asked_step(engine: Engine) -> None:
    state = DialogueState()
    flow = engine.services.flows.get("demo")
    assert flow is not None
    reply = engine.services.runner.start(flow, state, "zh", 0.0, values={"company": "大大紡織", "topic": "資安"})
    assert reply.form is not None and reply.form.step == "slot" and _counter(reply) == (1, 2)
    assert "（第1/2步）" in render_line(reply)[-1]["text"]
    assert not any(a.label == "上一步" for a in reply.actions)  # nothing the user answered lies before
