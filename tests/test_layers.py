"""The folders show the layers: only the web app imports Gradio (and its server stack), only the CLI imports click."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT

PACKAGE = PROJECT_ROOT / "assistant"
FRONT_ENDS = {
    "gradio": "assistant/web",
    "starlette": "assistant/web",
    "fastapi": "assistant/web",
    "uvicorn": "assistant/web",
    "click": "assistant/cli",
}


def imported_roots(path: Path) -> set[str]:
    """The top-level packages a module imports anywhere (module level, functions, TYPE_CHECKING)."""
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
    return roots


@pytest.mark.parametrize("library", sorted(FRONT_ENDS))
def test_only_its_front_end_imports_a_ui_library(library: str) -> None:
    home = FRONT_ENDS[library]
    offenders = [
        path.relative_to(PROJECT_ROOT).as_posix()
        for path in sorted(PACKAGE.rglob("*.py"))
        if library in imported_roots(path) and not path.relative_to(PROJECT_ROOT).as_posix().startswith(home + "/")
    ]
    assert not offenders, f"{library} is imported outside {home}/: {offenders}"


def test_the_core_never_imports_a_front_end() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PROJECT_ROOT).as_posix()
        if where.startswith(("assistant/web/", "assistant/cli/")):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(("assistant.web", "assistant.cli")):
                offenders.append(f"{where}: from {node.module}")
    assert not offenders, "the core imports a front end:\n" + "\n".join(offenders)
