"""`tcloud ask` shows what a user would see; --json is the web contract; --passages the old listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main
from knowledge import CONTENT_DIR


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, models_dir: Path,
        capsys: pytest.CaptureFixture[str]) -> Path:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MODELS_DIR", str(models_dir))
    monkeypatch.setenv("EMBEDDING_MODEL", "use-multilingual")
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    assert main(["ingest", str(CONTENT_DIR)]) == 0
    capsys.readouterr()
    return tmp_path


def test_ask_shows_answer_sources_and_actions(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "110年工業館的點數最晚哪天要花掉"]) == 0
    out = capsys.readouterr().out
    assert "110年度" in out and "來源：雲市集工業館補助說明 110年6月" in out
    assert "來源1：" in out and "[預約專家]" in out


def test_ask_json_is_the_web_contract(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "明天台北會下雨嗎", "--json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert {"answer", "sources", "confidence", "actions", "handoff"} <= body.keys()
    assert body["intent"] == "out_of_scope" and body["sources"] == []


def test_ask_passages_lists_retrieval_results(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "數位點數", "--passages", "--k", "2", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert len(rows) == 2 and {"rank", "score", "id", "text"} <= rows[0].keys()


def test_ask_explain_shows_the_rewrite_ranks_and_decision(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "110年工業館最多補助幾點？", "那商業館呢？"]) == 0
    out = capsys.readouterr().out
    assert "rewritten (refine): 110年商業館最多補助幾點？" in out
    assert "lexical #1" in out and "dense #" in out
    assert "decision: answered from the best passage" in out
    assert "3萬點" in out


def test_ask_explain_says_why_the_documents_do_not_answer(env: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--explain", "113年工業館補助上限多少？"]) == 0
    out = capsys.readouterr().out
    assert "the documents do not state it: year 113" in out


def test_ingest_says_when_the_shipped_knowledge_base_is_missing(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                                models_dir: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("MODELS_DIR", str(models_dir))
    monkeypatch.setenv("EMBEDDING_MODEL", "use-multilingual")
    extra = tmp_path / "extra.yaml"
    extra.write_text("- id: x-1\n  question: 測試問題？\n  answer: 測試答案。\n", encoding="utf-8")
    assert main(["ingest", str(extra)]) == 0
    assert "shipped knowledge base is not in this index" in capsys.readouterr().err
    assert main(["ingest", str(CONTENT_DIR)]) == 0
    assert "shipped knowledge base is not in this index" not in capsys.readouterr().err
    assert main(["ingest", str(tmp_path / "missing.pdf")]) == 1


def test_serving_adds_the_shipped_base_beside_what_staff_ingested_first(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, models_dir: Path) -> None:
    from api.resources import build_knowledge, ensure_shipped_knowledge, has_shipped_knowledge
    from api.settings import Settings

    settings = Settings(data_dir=tmp_path / "data", models_dir=models_dir, embedding_model="use-multilingual",
                        chroma_url=None)
    extra = tmp_path / "extra.yaml"
    extra.write_text("- id: x-1\n  question: 測試問題？\n  answer: 測試答案。\n", encoding="utf-8")
    knowledge = build_knowledge(settings)
    from ingest.pipeline import ingest_paths

    ingest_paths([extra], store=knowledge.store)
    assert not has_shipped_knowledge(knowledge)
    ensure_shipped_knowledge(knowledge)
    ids = {c.chunk_id for c in knowledge.store.snapshot().chunks}
    assert has_shipped_knowledge(knowledge) and "faq:x-1" in ids and "faq:s21-ind-cap-ratio" in ids
