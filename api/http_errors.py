"""The one place that maps errors to HTTP responses.

Every error body has the same shape: {"error": {"code", "message", "details"}}; the message is
in the user's language (zh-TW unless the request prefers English). No stack trace ever leaves.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import DomainError

log = logging.getLogger(__name__)


def prefers_english(request: Request) -> bool:
    lang = request.headers.get("accept-language", "").lower()
    return lang.startswith("en")


def error_response(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"code": code, "message": message, "details": details}})


_FIELD_NAMES = {"session_id": "對話編號", "message": "訊息", "postback": "按鈕資料", "exchange_id": "回答編號",
                "helpful": "是否有幫助", "comment": "意見", "locale": "語系"}


def _validation_details(exc: RequestValidationError) -> list[dict[str, Any]]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body", "query", "path")]
        out.append({"field": ".".join(loc) or "body", "problem": err.get("msg", ""), "type": err.get("type", "")})
    return out


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        message = exc.en if prefers_english(request) else exc.zh
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        return error_response(exc.status, exc.code, message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        details = _validation_details(exc)
        fields = "、".join(_FIELD_NAMES.get(d["field"], d["field"]) for d in details)
        if prefers_english(request):
            message = "Some fields are missing or invalid: " + ", ".join(d["field"] for d in details)
        else:
            message = f"資料格式有誤，請檢查：{fields}"
        return error_response(422, "validation_error", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        english = prefers_english(request)
        if exc.status_code == 404:
            message = "Not found." if english else "找不到這個頁面或資料。"
        elif exc.status_code == 405:
            message = "Method not allowed." if english else "不支援這個操作方式。"
        else:
            message = str(exc.detail)
        return error_response(exc.status_code, f"http_{exc.status_code}", message)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        message = ("Something went wrong on our side. Please try again shortly." if prefers_english(request)
                   else "系統暫時無法回應，請稍後再試。")
        return error_response(500, "internal_error", message)
