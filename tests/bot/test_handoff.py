"""While a person handles a conversation the engine does not answer over them (bot/handoff.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.contact.flow import CONTACT_FLOW
from bot.engine import Engine
from bot.flows.ports import FlowRegistry
from bot.handoff import HANDOFF_HELD, HANDOFF_RELEASED
from bot.types import HANDOFF, Handoff, IncomingMessage, Language
from knowledge.assembly import KnowledgeResources
from tests.bot.conftest import RULES, Chat, World


@dataclass
class MemoryDesk:
    """The port as the engine sees it: who is waiting for a person, and what they sent meanwhile."""

    active: dict[str, bool] = field(default_factory=dict)
    """state key -> acknowledged"""
    held: list[str] = field(default_factory=list)

    def request(self, message: IncomingMessage, handoff: Handoff, language: Language) -> None:
        self.active.setdefault(message.state_key, False)

    def hold(self, message: IncomingMessage, language: Language) -> bool | None:
        if message.state_key not in self.active:
            return None
        self.held.append(message.text)
        first = not self.active[message.state_key]
        self.active[message.state_key] = True
        return first

    def release(self, message: IncomingMessage) -> bool:
        return self.active.pop(message.state_key, None) is not None


def _chat(world: World, knowledge: KnowledgeResources, desk: MemoryDesk, user: str) -> Chat:
    flows = FlowRegistry()
    flows.register(CONTACT_FLOW, world.committer)
    engine = Engine(knowledge.searcher, store=world.store, flows=flows, clock=world.clock, rules=RULES,
                    handoffs=desk)
    return Chat(engine, user=user)


def test_messages_wait_for_the_person_until_the_user_goes_back_to_the_bot(
        world: World, shipped_knowledge: KnowledgeResources) -> None:
    desk = MemoryDesk()
    chat = _chat(world, shipped_knowledge, desk, "held-user")
    assert chat.say("數位點數誰可以申請？").sources  # no handoff yet: the bot answers
    assert chat.say("我要真人客服").intent == HANDOFF and "web:held-user" in desk.active
    first = chat.say("數位點數誰可以申請？")
    assert first.intent == HANDOFF_HELD and not first.sources and first.text
    assert [a.label for a in first.actions] == ["回到機器人"]
    later = chat.say("補助上限多少？")
    assert later.intent == HANDOFF_HELD and later.text == "" and later.actions == ()
    assert desk.held == ["數位點數誰可以申請？", "補助上限多少？"]
    back = chat.say("回到機器人")
    assert back.intent == HANDOFF_RELEASED and desk.active == {}
    assert chat.say("數位點數誰可以申請？").sources


def test_buttons_and_an_open_form_still_work_while_waiting(world: World,
                                                           shipped_knowledge: KnowledgeResources) -> None:
    desk = MemoryDesk()
    chat = _chat(world, shipped_knowledge, desk, "form-user")
    chat.say("我要真人客服")
    assert chat.press("留下聯絡資料").form is not None  # a postback is not held
    assert chat.say("王小明").form.step == "phone"  # type: ignore[union-attr]
    assert chat.say("重新開始").form is not None  # in a form 重新開始 restarts the form, not the handoff
    assert desk.held == [] and "web:form-user" in desk.active


def test_without_a_desk_nothing_is_held(world: World) -> None:
    chat = world.chat(user="no-desk")
    chat.say("我要真人客服")
    assert chat.say("數位點數誰可以申請？").sources
