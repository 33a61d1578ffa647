"""Log lines: JSON (one object a line, for a log pipeline) or text (for people), both carrying the
request context (request id, channel, hashed user) and both with personal data masked in the
message: phone numbers, e-mail addresses and 統一編號 (`bot.redact`), a safety net under the rule
that code never logs them.

`tcloud serve` hands `log_config()` to uvicorn, which applies it in every worker process; the other
commands call `install()`. The app factory configures nothing (tests build many apps)."""

from __future__ import annotations

import logging
from typing import IO, Any, Literal

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from api.observability.context import current
from bot.redact import redact

Format = Literal["json", "text"]
CONTEXT_FIELDS = ("request_id", "channel", "user")
QUIET = ("alembic.runtime.plugins", "bm25s", "chromadb", "httpx", "jieba", "multipart")
"""Libraries that say too much below WARNING."""
_MARK = "_tcloud_handler"


class ContextFilter(logging.Filter):
    """Puts the request context on every record (a value the call passed in `extra` wins)."""

    def filter(self, record: logging.LogRecord) -> bool:
        context = current()
        for name in CONTEXT_FIELDS:
            if not getattr(record, name, ""):
                setattr(record, name, getattr(context, name, "") if context is not None else "")
        return True


class JsonLineFormatter(JsonFormatter):
    """{"time", "level", "logger", "message", "request_id", "channel", "user", ...extra fields};
    empty context fields are left out, non-ASCII text is written as it is (zh-TW stays readable)."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s %(message)s",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                         reserved_attrs=[*RESERVED_ATTRS, "color_message"],  # uvicorn's copy with ANSI colours
                         json_ensure_ascii=False)

    def add_fields(self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]) -> None:
        super().add_fields(log_data, record, message_dict)
        for name in CONTEXT_FIELDS:
            if not log_data.get(name):
                log_data.pop(name, None)
        for name in ("message", "exc_info"):
            if isinstance(log_data.get(name), str):
                log_data[name] = redact(log_data[name])


class TextLineFormatter(logging.Formatter):
    """`time LEVEL logger: message [request_id=… channel=… user=…]`."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        line = redact(super().format(record))
        context = " ".join(f"{name}={value}" for name in CONTEXT_FIELDS if (value := getattr(record, name, "")))
        return f"{line} [{context}]" if context else line


def formatter(fmt: Format) -> logging.Formatter:
    return JsonLineFormatter() if fmt == "json" else TextLineFormatter()


def log_config(*, fmt: Format, level: str) -> dict[str, Any]:
    """A `logging.config.dictConfig` for a server process: every line (ours, uvicorn's, the
    libraries') to stderr in one format. uvicorn's access log is left off: the request line is
    written by `api.observability.middleware`, with the request context."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {"line": {"()": JsonLineFormatter if fmt == "json" else TextLineFormatter}},
        "handlers": {"stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                                "formatter": "line", "filters": ["context"]}},
        "root": {"handlers": ["stderr"], "level": level},
        "loggers": {
            **{name: {"level": "WARNING"} for name in QUIET},
            "uvicorn": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.error": {"handlers": [], "propagate": True, "level": level},
            "uvicorn.access": {"handlers": [], "propagate": False, "level": "WARNING"},
        },
    }


def install(*, fmt: Format, level: str, stream: IO[str] | None = None) -> logging.Handler:
    """The same lines for a command-line process (to stderr unless `stream`): replaces only the
    handler this installed before (other handlers on the root logger, e.g. a test runner's, stay);
    `uninstall()` puts the root logger back as it was."""
    root = logging.getLogger()
    previous = uninstall()
    handler = logging.StreamHandler(stream)
    setattr(handler, _MARK, previous)
    handler.setFormatter(formatter(fmt))
    handler.addFilter(ContextFilter())
    root.addHandler(handler)
    root.setLevel(level)
    for name in QUIET:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler


def uninstall() -> int:
    """Removes the handler `install` added and restores the root level; returns that level."""
    root = logging.getLogger()
    level = root.level
    for handler in [h for h in root.handlers if hasattr(h, _MARK)]:
        level = getattr(handler, _MARK)
        root.removeHandler(handler)
    root.setLevel(level)
    return level
