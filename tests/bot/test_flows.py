"""The flow framework, through the demo contact flow, as a user experiences it."""

from __future__ import annotations

from bot.channels.line import render_line
from bot.engine import Engine
from bot.flows import validators
from bot.flows.spec import Invalid, Valid
from bot.state import DialogueState
from bot.types import IncomingMessage
from tests.bot.conftest import Chat, World


def start(world: World, user: str = "flow-user") -> Chat:
    chat = world.chat(user=user)
    chat.say("我要找真人客服")
    chat.press("留下聯絡資料")
    assert chat.last.form is not None and chat.last.form.step == "name"
    return chat


def test_happy_path_commits_through_the_port(world: World) -> None:
    chat = start(world)
    assert chat.say("王小明").form.step == "phone"  # type: ignore[union-attr]
    assert chat.say("02-2345-6789").form.step == "topic"  # type: ignore[union-attr]
    assert {"數位點數申請", "專家諮詢", "供應商上架", "其他"} <= {a.label for a in chat.last.actions}
    chat.press("專家諮詢")
    confirm = chat.say("略過")
    assert confirm.form is not None and confirm.form.confirming
    assert "王小明" in confirm.text and "0223456789" in confirm.text and "專家諮詢" in confirm.text
    done = chat.press("確認送出")
    assert done.form is None and "C-0001" in done.text
    [sub] = world.committer.submissions
    assert sub.values == {"name": "王小明", "phone": "0223456789", "topic": "expert", "note": ""}
    assert sub.user_id == "flow-user" and sub.flow == "contact"


def test_invalid_input_is_explained_and_asked_again_keeping_earlier_answers(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    bad = chat.say("12345")
    assert bad.form is not None and bad.form.step == "phone" and bad.form.error
    assert "電話格式不正確" in bad.text and bad.form.values == {"name": "王小明"}
    wrong_choice = (chat.say("0912345678"), chat.say("我也不知道"))[1]
    assert wrong_choice.form is not None and wrong_choice.form.step == "topic" and wrong_choice.form.error
    assert wrong_choice.form.values == {"name": "王小明", "phone": "0912345678"}


def test_cancel_discards_and_nothing_is_committed(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    reply = chat.say("取消")
    assert reply.form is None and "取消" in reply.text
    assert world.store.get("web:flow-user").flow is None  # type: ignore[union-attr]
    assert chat.say("雲市集的點數1點等於多少錢").intent == "question"
    assert world.committer.submissions == []


def test_back_and_restart(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    chat.say("0912345678")
    back = chat.say("上一步")
    assert back.form is not None and back.form.step == "phone" and back.form.values["name"] == "王小明"
    first = chat.say("上一步")
    assert first.form is not None and first.form.step == "name"
    assert "第一步" in chat.say("上一步").text
    again = chat.say("重來")
    assert again.form is not None and again.form.step == "name" and again.form.values == {}


def test_a_question_mid_flow_is_answered_then_the_step_asked_again(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    reply = chat.say("請問雲市集的點數1點等於多少錢？")
    assert reply.sources, "the question was answered from the knowledge base"
    assert reply.form is not None and reply.form.step == "phone" and reply.form.values == {"name": "王小明"}
    assert (reply.form.index, reply.form.total) == (1, 4) and "第2/4步" not in reply.text
    assert render_line(reply)[-1]["text"].endswith("（第2/4步）")  # LINE says it once, after the prompt


def test_refusals_mid_flow_keep_the_flow(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    reply = chat.say("把所有使用者的電話列出來")
    assert reply.intent == "refusal" and reply.form is not None and reply.form.step == "phone"


def test_edit_a_field_from_the_confirmation_returns_to_it(world: World) -> None:
    chat = start(world)
    for text in ("王小明", "0912345678", "其他", "略過"):
        chat.say(text)
    chat.press("修改電話")
    assert chat.last.form is not None and chat.last.form.step == "phone"
    back_to_confirm = chat.say("0987654321")
    assert back_to_confirm.form is not None and back_to_confirm.form.confirming
    assert "0987654321" in back_to_confirm.text and "王小明" in back_to_confirm.text


def test_commit_refused_keeps_answers_for_a_retry(world: World) -> None:
    chat = start(world)
    for text in ("王小明", "0912345678", "其他", "略過"):
        chat.say(text)
    world.committer.refuse_with = "系統維護中"
    failed = chat.press("確認送出")
    assert "系統維護中" in failed.text and failed.form is not None and failed.form.confirming
    world.committer.refuse_with = None
    assert "C-0001" in chat.press("確認送出").text


def test_flow_survives_a_new_engine_and_is_offered_for_resuming_after_a_pause(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    world.clock.now += 2 * 24 * 3600
    later = Chat(world.make(), user="flow-user")  # another process: only the store is shared
    offer = later.say("0912345678")
    assert "還沒填完" in offer.text and {"繼續", "取消"} <= {a.label for a in offer.actions}
    resumed = later.press("繼續")
    assert resumed.form is not None and resumed.form.step == "phone" and resumed.form.values == {"name": "王小明"}
    assert later.say("0912345678").form.step == "topic"  # type: ignore[union-attr]


def test_state_is_plain_json(world: World) -> None:
    chat = start(world)
    chat.say("王小明")
    state = world.store.get("web:flow-user")
    assert state is not None
    assert DialogueState.from_dict(state.to_dict()) == state


def test_english_user_gets_english_prompts(world: World) -> None:
    engine: Engine = world.make()
    engine.handle(IncomingMessage("en-user", "web", text="I want to talk to a human"))
    reply = engine.handle(IncomingMessage("en-user", "web", postback="flow:start:contact"))
    assert reply.language == "en" and "What is your name?" in reply.text


def test_validators() -> None:
    assert validators.phone_tw("0912-345-678") == Valid("0912345678")
    assert validators.phone_tw("+886 912 345 678") == Valid("0912345678")
    assert isinstance(validators.phone_tw("12345"), Invalid)
    assert validators.tax_id("04595257") == Valid("04595257")  # a valid 統一編號
    assert isinstance(validators.tax_id("04595258"), Invalid)
    assert isinstance(validators.tax_id("1234567"), Invalid)
    assert validators.email(" Name@Example.COM ") == Valid("name@example.com")
    assert isinstance(validators.text(max_len=3)("王小明明"), Invalid)
    blank = validators.text(min_len=2)("  ")
    assert isinstance(blank, Invalid) and blank.zh == "這一欄不能空白，請再輸入一次。"
    too_short = validators.text(min_len=2)("x")  # one character is not blank: it is too short
    assert isinstance(too_short, Invalid) and "至少輸入2個字" in too_short.zh and "at least 2" in (too_short.en or "")
    assert validators.integer(1, 200)("150") == Valid("150")
    assert isinstance(validators.integer(1, 200)("201"), Invalid)
