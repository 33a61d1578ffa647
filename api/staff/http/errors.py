"""How the staff pages answer the auth exceptions: a redirect to sign in, or a 403 page in zh-TW."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.http_errors import error_response, prefers_english
from api.staff import messages as msg
from api.staff.http.auth import CsrfRefused, SignInRequired, WrongRole
from api.staff.http.templating import templates
from api.staff.rules.roles import roles_for


def _wants_json(request: Request) -> bool:
    return "application/json" in request.headers.get("accept", "") and "text/html" not in request.headers.get(
        "accept", "")


async def _sign_in(request: Request, exc: Exception) -> Response:
    target = f"/staff/login?next={quote(request.url.path)}"
    if request.headers.get("hx-request"):
        return Response(status_code=401, headers={"HX-Redirect": target})
    if _wants_json(request):
        zh, en = msg.SIGN_IN_FIRST
        return error_response(401, "unauthorized", en if prefers_english(request) else zh)
    return RedirectResponse(target, status_code=303)


def _forbidden(request: Request, pair: tuple[str, str], title: str) -> Response:
    zh, en = pair
    if _wants_json(request):
        return error_response(403, "forbidden", en if prefers_english(request) else zh)
    return templates.render(request, "staff/problem.html", None, status_code=403, title=title, message=zh)


async def _wrong_role(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WrongRole)
    return _forbidden(request, msg.wrong_role(roles_for(exc.capability)), "沒有權限")


async def _csrf(request: Request, exc: Exception) -> Response:
    return _forbidden(request, msg.CSRF_FAILED, "無法送出表單")


HANDLERS: Mapping[type[Exception], Callable[[Request, Exception], Awaitable[Response]]] = {
    SignInRequired: _sign_in, WrongRole: _wrong_role, CsrfRefused: _csrf}
