"""What a command says when it cannot start: one line naming the setting or the database, never a
traceback (`api.cli.main` prints it). Secrets and passwords are never repeated."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy.exc import ArgumentError, DBAPIError, InterfaceError, NoSuchModuleError, OperationalError

from api.db import DatabaseDirectoryMissing, masked
from knowledge.vectorstore import ChromaUnavailable

_SECRET_WORDS = ("token", "secret", "password", "salt", "key")


def settings_problem(exc: ValidationError) -> str:
    """`invalid setting LINE_WORKERS='0': Input should be greater than or equal to 1`; a rule
    across settings as the rule says it (it names its settings)."""
    problems = []
    for error in exc.errors():
        message = str(error.get("msg", "")).removeprefix("Value error, ")
        loc = [str(part) for part in error.get("loc", ()) if isinstance(part, str)]
        if not loc:
            problems.append(message)
            continue
        name = loc[0].upper()
        shown = "" if any(w in name.lower() for w in _SECRET_WORDS) else f"={error.get('input')!r}"
        problems.append(f"invalid setting {name}{shown}: {message}")
    return "; ".join(problems) or "invalid settings"


def _reason(exc: DBAPIError) -> str:
    """The driver's words, short: `connection refused`, `database "x" does not exist`."""
    text = str(exc.orig or exc).strip().splitlines()[0] if str(exc.orig or exc).strip() else type(exc).__name__
    reason = [part.strip() for part in text.split(": ") if part.strip()][-1]
    reason = reason.removeprefix("FATAL:").strip()
    return reason[:1].lower() + reason[1:]


def startup_problem(exc: BaseException, database_url: str) -> str | None:
    """The one line for a failure that is the deployment's, not a bug (None: let it be raised)."""
    if isinstance(exc, DatabaseDirectoryMissing | ChromaUnavailable):
        return str(exc)
    if isinstance(exc, NoSuchModuleError | ArgumentError):
        return f"DATABASE_URL={masked(database_url)} is not a database URL this service can use: {exc}"
    if isinstance(exc, OperationalError | InterfaceError):
        return f"cannot reach the database at {masked(database_url)}: {_reason(exc)}"
    if isinstance(exc, DBAPIError):
        return f"database error at {masked(database_url)}: {_reason(exc)}"
    return None
