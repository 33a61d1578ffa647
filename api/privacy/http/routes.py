"""The web chat user's own data as a JSON download (the link the chat's 「查詢我的個人資料」 offers)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import ClientAddress, RatesDep, SessionDep, SettingsDep
from api.privacy.services import personal_data

router = APIRouter(prefix="/api/chat/privacy", tags=["chat"])


def download(data: dict[str, object], name: str) -> Response:
    body = json.dumps(data, ensure_ascii=False, indent=2, default=str)
    return Response(body, media_type="application/json; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{name}.json"',
                             "Cache-Control": "no-store"})


@router.get("/export")
def export(session_id: Annotated[str, Query(min_length=1, max_length=128)], session: SessionDep,
           settings: SettingsDep, rates: RatesDep, address: ClientAddress) -> Response:
    """Everything kept about this web chat session, as a JSON file."""
    rates.enforce(("chat", session_id), ("chat_ip", address))
    data = personal_data.export(session=session, salt=settings.user_hash_salt.get_secret_value(),
                                who=personal_data.subject("web", session_id), requested_by="user")
    return download(data, "my-data")
