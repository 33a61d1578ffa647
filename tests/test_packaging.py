"""What ships: the service's packages hold no benchmark or test code, and need no aiohttp."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from pathlib import Path

from setuptools import find_packages

REPO = Path(__file__).resolve().parents[1]
SHIPPED = ("knowledge", "ingest", "bot", "api")
TEST_ONLY = ("fake_server", "fake_line", "localserver", "evaluation")

# Imports api.app and api.cli, noting which module runs the first `import aiohttp` (line-bot-sdk v3
# imports its own aiohttp client at package import; that is its business, not ours).
PROBE = """
import json, sys

importers = []

class Spy:
    def find_spec(self, name, path=None, target=None):
        if name == "aiohttp" and not importers:
            frame = sys._getframe(1)
            while frame and frame.f_globals.get("__name__", "").startswith(("importlib", "_frozen_importlib")):
                frame = frame.f_back
            importers.append(frame.f_globals.get("__name__", "?") if frame else "?")
        return None

sys.meta_path.insert(0, Spy())
import api.app, api.cli
print(json.dumps({"modules": sorted(sys.modules), "aiohttp_importer": importers[0] if importers else None}))
"""


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.add(node.module)
    return names


def _top(module: str) -> str:
    return module.split(".", 1)[0]


def test_importing_the_service_loads_no_bench_or_test_module() -> None:
    import json

    result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, cwd=REPO)
    probe = json.loads(result.stdout)
    bad = [m for m in probe["modules"] if _top(m) in ("bench", "tests")
           or (_top(m) in SHIPPED and any(p.startswith("bench") or p in TEST_ONLY for p in m.split(".")))]
    assert bad == []
    importer = probe["aiohttp_importer"]
    assert importer is None or _top(importer) not in SHIPPED, f"{importer} imports aiohttp"


def test_no_shipped_module_imports_aiohttp_or_test_code() -> None:
    offenders = [f"{path.relative_to(REPO)}: {name}" for package in SHIPPED
                 for path in sorted((REPO / package).rglob("*.py"))
                 for name in _imports(path) if _top(name) in ("aiohttp", "bench", "tests")]
    assert offenders == []


def test_runtime_dependencies_and_packages() -> None:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    runtime = [d.lower() for d in project["project"]["dependencies"]]
    assert not [d for d in runtime if d.startswith("aiohttp")]
    assert any(d.startswith("aiohttp") for d in project["project"]["optional-dependencies"]["dev"])
    found = project["tool"]["setuptools"]["packages"]["find"]
    packages = find_packages(where=str(REPO), include=found["include"], exclude=found.get("exclude", ()))
    assert packages and {_top(p) for p in packages} == set(SHIPPED)


def test_knowledge_and_ingest_tests_do_not_need_the_service() -> None:
    paths = [REPO / "tests" / "conftest.py", *sorted((REPO / "tests" / "support").rglob("*.py")),
             *sorted((REPO / "tests" / "knowledge").rglob("*.py")), *sorted((REPO / "tests" / "ingest").rglob("*.py"))]
    offenders = [f"{p.relative_to(REPO)}: {name}" for p in paths for name in _imports(p) if _top(name) == "api"]
    assert offenders == []
