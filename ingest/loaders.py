"""One loader per file format. Each returns FAQ entries or a document of sections."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import yaml

from ingest.documents import FaqEntry, Loaded, LoadError, Problem, Section, SourceDocument
from knowledge.programme import HALLS, to_roc
from knowledge.types import AUDIENCES

_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
_CJK = "\u3000-\u303f\u3400-\u9fff\uf900-\ufaff\uff00-\uffef"
# YAML folded blocks join lines with a space, which does not belong between Chinese characters.
_CJK_GAP = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def _clean(text: object) -> str:
    return _CJK_GAP.sub("", str(text).strip())


class _BadRecord(Exception):
    """One FAQ record is unusable; the message is the reason (without file or line)."""


def _year(value: Any) -> int:
    if value in (None, ""):
        return 0
    try:
        year = int(str(value).strip().removesuffix("年度").removesuffix("年"))
    except ValueError as exc:
        raise _BadRecord(f"year {value!r} is not a number") from exc
    year = to_roc(year)
    if not 100 <= year <= 200:
        raise _BadRecord(f"year {value!r} is out of range")
    return year


def _int_year(value: Any, where: str) -> int:
    try:
        return _year(value)
    except _BadRecord as exc:
        raise LoadError(f"{where}: {exc}") from exc


def _faq_record(raw: Any) -> FaqEntry:
    if not isinstance(raw, dict):
        raise _BadRecord("an FAQ entry must be a mapping")
    missing = [k for k in ("id", "question", "answer") if not str(raw.get(k) or "").strip()]
    if missing:
        raise _BadRecord(f"missing {', '.join(missing)}")
    audience = str(raw.get("audience") or "general").strip()
    if audience not in AUDIENCES:
        raise _BadRecord(f"audience {audience!r} is not one of {', '.join(AUDIENCES)}")
    hall = str(raw.get("hall") or "").strip()
    if hall and hall not in HALLS:
        raise _BadRecord(f"hall {hall!r} is not one of {', '.join(HALLS)}")
    tags = raw.get("tags") or ()
    if isinstance(tags, str):
        tags = [t for t in re.split(r"[,;，、\s]+", tags) if t]
    return FaqEntry(
        id=str(raw["id"]).strip(), question=_clean(raw["question"]), answer=_clean(raw["answer"]),
        audience=audience, hall=hall, year=_year(raw.get("year")),
        source=str(raw.get("source") or "").strip(), section=str(raw.get("section") or "").strip(),
        tags=tuple(str(t) for t in tags),
    )


def faq_entries(name: str, records: Iterable[tuple[int, Any]]) -> list[FaqEntry]:
    """Every record validated, each by the line it starts on; raises one LoadError listing every bad
    record (and every repeated id) with its line, so a staff member fixes them all in one pass."""
    entries: list[FaqEntry] = []
    problems: list[Problem] = []
    first_line: dict[str, int] = {}
    for line, raw in records:
        try:
            entry = _faq_record(raw)
        except _BadRecord as exc:
            problems.append(Problem(name, str(exc), line))
            continue
        if entry.id in first_line:
            problems.append(Problem(name, f"duplicate id {entry.id!r} (first on line {first_line[entry.id]})", line))
            continue
        first_line[entry.id] = line
        entries.append(entry)
    if problems:
        raise LoadError(f"{name}: {len(problems)} bad record(s): " + "; ".join(
            f"line {p.line}: {p.reason}" for p in problems), problems)
    return entries


def _yaml_records(text: str, name: str) -> list[tuple[int, Any]]:
    """The FAQ list of a YAML file (a list, or a mapping with a `faq` list), each item with its line."""
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        raise LoadError(f"{name}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    if isinstance(data, dict) and isinstance(data.get("faq"), list) and isinstance(node, yaml.MappingNode):
        node = next(v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "faq")
        data = data["faq"]
    if not isinstance(data, list) or not isinstance(node, yaml.SequenceNode):
        raise LoadError(f"{name}: expected a list of FAQ entries")
    return [(item_node.start_mark.line + 1, item) for item_node, item in zip(node.value, data, strict=True)]


def load_faq_yaml(path: Path) -> Loaded:
    return faq_entries(path.name, _yaml_records(path.read_text(encoding="utf-8"), path.name))


def load_faq_csv(path: Path) -> Loaded:
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        if not reader.fieldnames or not {"id", "question", "answer"} <= set(reader.fieldnames):
            raise LoadError(f"{path.name}: a FAQ CSV needs the columns id, question, answer")
        records: list[tuple[int, Any]] = []
        start = reader.line_num + 1
        for row in reader:  # a quoted field may span lines: a record starts after the previous one ends
            records.append((start, row))
            start = reader.line_num + 1
    return faq_entries(path.name, records)


def load_faq_jsonl(path: Path) -> Loaded:
    records: list[tuple[int, Any]] = []
    problems: list[Problem] = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            records.append((n, json.loads(line)))
        except json.JSONDecodeError as exc:
            problems.append(Problem(path.name, f"invalid JSON: {exc.msg}", n))
    entries: list[FaqEntry] = []
    try:
        entries = faq_entries(path.name, records)
    except LoadError as exc:
        problems += exc.problems
    if problems:
        problems.sort(key=lambda p: p.line or 0)
        raise LoadError(f"{path.name}: {len(problems)} bad record(s): " + "; ".join(
            f"line {p.line}: {p.reason}" for p in problems), problems)
    return entries


def sections_from_markdown(text: str) -> list[Section]:
    """Split Markdown-like text into sections by `#` headings and blank-line paragraphs."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    paragraphs: list[str] = []
    current: list[str] = []

    def flush_paragraph() -> None:
        if current:
            para = "\n".join(current).strip()
            if para:
                paragraphs.append(para)
            current.clear()

    def flush_section() -> None:
        flush_paragraph()
        if paragraphs:
            sections.append(Section(tuple(h for _, h in stack), tuple(paragraphs)))
            paragraphs.clear()

    for line in text.splitlines():
        heading = _MD_HEADING.match(line)
        if heading:
            flush_section()
            level = len(heading.group(1))
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, heading.group(2).strip().strip("*")))
        elif not line.strip():
            flush_paragraph()
        else:
            current.append(line.rstrip())
    flush_section()
    return sections


def _meta_from(front: dict[str, Any], where: str) -> dict[str, str | int]:
    meta: dict[str, str | int] = {}
    for key in ("audience", "hall", "source", "section"):
        if front.get(key):
            meta[key] = str(front[key]).strip()
    if meta.get("audience", "general") not in AUDIENCES:
        raise LoadError(f"{where}: audience {meta['audience']!r} is not one of {', '.join(AUDIENCES)}")
    if meta.get("hall") and meta["hall"] not in HALLS:
        raise LoadError(f"{where}: hall {meta['hall']!r} is not one of {', '.join(HALLS)}")
    year = _int_year(front.get("year"), where)
    if year:
        meta["year"] = year
    return meta


def load_markdown(path: Path) -> Loaded:
    import frontmatter

    try:
        post = frontmatter.loads(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, ValueError) as exc:
        raise LoadError(f"{path.name}: invalid front matter: {exc}") from exc
    front = dict(post.metadata)
    sections = sections_from_markdown(post.content)
    title = str(front.get("title") or (sections[0].headings[0] if sections and sections[0].headings
                                       else path.stem))
    return SourceDocument(title, tuple(sections), _meta_from(front, path.name))


def load_text(path: Path) -> Loaded:
    text = path.read_text(encoding="utf-8")
    sections = sections_from_markdown(text)
    first = next((ln.strip().lstrip("#").strip() for ln in text.splitlines() if ln.strip()), path.stem)
    return SourceDocument(first[:80], tuple(sections), {"source": path.name})


def load_html(path: Path) -> Loaded:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    for tag in soup(["script", "style", "nav", "footer", "noscript"]):
        tag.decompose()
    lines: list[str] = []
    for el in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "td", "pre"]):
        text = " ".join(el.get_text(" ", strip=True).split())
        if not text:
            continue
        if el.name and el.name[0] == "h" and el.name[1:].isdigit():
            lines += ["", "#" * int(el.name[1:]) + " " + text, ""]
        else:
            lines += [("- " if el.name == "li" else "") + text, ""]
    title_tag = soup.find("title")
    title = title_tag.get_text(strip=True) if title_tag else ""
    sections = sections_from_markdown("\n".join(lines))
    if not title:
        title = sections[0].headings[0] if sections and sections[0].headings else path.stem
    return SourceDocument(title, tuple(sections), {"source": path.name})


def load_pdf(path: Path) -> Loaded:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(str(path))
        pages = [page.extract_text() or "" for page in reader.pages]
        title = str((reader.metadata.title if reader.metadata else None) or path.stem)
    except (PdfReadError, ValueError, KeyError, OSError) as exc:
        raise LoadError(f"{path.name}: not a readable PDF: {exc}") from exc
    if not any(p.strip() for p in pages):
        raise LoadError(f"{path.name}: the PDF has no text layer (scanned images are not supported)")
    sections = [Section((f"第{n + 1}頁",), tuple(p.strip() for p in re.split(r"\n\s*\n", page) if p.strip()))
                for n, page in enumerate(pages) if page.strip()]
    return SourceDocument(title, tuple(sections), {"source": path.name})


def load_docx(path: Path) -> Loaded:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, ValueError, KeyError, OSError) as exc:
        raise LoadError(f"{path.name}: not a readable DOCX file: {exc}") from exc
    lines: list[str] = []
    for para in document.paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        level = re.match(r"Heading (\d)", style)
        if style == "Title":
            lines += ["", "# " + text, ""]
        elif level:
            lines += ["", "#" * (int(level.group(1)) + 1) + " " + text, ""]
        else:
            lines += [text, ""]
    title = document.core_properties.title or next(
        (ln[2:] for ln in lines if ln.startswith("# ")), path.stem)
    return SourceDocument(title, tuple(sections_from_markdown("\n".join(lines))), {"source": path.name})


LOADERS: dict[str, Callable[[Path], Loaded]] = {
    ".md": load_markdown, ".markdown": load_markdown,
    ".txt": load_text,
    ".html": load_html, ".htm": load_html,
    ".pdf": load_pdf,
    ".docx": load_docx,
    ".yaml": load_faq_yaml, ".yml": load_faq_yaml,
    ".csv": load_faq_csv,
    ".jsonl": load_faq_jsonl,
}


def load(path: Path) -> Loaded:
    """Load any supported file; raises LoadError naming the file on any problem."""
    loader = LOADERS.get(path.suffix.lower())
    if loader is None:
        raise LoadError(f"{path.name}: unsupported file type {path.suffix or '(none)'} "
                        f"(supported: {', '.join(sorted(LOADERS))})")
    try:
        return loader(path)
    except LoadError:
        raise
    except UnicodeDecodeError as exc:
        raise LoadError(f"{path.name}: not UTF-8 text ({exc.reason})") from exc
    except (OSError, ValueError, csv.Error) as exc:
        raise LoadError(f"{path.name}: {exc}") from exc
