"""The dependency rules of the layout (see ARCHITECTURE.md), checked on the source itself:
no import cycle between modules, the feature contract imports no feature, knowledge/ and ingest/
import nothing from bot/ or api/, bot/ imports nothing from api/."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("knowledge", "ingest", "bot", "api")
FEATURES = ("api.experts", "api.applications", "api.line", "api.contact", "api.handoff", "api.operations",
            "api.identity")


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(name: str, path: Path) -> set[str]:
    """Every module of ours that `name` imports, anywhere in the file (function-local and
    TYPE_CHECKING imports included: a cycle hidden in a function is still a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = name.split(".") if is_package else name.split(".")[:-1]
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            targets = [f"{base}.{a.name}" if f"{base}.{a.name}" in MODULES else base for a in node.names]
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                out.add(target)
    return out


GRAPH = {name: _imports(name, path) for name, path in MODULES.items()}


def _reachable(start: str) -> set[str]:
    seen, todo = set(), [start]
    while todo:
        for nxt in GRAPH[todo.pop()]:
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _in(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == p or module.startswith(p + ".") for p in packages)


def test_the_checker_sees_the_code() -> None:
    assert "api.wiring" in GRAPH and "api.experts.feature" in GRAPH["api.wiring"]
    assert "api.contract" in GRAPH["api.experts.feature"] and "knowledge.store" in GRAPH["ingest.pipeline"]


def test_no_import_cycle() -> None:
    cycles = sorted({" -> ".join(sorted((m, n))) for m in GRAPH for n in GRAPH[m] if m in _reachable(n)})
    assert cycles == []


def test_the_feature_contract_imports_no_feature() -> None:
    assert [m for m in _reachable("api.contract") if _in(m, FEATURES)] == []


def test_knowledge_and_ingest_import_nothing_from_bot_or_api() -> None:
    for name in GRAPH:
        if _in(name, ("knowledge", "ingest")):
            assert [m for m in GRAPH[name] if _in(m, ("bot", "api"))] == [], name


def test_bot_imports_nothing_from_api() -> None:
    for name in GRAPH:
        if _in(name, ("bot",)):
            assert [m for m in GRAPH[name] if _in(m, ("api",))] == [], name


def test_feature_rules_are_pure() -> None:
    """A feature's rules/ need no database session and no web framework."""
    for name, path in MODULES.items():
        if ".rules." in name and name.startswith("api."):
            source = path.read_text(encoding="utf-8")
            assert "sqlmodel" not in source and "fastapi" not in source and "sqlalchemy" not in source, name
