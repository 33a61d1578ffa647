"""The LINE webhook, and the staff endpoints for the channel's queue and dead letters."""

from __future__ import annotations

import json
import logging
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request, status

from api.body_limit import body_limit
from api.deps import CurrentStaff, ResourcesDep, SessionDep, SettingsDep, StaffOnly
from api.errors import InvalidInput, Unavailable
from api.inputs import PathId, nesting_exceeds, strip_unstorable
from api.line.http.schemas import DeadLetterPublic, LineQueueStats
from api.line.rules.events import unreadable_event
from api.line.runtime import LineRuntime
from api.line.services.dead_letters import list_dead_letters, queue_stats, replay_dead_letter
from api.resources import AppResources
from api.schemas import ErrorResponse

log = logging.getLogger(__name__)
MAX_BODY_BYTES = 1_000_000
"""LINE's webhook bodies are a few kB; anything this large is not from LINE (whatever MAX_BODY_BYTES says)."""
MAX_DEPTH = 32
"""LINE's events nest about eight levels (events, event, message, mention, mentionees...)."""

webhook = APIRouter(tags=["line"])
staff = APIRouter(prefix="/api/admin/line", tags=["staff"], dependencies=[StaffOnly],
                  responses={401: {"model": ErrorResponse}})


def _runtime(resources: AppResources) -> LineRuntime:
    runtime = resources.line
    if runtime is None:
        raise Unavailable("LINE 頻道尚未設定。", "The LINE channel is not configured.")
    return runtime


def _events(body: bytes) -> list[Any]:
    """The events of a signed body, their texts cleaned of what no database stores. A signed body
    that cannot be read (not JSON, no events list, nested too deep to parse safely) becomes one
    `unreadable` event: processing dead-letters it for staff, and LINE, answered 200, does not
    deliver it again and again."""
    if nesting_exceeds(body, MAX_DEPTH):
        return [unreadable_event(body, f"nested deeper than {MAX_DEPTH} levels")]
    try:
        payload = json.loads(body)
    except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
        return [unreadable_event(body, f"not JSON: {exc}")]
    events = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(events, list):
        return [unreadable_event(body, "no events list")]
    return [strip_unstorable(event) for event in events]


@webhook.post("/line/webhook", responses={code: {"model": ErrorResponse} for code in (400, 413, 503)})
@body_limit(MAX_BODY_BYTES)
async def line_webhook(request: Request, resources: ResourcesDep,
                       x_line_signature: Annotated[str | None, Header()] = None) -> dict[str, str]:
    """Receive LINE events: check the signature, record each event durably, acknowledge; answers follow."""
    runtime = _runtime(resources)
    body = await request.body()
    if not runtime.signature_ok(body, x_line_signature):
        log.warning("LINE webhook with a missing or bad signature refused")
        raise InvalidInput("簽章驗證失敗。", "The X-Line-Signature is missing or invalid.")
    events = _events(body)
    if events:
        runtime.webhook_started()
        try:
            await runtime.recorder.record(events)
        finally:
            runtime.webhook_finished()
        runtime.wake()
    return {"status": "ok"}


@staff.get("/dead-letters", response_model=list[DeadLetterPublic])
def dead_letters(session: SessionDep, settings: SettingsDep, replayed: Annotated[bool, Query()] = False,
                 limit: Annotated[int, Query(ge=1, le=500)] = 100) -> list[DeadLetterPublic]:
    """LINE events that could not be answered (newest first); `replayed=true` for those already replayed."""
    return list_dead_letters(session=session, salt=settings.user_hash_salt.get_secret_value(), replayed=replayed,
                             limit=limit)


@staff.post("/dead-letters/{dead_letter_id}/replay", response_model=DeadLetterPublic,
            status_code=status.HTTP_202_ACCEPTED,
            responses={404: {"model": ErrorResponse}, 409: {"model": ErrorResponse}})
def replay(dead_letter_id: PathId, session: SessionDep, settings: SettingsDep,
           resources: ResourcesDep, who: CurrentStaff) -> DeadLetterPublic:
    """Put a dead-lettered event back in the queue; it is processed (and answered by push) shortly."""
    letter = replay_dead_letter(session=session, dead_letter_id=dead_letter_id, staff=who.name,
                                salt=settings.user_hash_salt.get_secret_value())
    runtime = resources.line
    if runtime is not None:
        runtime.wake()
    return letter


@staff.get("/queue", response_model=LineQueueStats)
def queue(session: SessionDep) -> LineQueueStats:
    """How many LINE events are pending, in progress, done and dead, and open dead letters."""
    return queue_stats(session=session)
