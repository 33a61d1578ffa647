"""Booking an expert from the web chat: the context travels with the booking, bad answers are
re-asked, a slot taken meanwhile sends the user back to fresh slots, and "我的預約" lists, moves
and cancels the user's own bookings only."""

from __future__ import annotations

import threading
import unicodedata
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.experts import messages as msg
from api.experts.adapters.committers import BookingCommitter
from api.experts.rules.labels import status_label
from api.experts.services.booking import create_booking
from api.experts.tables import Booking
from bot.flows.ports import Submission
from tests.api.experts.chat import EVERY_TAG, UNANSWERABLE, Chat, new_expert, random_tax_id, walk_to_confirmation
from tests.api.experts.conftest import booking_in


def _booking(client: TestClient, staff: dict[str, str], reference: str) -> dict:  # type: ignore[type-arg]
    rows = client.get("/api/admin/bookings", headers=staff).json()
    return next(r for r in rows if r["reference"] == reference)


def _reference(text: str) -> str:
    start = text.index("B-")
    return text[start:start + 8]


def test_booking_from_an_unanswered_question_carries_the_chat_to_the_expert(client: TestClient,
                                                                          staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, **EVERY_TAG)
    chat = Chat(client)
    declined = chat.send(UNANSWERABLE)
    assert declined["intent"] == "no_answer"
    chat.press("預約專家")
    assert chat.last["form"]["step"] == "topic"
    assert chat.last["actions"][0]["text"] == UNANSWERABLE  # the question is offered as the topic
    chat.send(UNANSWERABLE)
    assert chat.last["form"]["step"] == "expert" and expert["name"] in chat.last["answer"]
    chat.press(expert["name"])
    assert any(a["type"] == "datetime" for a in chat.last["actions"])  # or pick another date and time
    slot = chat.slot_buttons()[0]
    notice = chat.send(slot)  # before any personal data: the PDPA notice, and consent
    assert notice["form"]["step"] == "consent" and "個人資料保護法" in notice["answer"]
    assert "刪除我的個人資料" in notice["answer"] and chat.labels()[0] == "同意"
    refused = chat.send("不同意")
    assert refused["form"]["step"] == "consent" and "需要您同意" in refused["answer"]
    assert chat.send("同意")["form"]["step"] == "company"
    chat.send("好味餐飲有限公司")
    bad = chat.send("12345678")
    assert bad["form"]["step"] == "tax_id" and "檢查碼不正確" in bad["answer"]
    company = random_tax_id()
    chat.send(company)
    chat.send("陳美玲")
    bad = chat.send("12345")
    assert bad["form"]["step"] == "reach" and "電話格式不正確" in bad["answer"]
    chat.send("Meiling@Example.com")
    assert [a["label"] for a in chat.last["actions"]][:2] == ["視訊", "電話"]
    confirm = chat.send("視訊")
    assert confirm["form"]["confirming"] and expert["name"] in confirm["answer"] and "視訊" in confirm["answer"]
    done = chat.send("確認送出")
    assert done["form"] is None and "已為您預約" in done["answer"]
    reference = _reference(done["answer"])
    assert {a["data"] for a in done["actions"]} == {f"bk:resched:{reference}", f"bk:cancel:{reference}"}
    row = _booking(client, staff, reference)
    assert row["status"] == "pending" and row["email"] == "meiling@example.com" and row["tax_id"] == company
    assert row["topic"] == unicodedata.normalize("NFKC", UNANSWERABLE)  # as typed, width-normalised
    assert row["context"]["questions"][-1] == UNANSWERABLE
    assert row["context"]["answered"] is False and row["context"]["confidence"] < 0.5


def test_a_slot_taken_before_confirming_sends_the_user_back_to_fresh_slots(client: TestClient,
                                                                          staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["資安"])
    chat = Chat(client)
    slot_label = walk_to_confirmation(chat, expert)
    slot = datetime.fromisoformat(chat.last["form"]["values"]["slot"])
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        create_booking(session=session, booking_in=booking_in(expert["id"], slot, user="someone-else",
                                                              tax_id=random_tax_id()), max_open_per_company=3)
    taken = chat.send("確認送出")
    assert msg.SLOT_TAKEN[0] in taken["answer"] and taken["form"]["step"] == "slot"
    assert slot_label not in chat.slot_buttons()
    chat.send(chat.slot_buttons()[0])
    assert chat.last["form"]["confirming"] is True  # everything else is kept
    done = chat.send("確認送出")
    assert "已為您預約" in done["answer"]


def test_times_that_cannot_be_booked_are_refused_clearly(client: TestClient, staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["資安"])
    chat = Chat(client)
    chat.send(postback="intent:book_expert")
    chat.send("資安健檢")
    chat.press(expert["name"])
    past = chat.send("2020-01-06T10:00")
    assert past["form"]["step"] == "slot" and msg.SLOT_PASSED[0] in past["answer"]
    night = chat.send("12/24 03:00")
    assert night["form"]["step"] == "slot" and msg.SLOT_NOT_OFFERED[0] in night["answer"]
    gibberish = chat.send("找個你方便的時間")
    assert gibberish["form"]["step"] == "slot" and msg.UNREADABLE_TIME[0] in gibberish["answer"]


def test_the_picker_is_bounded_a_pick_is_echoed_and_off_grid_times_get_the_nearest(
        client: TestClient, staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["資安"])
    chat = Chat(client)
    chat.send(postback="intent:book_expert")
    chat.send("資安健檢")
    chat.press(expert["name"])
    picker = chat.action("選擇日期時間")
    assert picker["type"] == "datetime" and picker["min"] <= picker["initial"] < picker["max"]
    first = chat.last["actions"][0]["text"]  # the first free slot's button
    assert len(picker["initial"]) == 16 and picker["initial"][11:] == first[-5:]
    day = datetime.fromisoformat(picker["initial"])
    off_grid = f"{day.month}/{day.day} {day.hour:02d}:{day.minute + 20:02d}"
    nearest = chat.send(off_grid)
    assert nearest["form"]["step"] == "slot" and "最接近的空檔" in nearest["answer"]
    assert msg.SLOT_NOT_OFFERED[0] not in nearest["answer"] and first[-5:] in nearest["answer"]
    picked = chat.send(picker["initial"], postback="flow:pick:slot")
    assert picked["form"]["step"] == "consent"  # the personal-data notice, before company and contact
    assert "您選擇的時間：" in picked["answer"] and first in picked["answer"]  # as the slot's own button reads it


def test_my_bookings_lists_moves_and_cancels_only_my_own(client: TestClient, staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["資安"])
    chat = Chat(client)
    first_slot = walk_to_confirmation(chat, expert)
    reference = _reference(chat.send("確認送出")["answer"])
    listing = chat.send("我的預約")
    assert reference in listing["answer"] and "待專家確認" in listing["answer"]
    assert f"bk:cancel:{reference}" in {a.get("data") for a in listing["actions"]}

    stranger = Chat(client)
    refused = stranger.send(postback=f"bk:cancel:{reference}")
    assert msg.BOOKING_NOT_YOURS[0] in refused["answer"]
    assert msg.BOOKING_NOT_YOURS[0] in stranger.send(postback=f"bk:cancelyes:{reference}")["answer"]
    assert _booking(client, staff, reference)["status"] == "pending"

    before = _booking(client, staff, reference)["slot_start"]
    moving = chat.send(postback=f"bk:resched:{reference}")
    assert moving["form"]["flow"] == "reschedule_booking" and moving["form"]["step"] == "slot"
    assert (moving["form"]["index"], moving["form"]["total"]) == (0, 1) and "第2" not in moving["answer"]
    assert first_slot not in chat.slot_buttons()  # never offered its own time
    same = chat.send(first_slot)
    assert same["form"]["step"] == "slot" and msg.SAME_SLOT[0] in same["answer"]
    new_slot = chat.slot_buttons()[0]
    chat.send(new_slot)
    moved = chat.send("確認送出")
    assert "已改到" in moved["answer"]
    after = _booking(client, staff, reference)
    assert after["slot_start"] != before and after["status"] == "pending"  # the expert confirms the new time

    asked = chat.send(postback=f"bk:cancel:{reference}")
    assert "確定要取消" in asked["answer"]
    cancelled = chat.press("確定取消")
    assert "已取消預約" in cancelled["answer"]
    assert _booking(client, staff, reference)["status"] == "cancelled"
    again = chat.send(postback=f"bk:cancelyes:{reference}")
    assert msg.cannot_change(status_label("cancelled"), "cancelled", msg.CANCELLING)[0] in again["answer"]


# A topic few tests' experts have: the topic-matched shortlist shows the best five of however many
# 資安 experts earlier tests left in a shared database.
RARE_TOPIC = "想做數位轉型診斷"


def test_pressing_confirm_twice_books_once(client: TestClient, staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["數位轉型診斷"])
    chat = Chat(client)
    walk_to_confirmation(chat, expert, topic=RARE_TOPIC)
    values = chat.last["form"]["values"]
    db = client.app.state.resources.db  # type: ignore[attr-defined]
    committer = BookingCommitter(db, lambda: 3)
    submission = Submission("book_expert", chat.session_id, "web", values)
    first, second = committer.commit(submission), committer.commit(submission)
    assert first.reference == second.reference and "不會重複預約" in second.message
    with Session(db) as session:
        booking = session.get(Booking, int(first.reference[2:]))
        assert booking is not None and booking.user_id == chat.session_id


def test_two_confirm_taps_arriving_together_book_once(client: TestClient, staff: dict[str, str]) -> None:
    expert = new_expert(client, staff, topics=["數位轉型診斷"])
    chat = Chat(client)
    walk_to_confirmation(chat, expert, topic=RARE_TOPIC)
    barrier = threading.Barrier(2)

    def tap(_: int) -> str:
        barrier.wait()
        r = client.post("/api/chat", json={"session_id": chat.session_id, "message": "確認送出"})
        assert r.status_code == 200
        return str(r.json()["answer"])

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(tap, range(2)))
    references = {_reference(a) for a in answers if "B-" in a}
    assert len(references) == 1, answers
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        mine = session.exec(select(Booking).where(Booking.user_id == chat.session_id)).all()
    assert [b.reference for b in mine] == list(references)
