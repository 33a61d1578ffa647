"""The registry of companies already funded (the duplicate-subsidy check): staff import it from
CSV; points we grant are added to it. Import reports every bad row by its line number."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from api.applications import messages as msg
from api.applications.tables import FundedCompany
from api.errors import InvalidInput
from bot.points.model import Funding, RuleBook
from bot.ubn import check_ubn
from knowledge.programme import to_roc

MAX_ROWS = 50_000
COLUMNS = {
    "ubn": ("統一編號", "統編", "ubn", "tax_id"),
    "programme": ("計畫名稱", "計畫", "補助計畫", "programme", "program"),
    "year": ("年度", "補助年度", "year"),
    "note": ("備註", "說明", "note"),
}
REQUIRED = ("ubn", "programme", "year")
PROGRAMME_MAX, NOTE_MAX = 100, 200


@dataclass
class RowProblem:
    line: int
    ubn: str
    problems: list[str]


@dataclass
class ImportReport:
    rows: int = 0
    added: int = 0
    duplicates: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    warnings: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False


def funded_for(*, session: Session, ubn: str) -> tuple[Funding, ...]:
    rows = session.exec(select(FundedCompany).where(FundedCompany.ubn == ubn).order_by(col(FundedCompany.year))).all()
    return tuple(Funding(r.programme, r.year) for r in rows)


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without the BOM Excel writes) or Big5 (cp950, what Excel in Taiwan saves)."""
    for encoding in ("utf-8-sig", "cp950"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" in text:  # no text column can store it (PostgreSQL refuses NUL)
            raise InvalidInput(*msg.NUL_IN_FILE)
        return text
    raise InvalidInput(*msg.UNREADABLE_ENCODING)


def _header(names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for index, name in enumerate(names):
        key = unicodedata.normalize("NFKC", name).strip().lower()
        for column, aliases in COLUMNS.items():
            if key in aliases and column not in found:
                found[column] = index
    missing = [c for c in REQUIRED if c not in found]
    if missing:
        raise InvalidInput(*msg.header_missing([(COLUMNS[c][0], c) for c in missing]))
    return found


def _year(text: str) -> int | None:
    digits = re.sub(r"(年度|年)$", "", unicodedata.normalize("NFKC", text).strip())
    if not digits.isdigit():
        return None
    year = to_roc(int(digits))
    return year if 100 <= year <= 150 else None


def _parse_row(cells: list[str], columns: dict[str, int]) -> tuple[FundedCompany | None, list[str], str]:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    problems: list[str] = []
    ubn = check_ubn(cell("ubn"))
    if not cell("ubn"):
        problems.append(msg.UBN_BLANK)
    elif not ubn.valid:
        problems.append(msg.ubn_invalid(cell("ubn"), ubn.reason_zh))
    programme = cell("programme")
    if not programme:
        problems.append(msg.PROGRAMME_BLANK)
    elif len(programme) > PROGRAMME_MAX:
        problems.append(msg.programme_too_long(PROGRAMME_MAX))
    year = _year(cell("year"))
    if year is None:
        problems.append(msg.year_unreadable(cell("year")))
    note = cell("note")
    if len(note) > NOTE_MAX:
        problems.append(msg.note_too_long(NOTE_MAX))
    if problems or year is None:
        return None, problems, ubn.value
    return FundedCompany(ubn=ubn.value, programme=programme, year=year, note=note, source="csv",
                         imported_by=""), [], ubn.value


def import_funded_csv(*, session: Session, text: str, rules: RuleBook, staff: str,
                      dry_run: bool = False) -> ImportReport:
    """Add the valid rows (skipping ones already registered); report the others by line."""
    reader = csv.reader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error:  # a cell over the csv module's 128 kB, a stray quote in strict files...
        raise InvalidInput(*msg.unreadable_line(reader.line_num)) from None
    rows = [r for r in rows if any(c.strip() for c in r)] if rows else []
    if len(rows) < 2:
        raise InvalidInput(*msg.NO_DATA_ROWS)
    if len(rows) - 1 > MAX_ROWS:
        raise InvalidInput(*msg.too_many_rows(MAX_ROWS))
    columns = _header(rows[0])
    report = ImportReport(rows=len(rows) - 1, dry_run=dry_run)
    parsed = [(line, *_parse_row(cells, columns)) for line, cells in enumerate(rows[1:], start=2)]
    existing = _existing(session, {row.ubn for _, row, _, _ in parsed if row is not None})
    seen: set[tuple[str, str, int]] = set()
    new: list[FundedCompany] = []
    for line, row, problems, ubn in parsed:
        if row is None:
            report.errors.append(RowProblem(line, ubn, problems))
            continue
        key = (row.ubn, row.programme, row.year)
        if key in existing or key in seen:
            report.duplicates += 1
            continue
        seen.add(key)
        if rules.programme_key(row.programme) is None:
            report.warnings.append(RowProblem(line, row.ubn, [msg.unknown_programme(row.programme)]))
        row.imported_by = staff[:60]
        new.append(row)
    report.added = len(new)
    if not dry_run and new:
        try:
            session.add_all(new)
            session.commit()
        except IntegrityError:
            session.rollback()  # another import added some of these rows meanwhile: report, add nothing
            raise InvalidInput(*msg.IMPORT_RACE) from None
    return report


def _existing(session: Session, ubns: set[str]) -> set[tuple[str, str, int]]:
    found: set[tuple[str, str, int]] = set()
    ordered = sorted(ubns)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start:start + 500]
        rows = session.exec(select(FundedCompany).where(col(FundedCompany.ubn).in_(chunk))).all()
        found |= {(r.ubn, r.programme, r.year) for r in rows}
    return found


def list_funded(*, session: Session, ubn: str | None, limit: int, offset: int) -> list[FundedCompany]:
    query = select(FundedCompany)
    if ubn:
        query = query.where(FundedCompany.ubn == ubn)
    return list(session.exec(query.order_by(col(FundedCompany.id).desc()).offset(offset).limit(limit)).all())
