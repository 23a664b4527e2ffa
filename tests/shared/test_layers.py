"""Rules of design.md that import-linter (make lint) cannot check: no eval/exec anywhere, and
importing any module leaves TensorFlow unloaded (it is imported inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from fresh_python import run_python

ROOT = Path(__file__).resolve().parents[2]
QT = ("PySide6", "PyQt5", "PyQt6", "qtpy", "shiboken6")
TF = ("tensorflow", "keras")


def modules(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize(
    "path", modules("engine") + modules("widgets") + modules("desktop"), ids=lambda p: p.name
)
def test_no_eval_or_exec_anywhere(path):
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            assert node.func.id not in ("eval", "exec", "compile"), f"{path.name}: {node.func.id}"


def test_importing_every_module_does_not_load_tensorflow():
    # Engine modules import TensorFlow inside functions, so the GUI thread can import them freely.
    names = [
        ".".join(p.relative_to(ROOT).with_suffix("").parts)
        for p in modules("engine") + modules("widgets") + modules("desktop")
        if p.name != "__main__.py"
    ]
    probe = "import importlib, sys\nfor n in sys.argv[1:]: importlib.import_module(n)\n"
    probe += "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras')))"
    done = run_python("-c", probe, *names)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
