"""What the features say lives in their catalogues (`api/<feature>/messages.py`): the layers with
logic (services, adapters, jobs, errors, validation) hold no zh-TW text besides data they match
on, checked on the source itself."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("api/experts/services/*.py", "api/experts/adapters/*.py", "api/experts/jobs.py", "api/experts/buttons.py",
          "api/experts/errors.py", "api/experts/rules/limits.py", "api/applications/services/*.py",
          "api/applications/adapters/*.py", "api/applications/rules/validation.py", "api/line/services/*.py",
          "api/contact/services.py", "api/curated/services/*.py", "api/curated/rules/*.py", "api/curated/adapters/*.py",
          "api/handoff/services/*.py", "api/handoff/adapters/*.py", "api/handoff/rules/*.py", "api/handoff/http/*.py",
          "api/dashboard/services/*.py", "api/dashboard/rules/*.py")
DATA = {
    # programme names the registry records, and the 館 they are granted for
    "api/applications/services/lifecycle.py": {"雲市集工業館", "臺灣雲市集", "工業館"},
    # the CSV headings an import recognises, and a year written with its unit
    "api/applications/services/registry.py": {"統一編號", "統編", "計畫名稱", "計畫", "補助計畫", "年度", "補助年度",
                                              "備註", "說明", "(年度|年)$"},
    # an answer accepted as consent
    "api/applications/rules/validation.py": {"同意"},
}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _docstrings(tree: ast.Module) -> set[int]:
    """Module, class and function docstrings, and the strings documenting an assignment."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if not isinstance(body, list):
            continue
        for before, expr in zip([None, *body], body, strict=False):
            if not (isinstance(expr, ast.Expr) and isinstance(expr.value, ast.Constant)):
                continue
            if before is None and isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) \
                    or isinstance(before, ast.Assign | ast.AnnAssign):
                found.add(id(expr.value))
    return found


def _texts(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)
            and id(node) not in docs and CJK.search(node.value)]


def test_the_check_sees_the_layers() -> None:
    files = [p for pattern in LAYERS for p in ROOT.glob(pattern)]
    assert len(files) > 20 and ROOT / "api/experts/services/booking.py" in files


def test_services_adapters_and_jobs_say_nothing_themselves() -> None:
    inline = {}
    for pattern in LAYERS:
        for path in sorted(ROOT.glob(pattern)):
            name = path.relative_to(ROOT).as_posix()
            texts = [t for t in _texts(path) if t not in DATA.get(name, set())]
            if texts:
                inline[name] = texts
    assert inline == {}, "move these to the feature's messages.py"
