"""What an upload may be: its file name and the metadata staff set (pure, no database)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from api.errors import InvalidInput
from api.knowledge_admin import messages as msg
from ingest.loaders import LOADERS
from knowledge.programme import HALLS, to_roc
from knowledge.types import AUDIENCES

MAX_NAME = 120


@dataclass(frozen=True)
class DocumentMeta:
    """Staff's metadata for every chunk of a file; blank keeps what the file says."""

    audience: str = ""
    hall: str = ""
    year: int = 0
    source: str = ""

    def as_dict(self) -> dict[str, str | int]:
        return {"audience": self.audience, "hall": self.hall, "year": self.year, "source": self.source}


def checked_meta(*, audience: str = "", hall: str = "", year: int | str | None = None,
                 source: str = "") -> DocumentMeta:
    audience, hall, source = audience.strip(), hall.strip(), " ".join(source.split())[:200]
    if audience and audience not in AUDIENCES:
        raise InvalidInput(*msg.BAD_AUDIENCE, [{"field": "audience", "problem": "unknown"}])
    if hall and hall not in HALLS:
        raise InvalidInput(*msg.BAD_HALL, [{"field": "hall", "problem": "unknown"}])
    roc = 0
    if year not in (None, ""):
        text = str(year).strip().removesuffix("年度").removesuffix("年")
        if not (text.isascii() and text.isdigit() and len(text) <= 4) or not 100 <= to_roc(int(text)) <= 200:
            raise InvalidInput(*msg.BAD_YEAR, [{"field": "year", "problem": "not a programme year"}])
        roc = to_roc(int(text))
    return DocumentMeta(audience=audience, hall=hall, year=roc, source=source)


def safe_filename(name: str | None) -> str:
    """The uploaded file's own name, safe to store: no folders, no control characters, a known type."""
    if not name:
        raise InvalidInput(*msg.NO_FILE, [{"field": "file", "problem": "missing"}])
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C").strip()
    if not base or base in (".", "..") or base.startswith("."):
        raise InvalidInput(*msg.BAD_NAME, [{"field": "file", "problem": "bad name"}])
    stem, dot, ext = base.rpartition(".")
    if not dot or f".{ext.lower()}" not in LOADERS:
        raise InvalidInput(*msg.BAD_TYPE, [{"field": "file", "problem": "unsupported type"}])
    if len(base) > MAX_NAME:
        base = f"{stem[: MAX_NAME - len(ext) - 1]}.{ext}"
    return base
