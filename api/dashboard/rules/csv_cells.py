"""CSV cells a spreadsheet opens safely (pure).

A cell starting with = + - @ (or a tab / carriage return) is run as a formula by Excel and
LibreOffice; questions are typed by the public, so such a cell gets a leading apostrophe (OWASP's
advice on CSV injection). Numbers are written as they are; instants as Taipei time."""

from __future__ import annotations

from datetime import UTC, datetime

from knowledge.programme import TAIPEI

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def taipei_time(instant: datetime | None) -> str:
    """'2025-03-01 09:30' Taipei time ('' for none); a naive instant is UTC."""
    if instant is None:
        return ""
    aware = instant if instant.tzinfo is not None else instant.replace(tzinfo=UTC)
    return aware.astimezone(TAIPEI).strftime("%Y-%m-%d %H:%M")


def cell(value: object) -> object:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return taipei_time(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def row(values: tuple[object, ...]) -> list[object]:
    return [cell(v) for v in values]
