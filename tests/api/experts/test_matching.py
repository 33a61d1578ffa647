"""The expert shortlist follows the topic; with nobody free the user is offered a call back."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.engine import Engine

from api.experts import messages as msg
from api.experts.adapters.catalog import ExpertCatalogDb
from bot.consultations.flows import build_book_expert_flow
from tests.api.experts.conftest import add_expert

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def test_a_snack_shops_pos_question_lists_the_pos_expert_and_not_the_farmer(db: Engine) -> None:
    farmer = add_expert(db, tools=["開店平台"], industries=["農業"], topics=["請款核銷"])
    pos = add_expert(db, tools=["雲端收銀（POS）"], industries=["餐飲"], topics=["數位轉型診斷"])
    catalog = ExpertCatalogDb(db, clock=lambda: NOW)
    for topic in ("小吃店想導入POS收銀", "早餐店結帳想快一點"):
        names = [c.aliases[0] for c in catalog.experts_for(topic=topic, lang="zh")]
        assert names == [pos.name], topic
        assert msg.NO_TOPIC_MATCH[0] not in catalog.experts_intro(topic=topic, lang="zh")
    anything = [c.aliases[0] for c in catalog.experts_for(topic="想聊聊", lang="zh")]
    assert set(anything) == {farmer.name, pos.name}  # no match: everyone free, and it is said
    assert catalog.experts_intro(topic="想聊聊", lang="zh").startswith(msg.NO_TOPIC_MATCH[0])


def test_with_no_expert_free_the_booking_offers_the_contact_form(db: Engine) -> None:
    catalog = ExpertCatalogDb(db, clock=lambda: NOW)
    flow = build_book_expert_flow(catalog)
    assert flow.closed is not None
    closed = flow.closed("zh")
    assert closed is not None and "沒有專家有可預約的空檔" in closed.text
    assert [a.value for a in closed.actions] == ["flow:start:contact", "intent:handoff"]
    add_expert(db, tools=["資訊安全"])
    assert flow.closed("zh") is None
