"""Finding the handoff conversation a chat user opened (the inbox lists it by id)."""

from __future__ import annotations

from fastapi.testclient import TestClient
from sqlmodel import Session, select

from api.handoff.tables import HandoffConversation


def conversation_of(client: TestClient, channel: str, user_id: str) -> HandoffConversation | None:
    with Session(client.app.state.resources.db) as session:  # type: ignore[attr-defined]
        return session.exec(select(HandoffConversation).where(HandoffConversation.channel == channel,
                                                              HandoffConversation.user_id == user_id)).first()
