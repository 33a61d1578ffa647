"""The one place that maps errors to HTTP responses.

Every error body has the same shape: {"error": {"code", "message", "details"}}; the message is
in the user's language (zh-TW unless the request prefers English). No stack trace ever leaves.
Validation messages name fields the way people do (「年營業額」, not `annual_revenue.int`): the core
fields' names are in `api.messages`, each feature's in its catalogue (`Feature.field_labels`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from api import messages as msg
from api.body_limit import BodyTooLarge
from api.errors import DomainError, TooManyRequests

log = logging.getLogger(__name__)

Pair = tuple[str, str]
_SOURCES = ("body", "query", "path", "header", "cookie")


def prefers_english(request: Request) -> bool:
    lang = request.headers.get("accept-language", "").lower()
    return lang.startswith("en")


def error_response(status: int, code: str, message: str, details: list[dict[str, Any]] | None = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status, headers=headers,
                        content={"error": {"code": code, "message": message, "details": details}})


def _field(loc: tuple[Any, ...]) -> str:
    """`annual_revenue`, `tools[2]`: the field's name and list positions, without the request part
    (body, query...) or the names of union members pydantic adds (`int`, `constrained-str`)."""
    parts = list(loc[1:] if loc and loc[0] in _SOURCES else loc)
    name = ""
    for part in parts:
        if isinstance(part, int):
            name += f"[{part}]"
        elif not name:
            name = str(part)
        elif part.isidentifier() and part not in ("int", "str", "float", "bool", "list", "dict", "none"):
            name += f".{part}"
    return name or "body"


def _label(field: str, labels: Mapping[str, str], english: bool) -> str:
    """English messages name the field as the API does; zh-TW ones as people do."""
    if english:
        return field
    return labels.get(field.split("[", 1)[0].rsplit(".", 1)[-1], field)


def _validation(exc: RequestValidationError, labels: Mapping[str, str],
                english: bool) -> tuple[str, list[dict[str, Any]]]:
    problems: dict[str, list[str]] = {}
    details = []
    for err in exc.errors():
        field = _field(tuple(err.get("loc", ())))
        zh, en = msg.problem(err.get("type", ""), err.get("ctx"))
        said = en if english else zh
        if said not in problems.setdefault(field, []):
            problems[field].append(said)
        details.append({"field": field, "label": _label(field, labels, english), "problem": said,
                        "type": err.get("type", "")})
    if english:
        listed = "; ".join(f"{_label(f, labels, True)} ({', '.join(p)})" for f, p in problems.items())
        return msg.INVALID_FIELDS[1] + listed, details
    listed = "、".join(f"{_label(f, labels, False)}（{'；'.join(p)}）" for f, p in problems.items())
    return msg.INVALID_FIELDS[0] + listed, details


def install_error_handlers(app: FastAPI, field_labels: Mapping[str, str] | None = None) -> None:
    labels = {**msg.FIELD_LABELS, **(field_labels or {})}

    @app.exception_handler(DomainError)
    async def _domain(request: Request, exc: DomainError) -> JSONResponse:
        message = exc.en if prefers_english(request) else exc.zh
        headers = {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None
        if isinstance(exc, TooManyRequests):
            headers = {"Retry-After": str(exc.retry_after)}
        return error_response(exc.status, exc.code, message, exc.details, headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        english = prefers_english(request)
        errors = exc.errors()
        if errors and errors[0].get("type") == "json_invalid":  # FastAPI's: the body is not JSON at all
            position = next((p for p in errors[0].get("loc", ())[1:] if isinstance(p, int)), None)
            zh, en = msg.json_invalid(position)
            return error_response(422, "validation_error", en if english else zh,
                                  [{"field": "body", "problem": en if english else zh, "type": "json_invalid"}])
        message, details = _validation(exc, labels, english)
        return error_response(422, "validation_error", message, details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        english = prefers_english(request)
        words: Pair | None = None
        code = f"http_{exc.status_code}"
        if isinstance(exc, BodyTooLarge):
            words, code = msg.body_too_large(exc.limit), "body_too_large"
        elif exc.status_code == 400:  # FastAPI's only 400: a body it could not decode (not UTF-8, too deep)
            words, code = msg.INVALID_BODY, "invalid_body"
        elif exc.status_code == 404:
            words = msg.NOT_FOUND
        elif exc.status_code == 405:
            words = msg.METHOD_NOT_ALLOWED
        message = str(exc.detail) if words is None else words[1] if english else words[0]
        return error_response(exc.status_code, code, message, headers=getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error", msg.INTERNAL[1] if prefers_english(request) else msg.INTERNAL[0])
