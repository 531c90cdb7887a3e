"""No import cycles inside ``assistant/``.

The graph is read with ``ast`` from every ``assistant/**/*.py``; a package's ``__init__`` is a
module like any other (``from assistant.llm import load_backend`` depends on
``assistant/llm/__init__.py``). Importing a submodule is not counted as depending on its parent
package's ``__init__``: Python runs that first, but it only matters when the submodule imports back
from the package, which is an edge of its own here.

Each import is one of three kinds:

- ``runtime``: at module level (class bodies, ``try`` and plain ``if`` blocks included), run on import;
- ``typing``: under ``if TYPE_CHECKING:``, read by type checkers only;
- ``deferred``: inside a function, run when it is first called.

Runtime and typing imports together must be acyclic: a cycle there is a real knot even when it only
types (the eval runner and scoring were one). Deferred imports are how a module puts off a costly
import; they must not close a cycle either, except for the few listed in ``DEFERRED_CYCLE_EDGES``,
each of which names the edge that closes a known cycle and why it is still there.
"""

from __future__ import annotations

import ast
from collections import deque
from collections.abc import Iterator
from itertools import pairwise
from pathlib import Path

import pytest

from .conftest import REPO

KINDS = ("runtime", "typing", "deferred")

#: Deferred imports that close a cycle today, as (importer, imported). Remove an entry once its cycle
#: is gone (the test below says when); never add one for a module-level import.
DEFERRED_CYCLE_EDGES: dict[tuple[str, str], str] = {
    ("assistant.agreement.money", "assistant.whatif.reading.money_text"): (
        "Money's validator parses amounts written as text with the what-if reader's money parser, "
        "which builds on agreement.money (agreement/whatif reshaping, issue 17)"
    ),
}

Graph = dict[str, dict[str, set[str]]]  # importer -> imported -> kinds


def module_names(root: Path, package: str = "assistant") -> dict[str, Path]:
    """Every module under ``root/package`` by dotted name; a package is named by its ``__init__``."""
    modules: dict[str, Path] = {}
    for path in sorted((root / package).rglob("*.py")):
        parts = list(path.relative_to(root).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        modules[".".join(parts)] = path
    return modules


def _imports(tree: ast.AST) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
    """Each import statement in ``tree`` with its kind."""

    def walk(node: ast.AST, kind: str) -> Iterator[tuple[ast.Import | ast.ImportFrom, str]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Import | ast.ImportFrom):
                yield child, kind
            elif isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                yield from walk(child, "deferred")
            elif isinstance(child, ast.If) and kind == "runtime" and "TYPE_CHECKING" in ast.unparse(child.test):
                for statement in child.body:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), "typing")
                for statement in child.orelse:
                    yield from walk(ast.Module(body=[statement], type_ignores=[]), "runtime")
            else:
                yield from walk(child, kind)

    yield from walk(tree, "runtime")


def _targets(statement: ast.Import | ast.ImportFrom, importer: str, is_package: bool, modules: set[str]) -> set[str]:
    """The modules of ``modules`` that one import statement depends on."""
    if isinstance(statement, ast.Import):
        return {alias.name for alias in statement.names} & modules
    base = statement.module or ""
    if statement.level:
        anchor = importer.split(".") if is_package else importer.split(".")[:-1]
        anchor = anchor[: len(anchor) - (statement.level - 1)]
        base = ".".join([*anchor, base] if base else anchor)
    targets = set()
    for alias in statement.names:
        submodule = f"{base}.{alias.name}"
        targets.add(submodule if submodule in modules else base)
    return targets & modules


def import_graph(root: Path, package: str = "assistant") -> Graph:
    """The import graph of ``package`` under ``root``: for each module, what it imports and how."""
    modules = module_names(root, package)
    graph: Graph = {name: {} for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for statement, kind in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            for target in _targets(statement, name, is_package, set(modules)) - {name}:
                graph[name].setdefault(target, set()).add(kind)
    return graph


def edges(graph: Graph, kinds: set[str], leave_out: set[tuple[str, str]] = frozenset()) -> dict[str, set[str]]:
    """The graph with only imports of ``kinds``, less the ``leave_out`` edges."""
    return {
        source: {t for t, how in targets.items() if how & kinds and (source, t) not in leave_out}
        for source, targets in graph.items()
    }


def cycles(adjacency: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (``a, b, …, a``) through each strongly connected group of modules, sorted."""
    found = []
    for group in _strongly_connected(adjacency):
        start = min(group)
        found.append(_path_back(adjacency, group, start))
    return sorted(found)


def _strongly_connected(adjacency: dict[str, set[str]]) -> list[set[str]]:
    """Groups of two or more modules that reach each other (Tarjan's algorithm, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    for root in sorted(adjacency):
        if root in index:
            continue
        work = [(root, iter(sorted(adjacency[root])))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(adjacency[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)
    return groups


def _path_back(adjacency: dict[str, set[str]], group: set[str], start: str) -> list[str]:
    """The shortest path from ``start`` back to itself inside ``group`` (breadth first)."""
    previous: dict[str, str] = {}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(adjacency[node] & group):
            if child == start:
                path = [node]
                while path[-1] != start:
                    path.append(previous[path[-1]])
                return [*reversed(path), start]
            if child not in previous:
                previous[child] = node
                queue.append(child)
    raise AssertionError(f"{start} is in a cycle but no path leads back to it")


def describe(found: list[list[str]], graph: Graph) -> str:
    """One line per cycle, each step with the kinds of import it is made of."""
    lines = []
    for cycle in found:
        steps = [f"{a} -[{'/'.join(sorted(graph[a][b]))}]-> {b}" for a, b in pairwise(cycle)]
        lines.append("; ".join(steps))
    return "\n".join(lines)


@pytest.fixture(scope="module")
def graph() -> Graph:
    return import_graph(REPO)


def test_module_level_imports_have_no_cycle(graph: Graph) -> None:
    found = cycles(edges(graph, {"runtime", "typing"}))
    assert not found, "import cycles among module-level imports:\n" + describe(found, graph)


def test_deferred_imports_close_no_cycle_but_the_known_ones(graph: Graph) -> None:
    found = cycles(edges(graph, set(KINDS), leave_out=set(DEFERRED_CYCLE_EDGES)))
    assert not found, "import cycles (imports inside functions included):\n" + describe(found, graph)


@pytest.mark.parametrize("edge", sorted(DEFERRED_CYCLE_EDGES))
def test_each_known_deferred_cycle_is_still_there(graph: Graph, edge: tuple[str, str]) -> None:
    source, target = edge
    assert graph.get(source, {}).get(target) == {"deferred"}, f"{source} no longer imports {target} in a function"
    others = set(DEFERRED_CYCLE_EDGES) - {edge}
    closed = any(edge[0] in cycle and edge[1] in cycle for cycle in cycles(edges(graph, set(KINDS), others)))
    assert closed, f"{source} -> {target} closes no cycle any more: remove it from DEFERRED_CYCLE_EDGES"


def test_the_checker_finds_cycles_of_each_kind(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "from pkg.api import run\n",
        "pkg/api.py": "from pkg import helpers\n\ndef run():\n    from pkg.late import x\n",
        "pkg/helpers.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from pkg.api import run\n",
        "pkg/late.py": "import pkg.api\nx = 1\n",
        "pkg/sub/__init__.py": "",
        "pkg/sub/leaf.py": "from .. import helpers\nfrom . import other\n",
        "pkg/sub/other.py": "",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path, "pkg")
    assert graph["pkg.sub.leaf"] == {"pkg.helpers": {"runtime"}, "pkg.sub.other": {"runtime"}}
    assert cycles(edges(graph, {"runtime"})) == []
    assert cycles(edges(graph, {"runtime", "typing"})) == [["pkg.api", "pkg.helpers", "pkg.api"]]
    assert cycles(edges(graph, set(KINDS), leave_out={("pkg.helpers", "pkg.api")})) == [
        ["pkg.api", "pkg.late", "pkg.api"]
    ]
