"""Reads rules.yaml into a `RuleBook`, checking every field; all problems are reported at once,
each with where it is in the file, so staff can fix an edit without reading code."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from bot.points.model import (
    FACTORY_REGISTRATION,
    FIELDS,
    Check,
    Clause,
    Deadline,
    Exclusion,
    HallRules,
    Industry,
    PointsRule,
    Programme,
    RuleBook,
    Source,
)
from knowledge.programme import HALLS

RULES_FILE = Path(__file__).with_name("rules.yaml")
_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class RulesError(ValueError):
    """The rules file cannot be used; `problems` says where and why."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        self.path, self.problems = path, problems
        lines = "\n".join(f"- {p}" for p in problems)
        super().__init__(f"{path.name} 有 {len(problems)} 個問題，請修正後再啟動：\n{lines}")


class _Reader:
    def __init__(self) -> None:
        self.problems: list[str] = []
        self.documents: dict[str, tuple[str, str]] = {}
        self.ids: set[str] = set()
        self.industries: set[str] = set()
        self.programmes: set[str] = set()

    def fail(self, where: str, message: str) -> None:
        self.problems.append(f"{where}：{message}")

    def mapping(self, data: Any, where: str) -> dict[Any, Any]:
        if isinstance(data, dict):
            return data
        self.fail(where, "應該是「名稱: 內容」的對照表")
        return {}

    def text(self, data: dict[Any, Any], key: str, where: str, required: bool = True) -> str:
        value = data.get(key)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if value is None and not required:
            return ""
        self.fail(f"{where}.{key}", "缺少文字內容" if value is None else f"應該是文字（目前是 {value!r}）")
        return ""

    def integer(self, value: Any, where: str, minimum: int = 0) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            self.fail(where, f"應該是 ≥ {minimum} 的整數（目前是 {value!r}）")
            return None
        return value

    def rule_id(self, data: dict[Any, Any], where: str) -> str:
        value = self.text(data, "id", where)
        if value and not _ID.match(value):
            self.fail(f"{where}.id", f"只能用英文小寫、數字與連字號（目前是 {value!r}）")
        elif value in self.ids:
            self.fail(f"{where}.id", f"{value!r} 重複了，每條規則的 id 必須唯一")
        self.ids.add(value)
        return value

    def source(self, data: Any, where: str, extra_section: str = "") -> Source:
        data = self.mapping(data, where)
        doc = self.text(data, "doc", where)
        section = extra_section or self.text(data, "section", where)
        if doc and doc not in self.documents:
            self.fail(f"{where}.doc", f"{doc!r} 不在 documents 裡（可用：{'、'.join(self.documents)}）")
        file, title = self.documents.get(doc, ("", ""))
        return Source(doc, file, title, section)

    def check(self, data: Any, where: str) -> Check:
        data = self.mapping(data, where)
        if "any_of" in data:
            items = data["any_of"]
            if not isinstance(items, list) or len(items) < 2:
                self.fail(f"{where}.any_of", "應該列出至少兩個 check")
                return Check()
            return Check(any_of=tuple(self.check(c, f"{where}.any_of[{i}]") for i, c in enumerate(items)))
        name = self.text(data, "field", where)
        spec = FIELDS.get(name)
        if name and spec is None:
            self.fail(f"{where}.field", f"不認得 {name!r}（可用：{'、'.join(FIELDS)}）")
            return Check()
        tests = [k for k in ("equals", "one_of", "min", "max") if k in data]
        if not tests:
            self.fail(where, "需要 equals、one_of、min 或 max 其中之一")
        if spec is None:
            return Check()
        if spec.kind == "bool":
            if not isinstance(data.get("equals"), bool) or tests != ["equals"]:
                self.fail(where, f"{name} 是是非題，只能用 equals: true 或 false")
            return Check(name, equals=bool(data.get("equals")))
        if spec.kind == "code":
            known = self.industries if name == "industry" else set(FACTORY_REGISTRATION)
            codes = data.get("one_of")
            if not isinstance(codes, list) or not codes or tests != ["one_of"]:
                self.fail(where, f"{name} 要用 one_of 列出代號")
                return Check(name)
            for code in codes:
                if code not in known:
                    self.fail(f"{where}.one_of", f"不認得代號 {code!r}（可用：{'、'.join(sorted(known))}）")
            return Check(name, one_of=tuple(str(c) for c in codes))
        if "equals" in tests or "one_of" in tests:
            self.fail(where, f"{name} 是數字，只能用 min、max")
        low = self.integer(data["min"], f"{where}.min") if "min" in data else None
        high = self.integer(data["max"], f"{where}.max") if "max" in data else None
        if low is not None and high is not None and low > high:
            self.fail(where, f"min（{low}）大於 max（{high}）")
        return Check(name, min=low, max=high)


def _hall(r: _Reader, year: int, hall: str, data: Any) -> HallRules | None:
    where = f"years.{year}.{hall}"
    data = r.mapping(data, where)
    if hall not in HALLS:
        r.fail(where, f"館名應該是 {'、'.join(HALLS)} 之一")
    points = r.mapping(data.get("points"), f"{where}.points")
    pid = r.rule_id(points, f"{where}.points")
    cap = r.integer(points.get("cap"), f"{where}.points.cap", minimum=1)
    ratio = points.get("ratio")
    if not (isinstance(ratio, list) and len(ratio) == 2 and all(isinstance(x, int) and x > 0 for x in ratio)):
        r.fail(f"{where}.points.ratio", f"應該是 [點數, 自付] 兩個正整數，例如 [1, 2]（目前是 {ratio!r}）")
        ratio = [1, 1]
    rule = PointsRule(pid, cap or 1, ratio[0], ratio[1], r.source(points.get("source"), f"{where}.points.source"))
    if "example" in points and cap is not None:
        _verify_example(r, rule, r.mapping(points["example"], f"{where}.points.example"), f"{where}.points.example")
    eligibility = []
    for i, item in enumerate(data.get("eligibility") or []):
        eligibility.append(_clause(r, item, f"{where}.eligibility[{i}]"))
    exclusions = [_exclusion(r, item, f"{where}.exclusions[{i}]")
                  for i, item in enumerate(data.get("exclusions") or [])]
    deadlines = []
    for i, item in enumerate(data.get("deadlines") or []):
        at = f"{where}.deadlines[{i}]"
        item = r.mapping(item, at)
        apply_by = item.get("apply_by")
        if not isinstance(apply_by, dt.date):
            r.fail(f"{at}.apply_by", f"應該是日期（西元），例如 2022-08-31（目前是 {apply_by!r}）")
            apply_by = dt.date.max
        deadlines.append(Deadline(r.rule_id(item, at), r.text(item, "clause", at), r.text(item, "clause_en", at, False),
                                  apply_by, r.source(item.get("source"), f"{at}.source")))
    return HallRules(year, hall, r.text(data, "target", where), r.text(data, "target_en", where, False),
                     r.source(data.get("target_source"), f"{where}.target_source"), rule, tuple(eligibility),
                     tuple(exclusions), tuple(deadlines))


def _verify_example(r: _Reader, rule: PointsRule, example: dict[Any, Any], where: str) -> None:
    from bot.points.calculator import quote

    price = r.integer(example.get("price"), f"{where}.price", minimum=1)
    if price is None:
        return
    q = quote(rule, price)
    if (example.get("points"), example.get("self_paid")) != (q.points, q.self_paid):
        r.fail(where, f"依 cap 與 ratio 計算，{price} 元的方案是 {q.points} 點＋自付 {q.self_paid}，"
                      f"和範例寫的 {example.get('points')} 點＋自付 {example.get('self_paid')} 不一致")


def _clause(r: _Reader, data: Any, where: str) -> Clause:
    data = r.mapping(data, where)
    return Clause(r.rule_id(data, where), r.text(data, "clause", where), r.text(data, "clause_en", where, False),
                  r.check(data.get("check"), f"{where}.check"), r.source(data.get("source"), f"{where}.source"))


def _exclusion(r: _Reader, data: Any, where: str) -> Exclusion:
    data = r.mapping(data, where)
    programmes = data.get("programmes")
    if not isinstance(programmes, list) or not programmes:
        r.fail(f"{where}.programmes", "要列出至少一個計畫代號")
        programmes = []
    for key in programmes:
        if key not in r.programmes:
            r.fail(f"{where}.programmes", f"不認得計畫代號 {key!r}（請先加在 programmes）")
    years = data.get("years") or []
    if not isinstance(years, list) or not all(isinstance(y, int) for y in years):
        r.fail(f"{where}.years", f"應該是年度清單，例如 [110]（目前是 {years!r}）")
        years = []
    same_year = data.get("same_year", False) is True
    if same_year and years:
        r.fail(where, "years 與 same_year 只能擇一")
    return Exclusion(r.rule_id(data, where), r.text(data, "clause", where), r.text(data, "clause_en", where, False),
                     tuple(str(p) for p in programmes), r.source(data.get("source"), f"{where}.source"),
                     tuple(years), same_year)


def parse_rules(data: Any, path: Path = RULES_FILE) -> RuleBook:
    r = _Reader()
    root = r.mapping(data, "（檔案最上層）")
    if root.get("version") != 1:
        r.fail("version", f"目前只支援 version: 1（目前是 {root.get('version')!r}）")
    for key, doc in r.mapping(root.get("documents"), "documents").items():
        doc = r.mapping(doc, f"documents.{key}")
        r.documents[str(key)] = (r.text(doc, "file", f"documents.{key}"), r.text(doc, "title", f"documents.{key}"))
    industries = {}
    for code, item in r.mapping(root.get("industries"), "industries").items():
        item = r.mapping(item, f"industries.{code}")
        industries[str(code)] = Industry(str(code), r.text(item, "label", f"industries.{code}"),
                                         r.text(item, "label_en", f"industries.{code}", False),
                                         tuple(str(a) for a in item.get("aliases") or ()))
    r.industries = set(industries)
    programmes = {}
    for key, item in r.mapping(root.get("programmes"), "programmes").items():
        item = r.mapping(item, f"programmes.{key}")
        programmes[str(key)] = Programme(str(key), r.text(item, "name", f"programmes.{key}"),
                                         tuple(str(a) for a in item.get("aliases") or ()))
    r.programmes = set(programmes)
    common: list[Clause | Exclusion] = []
    for i, item in enumerate(root.get("common") or []):
        where = f"common[{i}]"
        common.append(_exclusion(r, item, where) if isinstance(item, dict) and "programmes" in item
                      else _clause(r, item, where))
    halls: dict[tuple[int, str], HallRules] = {}
    for year, by_hall in r.mapping(root.get("years"), "years").items():
        if not isinstance(year, int) or not 100 <= year <= 150:
            r.fail(f"years.{year}", "年度要用民國年數字，例如 111")
            continue
        for hall, item in r.mapping(by_hall, f"years.{year}").items():
            built = _hall(r, year, str(hall), item)
            if built is not None:
                halls[(year, str(hall))] = built
    if not halls:
        r.fail("years", "至少要有一個年度、一個館的規則")
    value = r.integer(root.get("point_value_twd"), "point_value_twd", minimum=1) or 1
    point_source = r.source(root.get("point_value_source"), "point_value_source")
    if r.problems:
        raise RulesError(path, r.problems)
    return RuleBook(value, point_source, industries, programmes, tuple(common), halls)


def load_rules(path: Path = RULES_FILE) -> RuleBook:
    """Read and check a rules file; raises `RulesError` listing every problem."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise RulesError(path, [f"無法讀取檔案（{exc.strerror}）"]) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 欄" if mark is not None else "檔案"
        raise RulesError(path, [f"{where}：YAML 格式錯誤（{getattr(exc, 'problem', exc)}）"]) from exc
    return parse_rules(data, path)


