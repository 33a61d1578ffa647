"""The web JSON keeps the stable `POST /api/chat` contract of README.md."""

from __future__ import annotations

import json

from bot.channels.web import render_web
from tests.bot.conftest import World


def test_answer_reply_matches_the_contract(world: World) -> None:
    body = render_web(world.chat().say("供應商什麼時候可以請款"))
    assert {"answer", "sources", "confidence", "actions", "handoff"} <= body.keys()
    assert isinstance(body["answer"], str) and body["answer"]
    assert body["sources"] and all(
        isinstance(s["title"], str) and isinstance(s["source"], str) and isinstance(s["snippet"], str)
        and isinstance(s["score"], float) for s in body["sources"])
    assert isinstance(body["confidence"], float) and 0.0 <= body["confidence"] <= 1.0
    assert all({"type", "label"} <= a.keys() for a in body["actions"])
    assert body["handoff"] is None
    json.dumps(body, ensure_ascii=False)


def test_handoff_and_form_are_rendered(world: World) -> None:
    chat = world.chat()
    handoff = render_web(chat.say("我要找真人"))
    assert handoff["handoff"]["reason"] == "user_request"
    form = render_web(chat.press("留下聯絡資料"))
    assert form["form"]["flow"] == "contact" and form["form"]["step"] == "name"
    assert any(a["type"] == "message" and a["text"] == "取消" for a in form["actions"])
