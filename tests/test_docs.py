"""The README and docs/ stay true to the tree: the module map, the paths and the links they give.

The settings table has its own test (``tests/test_settings.py``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from .conftest import REPO

DOCS = sorted((REPO / "docs").glob("*.md"))
PAGES = [REPO / "README.md", *DOCS]
ARCHITECTURE = REPO / "docs" / "architecture.md"
#: Folders of the repository whose paths the docs name in backticks.
PATH_ROOTS = ("assistant/", "tests/", "evals/", "benchmarks/", "corpus/", "docs/")


def section(text: str, heading: str) -> str:
    """The text under ``## heading`` up to the next heading of the same level."""
    match = re.search(rf"^## {re.escape(heading)}\n(.*?)(?=^## |\Z)", text, flags=re.M | re.S)
    assert match, f"no '## {heading}' section"
    return match.group(1)


def module_map() -> tuple[list[str], list[str]]:
    """The modules (one bullet each) and the packages (one ``###`` heading each) the map lists."""
    text = section(ARCHITECTURE.read_text(encoding="utf-8"), "Module map")
    modules = re.findall(r"^- `(assistant/[\w/]+\.py)` — ", text, flags=re.M)
    packages = re.findall(r"^### `(assistant/(?:[\w/]+/)?)` — ", text, flags=re.M)
    return modules, packages


def tree() -> tuple[set[str], set[str]]:
    """The modules under ``assistant/`` (not ``__init__``/``__main__``) and its packages, as repo paths."""
    files = sorted((REPO / "assistant").rglob("*.py"))
    modules = {p.relative_to(REPO).as_posix() for p in files if p.name not in ("__init__.py", "__main__.py")}
    packages = {p.parent.relative_to(REPO).as_posix() + "/" for p in files if p.name == "__init__.py"}
    return modules, packages


def differences(what: str, listed: list[str], actual: set[str]) -> list[str]:
    problems = [f"{what} missing from the map: {path}" for path in sorted(actual - set(listed))]
    problems += [f"{what} in the map but not in the tree: {path}" for path in sorted(set(listed) - actual)]
    problems += [f"{what} listed twice: {path}" for path in sorted({p for p in listed if listed.count(p) > 1})]
    return problems


def test_the_module_map_lists_exactly_the_modules_in_the_tree() -> None:
    listed, _ = module_map()
    actual, _ = tree()
    problems = differences("module", listed, actual)
    assert not problems, "docs/architecture.md's module map is out of date:\n" + "\n".join(problems)


def test_the_module_map_has_a_heading_for_every_package() -> None:
    _, listed = module_map()
    _, actual = tree()
    problems = differences("package", listed, actual)
    assert not problems, "docs/architecture.md's module map is out of date:\n" + "\n".join(problems)


def test_the_module_map_puts_each_module_under_its_package() -> None:
    text = section(ARCHITECTURE.read_text(encoding="utf-8"), "Module map")
    package = None
    misplaced = []
    for line in text.splitlines():
        if heading := re.match(r"^### `(assistant/(?:[\w/]+/)?)`", line):
            package = heading.group(1)
        elif bullet := re.match(r"^- `(assistant/[\w/]+\.py)`", line):
            if bullet.group(1).rsplit("/", 1)[0] + "/" != package:
                misplaced.append(f"{bullet.group(1)} under {package}")
    assert not misplaced, "modules under another package's heading:\n" + "\n".join(misplaced)


def named_paths(text: str) -> set[str]:
    """Repository paths named in backticks (each word of a backticked command counts)."""
    words = {word for code in re.findall(r"`([^`\n]+)`", text) for word in code.split()}
    return {w.rstrip(".,;:") for w in words if w.startswith(PATH_ROOTS) and "<" not in w}


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_path_a_page_names_exists(page: Path) -> None:
    missing = sorted(p for p in named_paths(page.read_text(encoding="utf-8")) if not list(REPO.glob(p.rstrip("/"))))
    assert not missing, f"{page.name} names paths that do not exist: {missing}"


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it."""
    text = heading.strip().lower().replace("`", "")
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.relative_to(REPO).as_posix())
def test_every_link_between_pages_leads_somewhere(page: Path) -> None:
    broken = []
    for target in re.findall(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)", page.read_text(encoding="utf-8")):
        if re.match(r"[a-z]+://", target):
            continue
        file, _, anchor = target.partition("#")
        path = (page.parent / file).resolve() if file else page
        if not path.exists():
            broken.append(target)
        elif anchor:
            headings = re.findall(r"^#+ (.+)$", path.read_text(encoding="utf-8"), flags=re.M)
            if anchor not in {slug(h) for h in headings}:
                broken.append(target)
    assert not broken, f"{page.name} has links that lead nowhere: {broken}"


def test_the_readme_stays_short() -> None:
    lines = (REPO / "README.md").read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 120, f"README.md has {len(lines)} lines; put the detail in docs/ and link it"
