"""GET /metrics for Prometheus: open in development without METRICS_TOKEN; otherwise the bearer
token must match (and without one, production keeps it closed)."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Response
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import ResourcesDep, SettingsDep
from api.errors import Unauthorized
from api.observability import messages as msg
from api.observability.metrics import CONTENT_TYPE

router = APIRouter(tags=["operations"])
_bearer = HTTPBearer(auto_error=False)


def metrics_reader(settings: SettingsDep,
                   credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> None:
    if settings.metrics_open:
        return
    token = settings.metrics_token.get_secret_value()
    if not token:
        raise Unauthorized(*msg.METRICS_CLOSED)
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode(), token.encode()):
        raise Unauthorized(*msg.METRICS_TOKEN_NEEDED)


@router.get("/metrics", include_in_schema=False, dependencies=[Depends(metrics_reader)])
def metrics(resources: ResourcesDep) -> Response:
    """The Prometheus text format (the database gauges are read now)."""
    return Response(content=resources.metrics.exposition(), media_type=CONTENT_TYPE)
