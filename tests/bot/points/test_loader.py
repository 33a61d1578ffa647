"""A broken rules file is refused with messages that say where and what, all problems at once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.points.loader import RULES_FILE, RulesError, load_rules, parse_rules

RAW: dict[str, Any] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))


def problems_of(edit: Any) -> list[str]:
    data = copy.deepcopy(RAW)
    edit(data)
    with pytest.raises(RulesError) as caught:
        parse_rules(data)
    assert str(caught.value).startswith("rules.yaml 有 ")
    return caught.value.problems


def industrial_110(data: dict[str, Any]) -> dict[str, Any]:
    hall: dict[str, Any] = data["years"][110]["工業館"]
    return hall


def test_the_shipped_file_loads() -> None:
    assert parse_rules(copy.deepcopy(RAW)).hall(110, "工業館") is not None


def test_a_cap_written_in_words_names_the_field() -> None:
    [problem] = problems_of(lambda d: industrial_110(d)["points"].update(cap="二十萬"))
    assert problem == "years.110.工業館.points.cap：應該是 ≥ 1 的整數（目前是 '二十萬'）"


def test_a_ratio_that_contradicts_the_documented_example_is_caught() -> None:
    [problem] = problems_of(lambda d: industrial_110(d)["points"].update(ratio=[1, 3]))
    assert "points.example" in problem and "150000 點＋自付 450000" in problem and "200000 點＋自付 400000" in problem


def test_unknown_field_code_source_and_duplicate_id_are_all_reported() -> None:
    def edit(d: dict[str, Any]) -> None:
        clauses = industrial_110(d)["eligibility"]
        clauses[0]["check"] = {"field": "turnover", "max": 5}
        clauses[1]["source"]["doc"] = "s99"
        clauses[2]["check"]["one_of"] = ["registered", "pending"]
        d["years"][110]["商業館"]["eligibility"][0]["id"] = "ind-110-revenue"

    problems = problems_of(edit)
    assert len(problems) == 4
    assert any("eligibility[0].check.field：不認得 'turnover'" in p for p in problems)
    assert any("eligibility[1].source.doc：'s99' 不在 documents 裡" in p for p in problems)
    assert any("不認得代號 'pending'" in p for p in problems)
    assert any("'ind-110-revenue' 重複了" in p for p in problems)


def test_a_deadline_that_is_not_a_date_and_an_unknown_programme() -> None:
    def edit(d: dict[str, Any]) -> None:
        industrial_110(d)["deadlines"][0]["apply_by"] = "八月底"
        industrial_110(d)["exclusions"][0]["programmes"].append("moon-programme")

    problems = problems_of(edit)
    assert any("deadlines[0].apply_by：應該是日期" in p for p in problems)
    assert any("不認得計畫代號 'moon-programme'" in p for p in problems)


def test_a_missing_source_section_and_bad_year_key() -> None:
    def edit(d: dict[str, Any]) -> None:
        del industrial_110(d)["points"]["source"]["section"]
        d["years"]["明年"] = d["years"].pop(111)

    problems = problems_of(edit)
    assert "years.110.工業館.points.source.section：缺少文字內容" in problems
    assert "years.明年：年度要用民國年數字，例如 111" in problems


def test_yaml_syntax_errors_give_the_line(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text("version: 1\nyears:\n  110: [unclosed\n", encoding="utf-8")
    with pytest.raises(RulesError) as caught:
        load_rules(path)
    assert "YAML 格式錯誤" in str(caught.value) and "第 4 行" in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RulesError, match="無法讀取檔案"):
        load_rules(tmp_path / "nowhere.yaml")
