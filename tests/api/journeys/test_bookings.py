"""Issue 13's booking journeys, each on the web chat and on LINE: book → the expert declines with a
reason → the user is told in the chat (web: on the open page and after a reload) and by e-mail →
rebooks from the message; the expert proposes a time → the user accepts it from the chat; an
everyday time (「禮拜五早上十點」) typed at the slot step is understood."""

from __future__ import annotations

import re
import uuid
from datetime import datetime, timedelta
from typing import Any

from tests.api.experts.chat import random_tax_id
from tests.api.journeys.conftest import Journeys
from tests.api.journeys.helpers import TOPIC, body, email_saying, expert_on_duty
from tests.api.journeys.users import User, WebUser

Expert = tuple[dict[str, Any], dict[str, str]]
SLOT = re.compile(r"\d{1,2}/\d{1,2}（.）\d{2}:\d{2}")


def _address() -> str:
    return f"owner-{uuid.uuid4().hex[:8]}@example.com"


def _to_slot_step(user: User, expert: dict[str, Any]) -> None:
    user.say("我要預約專家")
    assert any(label.startswith(expert["name"]) for label in user.say(TOPIC).buttons)  # on the shortlist
    user.press(expert["name"])
    assert any(SLOT.fullmatch(label) for label in user.last.buttons), list(user.last.buttons)


def _book(user: User, expert: dict[str, Any], address: str) -> str:
    """A booking through the chat, to the first free slot, leaving `address` for e-mail."""
    _to_slot_step(user, expert)
    user.press(next(label for label in user.last.buttons if SLOT.fullmatch(label)))
    for answer in ("同意", "綠能節電有限公司", random_tax_id(), "陳美玲", address, "視訊"):
        user.say(answer)
    done = user.say("確認送出")
    found = re.search(r"B-\d{6}", done.text)
    assert found, done.text
    return found.group()


def _console_id(journeys: Journeys, console: dict[str, str], reference: str) -> int:
    listed = journeys.client.get("/api/console/bookings", headers=console).json()
    return int(next(b["id"] for b in listed if b["reference"] == reference))


def test_declined_with_a_reason_told_in_the_chat_and_by_email_then_rebooked(
        journeys: Journeys, user: User, expert: Expert) -> None:
    expert, console = expert
    address = _address()
    reference = _book(user, expert, address)
    booking_id = _console_id(journeys, console, reference)
    r = journeys.client.post(f"/api/console/bookings/{booking_id}/decline", json={"reason": "當週在國外參展"},
                             headers=console)
    assert r.status_code == 200, r.text

    [told] = user.arrived()
    assert reference in told.text and "當週在國外參展" in told.text
    mail = email_saying(journeys.inbox, address, "當週在國外參展")
    assert reference in str(mail["Subject"])
    if isinstance(user, WebUser):  # a reloaded page shows it after the booking, with its button
        notices = [t for t in user.reload() if t["kind"] == "notice"]
        assert len(notices) == 1 and "當週在國外參展" in notices[0]["answer"]
        assert [a["label"] for a in notices[0]["actions"]] == ["重新預約"]
    listing = user.say("我的預約")
    assert reference in listing.text and "當週在國外參展" in listing.text

    again = user.press("重新預約", on=told)
    assert "想請專家協助什麼" in again.text  # the booking form, from its first step
    user.say(TOPIC)
    user.press(expert["name"])
    user.press(next(label for label in user.last.buttons if SLOT.fullmatch(label)))
    for answer in ("同意", "綠能節電有限公司", random_tax_id(), "陳美玲", address, "視訊"):
        user.say(answer)
    rebooked = re.search(r"B-\d{6}", user.say("確認送出").text)
    assert rebooked and rebooked.group() != reference


def test_a_proposed_time_is_accepted_from_the_chat(journeys: Journeys, user: User, expert: Expert) -> None:
    expert, console = expert
    address = _address()
    booking_id = _console_id(journeys, console, _book(user, expert, address))
    start = datetime.fromisoformat(journeys.client.get(f"/api/console/bookings/{booking_id}", headers=console)
                                   .json()["slot_start"])
    later = start + timedelta(days=1)
    r = journeys.client.post(f"/api/console/bookings/{booking_id}/propose",
                             json={"start": later.isoformat(), "note": "上午較方便"}, headers=console)
    assert r.status_code == 200, r.text

    [told] = user.arrived()
    assert "上午較方便" in told.text
    assert {"接受新時間", "維持原時間", "另約時間"} <= set(told.buttons)
    assert "/booking/proposal/" in body(email_saying(journeys.inbox, address, "上午較方便"))  # or answer by e-mail
    accepted = user.press("接受新時間", on=told)
    assert "已改到" in accepted.text
    moved = journeys.client.get(f"/api/console/bookings/{booking_id}", headers=console).json()
    assert moved["status"] == "confirmed" and datetime.fromisoformat(moved["slot_start"]) == later
    assert "接受了改期" in journeys.client.get("/api/console/outbox", headers=console).json()[0]["text"]


def test_an_everyday_time_is_understood_at_the_slot_step(journeys: Journeys, user: User) -> None:
    with expert_on_duty(journeys.client, buffer_minutes=0) as (expert, _):  # slots on the hour
        _to_slot_step(user, expert)
        understood = user.say("禮拜五早上十點").text
        assert "個資" in understood  # understood: on to the personal-data notice
        assert "（五）10:00" in understood  # and said back at once, not only on the confirmation screen
        for answer in ("同意", "綠能節電有限公司", random_tax_id(), "陳美玲", _address(), "視訊"):
            user.say(answer)
    assert "（五）10:00" in user.last.text  # the confirmation shows the Friday, 10:00 it understood
