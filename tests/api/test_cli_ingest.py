from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, models_dir: Path) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MODELS_DIR", str(models_dir))
    monkeypatch.setenv("EMBEDDING_MODEL", "use-multilingual")
    return tmp_path


def test_ingest_reports_counts_and_rerun_is_unchanged(
        env: Path, corpus: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(corpus)]) == 0
    first = capsys.readouterr().out
    assert "8 files:" in first and "added" in first and "0 removed" in first
    assert main(["ingest", str(corpus)]) == 0
    assert "0 added, 0 updated, 0 removed" in capsys.readouterr().out


def test_ingest_with_a_broken_file_names_it_and_exits_nonzero(env: Path, corpus: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (corpus / "broken.jsonl").write_text("{nope\n", encoding="utf-8")
    assert main(["ingest", str(corpus)]) == 1
    captured = capsys.readouterr()
    assert "broken.jsonl" in captured.err and "invalid JSON" in captured.err
    assert "8 files" not in captured.out and "9 files:" in captured.out


def test_unknown_embedding_model_setting_is_a_clear_error(env: Path, corpus: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("EMBEDDING_MODEL", "word2vec")
    assert main(["ingest", str(corpus)]) == 2
    assert "unknown EMBEDDING_MODEL 'word2vec'" in capsys.readouterr().err


def test_a_missing_file_and_every_bad_record_fail_the_run_and_are_each_named(
        env: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ingest", str(tmp_path / "missing.pdf")]) == 1
    assert "missing.pdf: no such file or directory" in capsys.readouterr().err
    faq = tmp_path / "faq.csv"
    faq.write_text("id,question,answer\nc-1,好問題？,好答案。\nc-2,沒有答案？,\nc-3,,沒有問題。\n", encoding="utf-8")
    assert main(["ingest", str(faq)]) == 1
    captured = capsys.readouterr()
    assert "faq.csv line 3: missing answer" in captured.err and "faq.csv line 4: missing question" in captured.err
    assert "0 added" in captured.out
    assert "shipped knowledge base is not in this index" in captured.err
