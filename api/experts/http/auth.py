"""Who is using the console: a bearer token (API) or the session cookie (web pages)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import SessionDep
from api.errors import Unauthorized
from api.experts.console_tables import ConsoleAccount
from api.experts.errors import Forbidden
from api.experts.services.accounts import account_for_token

COOKIE = "tcloud_console"
bearer = HTTPBearer(auto_error=False)


def request_token(request: Request, credentials: HTTPAuthorizationCredentials | None) -> str:
    return credentials.credentials if credentials else request.cookies.get(COOKIE, "")


def current_account(request: Request, session: SessionDep,
                    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> ConsoleAccount:
    account = account_for_token(session=session, token=request_token(request, credentials))
    if account is None:
        raise Unauthorized("請先登入專家後台（登入可能已過期）。",
                           "Please sign in to the console (your session may have expired).")
    return account


CurrentAccount = Annotated[ConsoleAccount, Depends(current_account)]


def current_expert(account: CurrentAccount) -> ConsoleAccount:
    if account.role != "expert" or account.expert_id is None:
        raise Forbidden("這個功能只提供給專家帳號。", "This is for expert accounts.")
    return account


CurrentExpert = Annotated[ConsoleAccount, Depends(current_expert)]
