from __future__ import annotations

from pathlib import Path

import pytest

from ingest.chunker import chunk, pack_paragraphs
from ingest.documents import FaqEntry, LoadError, SourceDocument
from ingest.loaders import load


def test_faq_yaml_csv_and_jsonl_load_with_metadata(corpus: Path) -> None:
    yaml_entries = load(corpus / "faq" / "halls.yaml")
    assert isinstance(yaml_entries, list)
    first = yaml_entries[0]
    assert isinstance(first, FaqEntry)
    assert (first.id, first.hall, first.year, first.audience) == ("t-commercial-cap", "商業館", 110, "sme")
    csv_entries = load(corpus / "faq" / "vendor.csv")
    assert isinstance(csv_entries, list) and csv_entries[0].audience == "vendor" and csv_entries[0].year == 111
    jsonl_entries = load(corpus / "faq" / "misc.jsonl")
    assert isinstance(jsonl_entries, list) and jsonl_entries[0].answer == "請洽專案辦公室。"


def test_markdown_front_matter_and_heading_sections(corpus: Path) -> None:
    doc = load(corpus / "guide.md")
    assert isinstance(doc, SourceDocument)
    assert doc.title == "農業館指南"
    assert doc.meta == {"audience": "sme", "hall": "農業館", "source": "seed.txt", "year": 110}
    assert [s.headings for s in doc.sections] == [("對象",), ("上限",)]


def test_text_html_pdf_docx_extract_their_text(corpus: Path) -> None:
    text = load(corpus / "notes.txt")
    assert isinstance(text, SourceDocument) and "9人以下" in text.sections[0].paragraphs[0]
    html = load(corpus / "page.html")
    assert isinstance(html, SourceDocument) and html.title == "資安說明"
    flat = " ".join(p for s in html.sections for p in s.paragraphs)
    assert "資料加密" in flat and "var x" not in flat
    pdf = load(corpus / "brief.pdf")
    assert isinstance(pdf, SourceDocument)
    assert "百分之五十" in " ".join(p for s in pdf.sections for p in s.paragraphs)
    docx = load(corpus / "claim.docx")
    assert isinstance(docx, SourceDocument) and docx.title == "請款說明"
    assert any("流量紀錄" in p for s in docx.sections for p in s.paragraphs)
    assert [s.headings for s in docx.sections] == [("請款流程",), ("請款流程", "應備文件")]


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("bad.yaml", "- id: x\n  question: [unclosed\n", "invalid YAML"),
        ("missing.yaml", "- id: x\n  question: 沒有答案\n", "missing answer"),
        ("hall.yaml", "- id: x\n  question: q\n  answer: a\n  hall: 太空館\n", "hall '太空館'"),
        ("year.yaml", "- id: x\n  question: q\n  answer: a\n  year: 明年\n", "year '明年'"),
        ("cols.csv", "q,a\n1,2\n", "columns id, question, answer"),
        ("bad.jsonl", '{"id": 1\n', "invalid JSON"),
        ("fake.pdf", "not a pdf", "not a readable PDF"),
        ("fake.docx", "not a docx", "not a readable DOCX"),
        ("data.xlsx", "x", "unsupported file type"),
    ],
)
def test_broken_files_raise_an_error_naming_the_file(tmp_path: Path, name: str, content: str, reason: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        load(path)
    assert name in str(exc.value) and reason in str(exc.value)


def test_binary_text_file_is_reported_not_crashing(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes("caf\xe9".encode("latin-1"))
    with pytest.raises(LoadError, match="latin1.txt: not UTF-8"):
        load(path)


def test_faq_pair_is_one_chunk_with_stable_id(corpus: Path) -> None:
    chunks = chunk(load(corpus / "faq" / "halls.yaml"), doc_id="faq/halls.yaml", source_path="/x")
    assert [c.chunk_id for c in chunks] == ["faq:t-commercial-cap", "faq:t-industrial-cap"]
    assert "商業館補助上限多少？" in chunks[0].text and "3萬點" in chunks[0].text
    assert chunks[0].answer.startswith("商業館以零售")


def test_guide_chunks_carry_heading_path_and_stable_ids(corpus: Path) -> None:
    loaded = load(corpus / "guide.md")
    first = chunk(loaded, doc_id="guide.md", source_path="/x")
    again = chunk(loaded, doc_id="guide.md", source_path="/x")
    assert [c.chunk_id for c in first] == [c.chunk_id for c in again]
    assert first[0].heading_path == "農業館指南 > 對象"
    assert first[0].kind == "guide" and first[0].hall == "農業館" and first[0].year == 110


def test_long_sections_split_at_sentence_ends_within_limit() -> None:
    sentence = "補助上限為二十萬點，自籌比例為一比二。"
    pieces = pack_paragraphs((sentence * 40,), limit=120)
    assert len(pieces) > 3
    assert all(len(p) <= 120 for p in pieces)
    assert all(p.endswith("。") for p in pieces)
    assert "".join(pieces) == sentence * 40


def test_folded_yaml_answers_have_no_spaces_between_chinese_characters(tmp_path: Path) -> None:
    path = tmp_path / "folded.yaml"
    path.write_text("- id: f\n  question: 問題\n  answer: >-\n    第一行的內容，\n    第二行 ERP 系統。\n",
                    encoding="utf-8")
    entries = load(path)
    assert isinstance(entries, list)
    assert entries[0].answer == "第一行的內容，第二行 ERP 系統。"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("faq.yaml", "- id: a\n  question: q\n  answer: x\n- id: b\n  question: 沒有答案\n- id: a\n  question: q\n"
                     "  answer: y\n- id: c\n  question: q\n  answer: a\n  hall: 太空館\n",
         [(4, "missing answer"), (6, "duplicate id 'a'"), (9, "hall '太空館'")]),
        ("faq.csv", 'id,question,answer\n1,q,a\n2,"兩行\n的問題",\n3,q,a\n3,q,a\n4,q,a\n',
         [(3, "missing answer"), (6, "duplicate id '3'")]),
        ("faq.jsonl", '{"id":"1","question":"q","answer":"a"}\n{bad\n\n{"id":"2","question":"q"}\n'
                      '{"id":"3","question":"q","answer":"a","year":"明年"}\n',
         [(2, "invalid JSON"), (4, "missing answer"), (5, "year '明年'")]),
        ("nested.yaml", "faq:\n  - id: x\n    question: q\n  - id: y\n    question: q\n    answer: a\n",
         [(2, "missing answer")]),
    ],
)
def test_every_bad_faq_record_is_reported_with_its_line(tmp_path: Path, name: str, content: str,
                                                        expected: list[tuple[int, str]]) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(LoadError) as exc:
        load(path)
    problems = exc.value.problems
    assert [p.line for p in problems] == [line for line, _ in expected]
    assert all(reason in p.reason and p.file == name for p, (_, reason) in zip(problems, expected, strict=True))
