"""Dependencies as Annotated aliases, so routes read like sentences."""

from __future__ import annotations

import hmac
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlmodel import Session

from api.abuse.lockout import Lockout
from api.abuse.rates import RateLimits
from api.errors import Unauthorized
from api.experts.services.accounts import staff_name_for_token
from api.observability.metrics import Metrics
from api.resources import AppResources
from api.settings import Settings
from bot.engine import Engine
from bot.points.model import RuleBook


def get_resources(request: Request) -> AppResources:
    resources: AppResources = request.app.state.resources
    return resources


ResourcesDep = Annotated[AppResources, Depends(get_resources)]


def get_settings(resources: ResourcesDep) -> Settings:
    return resources.settings


def get_engine(resources: ResourcesDep) -> Engine:
    return resources.engine


def get_rules(resources: ResourcesDep) -> RuleBook:
    return resources.rules


def get_db(resources: ResourcesDep) -> Iterator[Session]:
    with Session(resources.db) as session:
        yield session


def get_rates(resources: ResourcesDep) -> RateLimits:
    return resources.rates


def get_lockout(resources: ResourcesDep) -> Lockout:
    return resources.lockout


def get_metrics(resources: ResourcesDep) -> Metrics:
    return resources.metrics


def client_address(request: Request) -> str:
    """The client's address: the peer's, or the one a trusted proxy names (TRUSTED_PROXIES, applied
    by uvicorn's ProxyHeadersMiddleware in `api.app`); X-Forwarded-For is never read here."""
    return request.client.host if request.client else "unknown"


SettingsDep = Annotated[Settings, Depends(get_settings)]
RatesDep = Annotated[RateLimits, Depends(get_rates)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
LockoutDep = Annotated[Lockout, Depends(get_lockout)]
ClientAddress = Annotated[str, Depends(client_address)]
EngineDep = Annotated[Engine, Depends(get_engine)]
SessionDep = Annotated[Session, Depends(get_db)]
RulesDep = Annotated[RuleBook, Depends(get_rules)]

_bearer = HTTPBearer(auto_error=False)


@dataclass(frozen=True)
class StaffIdentity:
    """Who on the programme staff made a request (recorded in audit trails)."""

    name: str


def current_staff(settings: SettingsDep, session: SessionDep,
                  credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]) -> StaffIdentity:
    """Staff authenticate with the ADMIN_TOKEN bearer token, or a named staff account's console token."""
    token = settings.admin_token.get_secret_value()
    given = credentials.credentials if credentials else ""
    if given and hmac.compare_digest(given.encode(), token.encode()):
        return StaffIdentity(name="admin")
    name = staff_name_for_token(session=session, token=given) if given else None
    if name is None:
        raise Unauthorized("需要管理者權杖才能查看。", "A valid staff token is required.")
    return StaffIdentity(name=name)


CurrentStaff = Annotated[StaffIdentity, Depends(current_staff)]
StaffOnly = Depends(current_staff)
