"""Issue 13's 「forms that listen」, on the web chat and on LINE: in each form, a typed 我的預約,
我的申請進度, 真人客服, a question or 重新開始 is recognised for what it is, not swallowed as the
answer to the step, and the form goes on from where it was (from its start after 重新開始)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tests.api.applications.conftest import new_ubn
from tests.api.journeys.conftest import Journeys
from tests.api.journeys.helpers import TOPIC, expert_on_duty
from tests.api.journeys.users import Said, User


@dataclass(frozen=True)
class Form:
    start: Callable[[User], Said]
    prompt: str
    """What its first step asks."""
    answer: Callable[[], str]
    """A good answer to the first step."""
    next_prompt: str
    """What the form asks once the first step is answered."""


FORMS = {
    "booking": Form(lambda u: u.say("我要預約專家"), "想請專家協助什麼", lambda: TOPIC, "這幾位專家最符合您的需求"),
    "application": Form(lambda u: u.say("我要申請點數"), "統一編號", new_ubn, "公司（或商號）名稱"),
    "contact": Form(lambda u: u.tap("flow:start:contact"), "怎麼稱呼您", lambda: "王小明", "聯絡電話"),
}
COMMANDS = {
    "我的預約": "查不到您的預約或申請紀錄",
    "我的申請進度": "查不到您的預約或申請紀錄",
    "真人客服": "已為您轉請專人協助",
    "數位點數誰可以申請？": "中小企業",
    "重新開始": "從頭開始",
}


@pytest.fixture(scope="module")
def expert(journeys: Journeys) -> Iterator[dict[str, Any]]:
    """An expert with free time, so the booking form opens."""
    with expert_on_duty(journeys.client) as (expert, _):
        yield expert


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("form", list(FORMS))
def test_a_command_typed_inside_a_form_is_the_command_and_the_form_goes_on(
        user: User, expert: dict[str, Any], form: str, command: str) -> None:
    spec = FORMS[form]
    assert spec.prompt in spec.start(user).text
    reply = user.say(command)
    assert COMMANDS[command] in reply.text, reply.text
    assert spec.prompt in reply.text, reply.text  # the step is asked again
    assert spec.next_prompt in user.say(spec.answer()).text  # and the form goes on from there
