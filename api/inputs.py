"""What every id and text arriving over HTTP must satisfy before it reaches the database.

- Ids (path, query, body) lie within the database's integer range: a larger one is refused as
  invalid input instead of overflowing the driver (SQLite) or the column (PostgreSQL). Dates lie
  within 2000-2100, so date arithmetic and time-zone conversion cannot overflow (year 1, 9999).
- No text holds a NUL (U+0000, which PostgreSQL's text types refuse) or a lone surrogate (which
  no database can encode). `refuse_unstorable_text` is an app-wide dependency that checks the
  path, the query and the parsed JSON or form body of every route, so no route can forget it;
  the LINE webhook, which cannot refuse an event, strips them instead (`strip_unstorable`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

from fastapi import Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

DB_INT_MAX = 2**31 - 1
"""The largest value of a PostgreSQL `integer` column (ids; SQLite's limit is larger, so this bounds both)."""

DbId = Annotated[int, Field(gt=0, le=DB_INT_MAX)]
"""An id in a request body."""
PathId = Annotated[int, Path(gt=0, le=DB_INT_MAX)]
"""An id in the path."""
QueryId = Annotated[int | None, Query(gt=0, le=DB_INT_MAX)]
"""An optional id in the query string."""
Offset = Annotated[int, Query(ge=0, le=DB_INT_MAX, description="Rows to skip (paging).")]

FIRST_DAY, LAST_DAY = date(2000, 1, 1), date(2100, 12, 31)
"""The dates any request may name."""
When = TypeVar("When", date, datetime)


def in_range(value: When) -> When:
    """`value` if it falls within FIRST_DAY-LAST_DAY, else a validation error (`date_out_of_range`)."""
    day = value.date() if isinstance(value, datetime) else value
    if not FIRST_DAY <= day <= LAST_DAY:
        raise PydanticCustomError("date_out_of_range", "Date should be from {first} to {last}",
                                  {"first": FIRST_DAY.isoformat(), "last": LAST_DAY.isoformat()})
    return value


Day = Annotated[date, AfterValidator(in_range)]
Moment = Annotated[datetime, AfterValidator(in_range)]
QueryDay = Annotated[Day | None, Query()]

UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
UNSTORABLE_TYPE = "text_unstorable"
"""The validation error type `api.http_errors` words for people."""
_MAX_REPORTED = 10
_JSON = re.compile(r"^application/([\w.+-]+\+)?json\b", re.IGNORECASE)


def _bad_texts(value: Any, loc: tuple[str | int, ...]) -> Iterator[tuple[str | int, ...]]:
    """Where in a parsed JSON value a key or a string holds an unstorable character (iterative:
    a deeply nested body must not exhaust the stack)."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(value, loc)]
    while stack:
        item, where = stack.pop()
        if isinstance(item, str):
            if UNSTORABLE.search(item):
                yield where
        elif isinstance(item, dict):
            for key, child in reversed(list(item.items())):
                if isinstance(key, str) and UNSTORABLE.search(key):
                    yield where
                stack.append((child, (*where, key)))
        elif isinstance(item, list):
            stack.extend((child, (*where, index)) for index, child in reversed(list(enumerate(item))))


def _error(loc: tuple[str | int, ...]) -> dict[str, Any]:
    return {"type": UNSTORABLE_TYPE, "loc": loc, "input": None,
            "msg": "Text may not contain NUL (U+0000) or a lone surrogate"}


async def refuse_unstorable_text(request: Request) -> None:
    """Refuse (422) a request whose path, query or parsed body holds an unstorable character."""
    found: list[tuple[str | int, ...]] = []
    for name, value in request.path_params.items():
        if isinstance(value, str) and UNSTORABLE.search(value):
            found.append(("path", name))
    for name, value in request.query_params.multi_items():
        if UNSTORABLE.search(name) or UNSTORABLE.search(value):
            found.append(("query", name))
    if getattr(request.scope.get("route"), "body_field", None) is not None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            form = await request.form()  # parsed already for the route: starlette keeps it
            found.extend(("body", name) for name, value in form.multi_items()
                         if UNSTORABLE.search(name) or (isinstance(value, str) and UNSTORABLE.search(value)))
        elif _JSON.match(content_type):
            try:
                body = await request.json()  # parsed already for the route: starlette keeps it
            except (ValueError, RecursionError):  # not this check's concern (the route refuses it)
                body = None
            found.extend(_bad_texts(body, ("body",)))
    if found:
        raise RequestValidationError([_error(loc) for loc in found[:_MAX_REPORTED]])


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_exceeds(body: bytes, limit: int) -> bool:
    """Whether JSON text nests arrays and objects deeper than `limit`, found without parsing it (a
    parser recurses as deep as the text goes). Brackets inside strings do not count."""
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', body)):
        if match.group() in b"[{":
            depth += 1
            if depth > limit:
                return True
        else:
            depth -= 1
    return False


def strip_unstorable(value: Any) -> Any:
    """`value` (parsed JSON) with NULs removed and lone surrogates replaced, for input that cannot be
    refused (LINE events). Recursive: callers bound the nesting first."""
    if isinstance(value, str):
        return UNSTORABLE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", value)
    if isinstance(value, dict):
        return {strip_unstorable(k): strip_unstorable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [strip_unstorable(v) for v in value]
    return value
