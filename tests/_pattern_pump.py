"""Collect every regular expression the assistant compiles and pump each with worst-case strings.

Run as a script (``python tests/_pattern_pump.py [--length N] [--limit-ms M]``) it prints one JSON
object: how many patterns and strings were tried, the slowest cases, and every case over the limit.
It runs in a process of its own so that (a) the hook on :func:`re._compile` sees every pattern from
the first import on, and (b) a pattern that never finishes can be stopped by the caller's timeout.

Where patterns come from:

- every module of ``assistant`` imported with the hook in place (module-level patterns, and
  patterns compiled while data files load);
- every string literal handed to an ``re`` function in the source (``re.search(r"…", text)``);
- the patterns of the data files (provision keywords, disagreement keywords and topics, terms
  aliases, glossary forms), compiled when a set of real questions (every question of the eval
  suites) goes through each reader of questions.

Worst-case strings (at the input limit) for each pattern: a prefix of a string the pattern matches,
repeated, followed by a near miss ("!", "_", a non-ASCII letter, ".1.1"); plus runs of capitals,
digits, letters, spaces and punctuation. This is the shape of input that makes a backtracking
engine explode (nested or adjacent repeats over the same characters).
"""

from __future__ import annotations

import argparse
import ast
import datetime
import importlib
import json
import pkgutil
import re
import re._constants as sre_c
import re._parser as sre_parse
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "assistant"
SUFFIXES = ("", "!", "_", "é", ".1.1", "?")
POOL = "aA1 .,-!_é$'’xz\n"
GENERIC_PUMPS = ("A", "a", "1", " ", "1,", "1.", "Aa", "a ", "A ", "é", "$1", "-", "'", "a-", "1e", "10^")
Seen = dict[tuple[str, int], str]


# ----------------------------------------------------------------------------------------- collecting


def install_hook(seen: Seen, origin: list[str]) -> None:
    """Record every string pattern compiled from now on (with ``origin[0]`` as where it came from)."""
    original = re._compile  # type: ignore[attr-defined]

    package = str(PACKAGE)

    def recording(pattern: Any, flags: Any) -> Any:
        if isinstance(pattern, str):
            # Only patterns the package's own code compiles: the first caller outside the re module.
            frame = sys._getframe(1)
            while frame is not None and frame.f_code.co_filename.startswith(str(Path(re.__file__).parent)):
                frame = frame.f_back
            if frame is not None and frame.f_code.co_filename.startswith(package):
                seen.setdefault((pattern, int(flags)), f"{origin[0]} ({Path(frame.f_code.co_filename).name})")
        return original(pattern, flags)

    re._compile = recording  # type: ignore[attr-defined]


def import_everything(origin: list[str]) -> list[str]:
    """Import every module of ``assistant``; return those that could not be imported (optional extras)."""
    import assistant

    failed = []
    for info in pkgutil.walk_packages(assistant.__path__, "assistant."):
        origin[0] = f"import {info.name}"
        try:
            importlib.import_module(info.name)
        except ImportError as exc:
            failed.append(f"{info.name}: {exc}")
    return failed


_RE_FUNCTIONS = {"compile", "search", "match", "fullmatch", "findall", "finditer", "sub", "subn", "split"}


def literal_patterns() -> Iterable[tuple[str, int, str]]:
    """String literals passed as the pattern of an ``re`` function anywhere in the package source."""
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.args):
                continue
            func = node.func
            if not (isinstance(func.value, ast.Name) and func.value.id == "re" and func.attr in _RE_FUNCTIONS):
                continue
            first = node.args[0]
            flags = _flags(node, func.attr)
            if isinstance(first, ast.Constant) and isinstance(first.value, str) and flags is not None:
                yield first.value, flags, f"{path.relative_to(ROOT)}:{node.lineno}"


_FLAGS_POSITION = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "findall": 2, "finditer": 2, "split": 3,
                   "sub": 4, "subn": 4}  # fmt: skip


def _flags(call: ast.Call, function: str) -> int | None:
    """The flags of an ``re`` call written as ``re.X | re.Y`` (0 when none); ``None`` when not literal.

    A call whose flags are a variable is left to the import hook, which sees the real value.
    """
    node: ast.expr | None = next((k.value for k in call.keywords if k.arg == "flags"), None)
    position = _FLAGS_POSITION[function]
    if node is None and len(call.args) > position:
        node = call.args[position]
    if node is None:
        return 0

    def value(expr: ast.expr) -> int | None:
        if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "re":
            return int(getattr(re, expr.attr))
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.BitOr):
            left, right = value(expr.left), value(expr.right)
            return None if left is None or right is None else left | right
        return None

    return value(node)


def eval_questions() -> list[str]:
    """Every question of the eval suites (turns included): real questions for the readers."""
    import yaml

    questions: list[str] = []
    for path in sorted((ROOT / "evals").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in (data or {}).get("cases", []) if isinstance(data, dict) else []:
            for turn in [case, *case.get("turns", [])]:
                if isinstance(turn.get("question"), str):
                    questions.append(turn["question"])
    return questions


def run_readers(origin: list[str]) -> int:
    """Send real questions through every reader of questions; return how many were read."""
    from assistant.answering.caveats import add_caveats
    from assistant.answering.followup_query import resolve_query
    from assistant.answering.timeline import timeline_response
    from assistant.answering.unknown_names import in_vocabulary, unknown_names
    from assistant.corpus.glossary import expand
    from assistant.corpus.sources import SourceTexts
    from assistant.index.lexical import tokenize
    from assistant.input_gate import Limits, check_request
    from assistant.models import Answer
    from assistant.question.reader import QuestionReader
    from assistant.whatif.respond import respond

    today = datetime.date(2026, 12, 2)
    questions = eval_questions()

    sources = SourceTexts(ROOT / "corpus", 20_000_000)
    cite = sources.cite
    origin[0] = "reading the eval questions"
    previous = "Until when does the partnership last?"
    reader = QuestionReader(lambda word: len(word) % 2 == 0)  # some words used, some not: both paths run
    for question in questions:
        reader.read(question, [(previous, "An answer.")], today=today)
        check_request(question, [(previous, "An answer.")], None, Limits())
        resolve_query(question, [(previous, "")])
        unknown_names(question, in_vocabulary(set()))
        tokenize(expand(question))
        timeline_response(question, sources, today=today)
        respond(question, [previous], terms=None, today=today, locate=cite)
        add_caveats(Answer(kind="answer", text="An answer.", confidence=0.9, question=question), question, cite)
        previous = question
    return len(questions)


def data_file_patterns() -> Iterable[tuple[str, int, str]]:
    """The regular expressions of the data files, as the code applies them (case-insensitive)."""
    from assistant.agreement.clauses import bundled_sheet
    from assistant.agreement.disagreements import disagreements
    from assistant.agreement.provisions import provision_catalogue
    from assistant.question.names import name_catalogue
    from assistant.question.shorthand import load_shorthand_rules

    for version in bundled_sheet().versions.values():
        for alias in version.info.aliases:
            yield alias, re.IGNORECASE, f"clauses/{version.info.id}.yaml aliases"
    for provision in provision_catalogue():
        for keyword in provision.keywords:
            yield keyword, re.IGNORECASE, f"provisions.yaml {provision.id}"
    for item in disagreements():
        for pattern in [*item.keywords, *item.topics]:
            yield pattern, re.IGNORECASE, f"disagreements.yaml {item.id}"
    for rule in load_shorthand_rules():
        yield rule.pattern, 0 if rule.case == "sensitive" else re.IGNORECASE, "shorthand.yaml"
    for entry in name_catalogue():
        for alias in entry.aliases:
            yield alias, re.IGNORECASE, f"names.yaml {entry.name}"


def collect() -> tuple[Seen, dict[str, Any]]:
    """Every pattern (with its flags) the package compiles, and where each was first seen."""
    seen: Seen = {}
    origin = ["start-up"]
    install_hook(seen, origin)
    failed = import_everything(origin)
    read = run_readers(origin)
    for pattern, flags, where in [*literal_patterns(), *data_file_patterns()]:
        seen.setdefault((pattern, flags), where)
    return seen, {"import_failures": failed, "questions_read": read}


# ----------------------------------------------------------------------------------------- pumping


def _category_matches(category: Any, ch: str) -> bool:
    table: dict[Any, Callable[[str], bool]] = {
        sre_c.CATEGORY_DIGIT: str.isdigit,
        sre_c.CATEGORY_NOT_DIGIT: lambda c: not c.isdigit(),
        sre_c.CATEGORY_SPACE: str.isspace,
        sre_c.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
        sre_c.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
        sre_c.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
    }
    return table.get(category, lambda c: False)(ch)


def _in_char(items: list[tuple[Any, Any]], ignore_case: bool) -> str:
    negate = bool(items) and items[0][0] is sre_c.NEGATE
    members = items[1:] if negate else items
    pool = [chr(v) for op, v in members if op is sre_c.LITERAL] + [chr(v[0]) for op, v in members if op is sre_c.RANGE]

    def inside(ch: str) -> bool:
        for op, value in members:
            if op is sre_c.LITERAL and (ch == chr(value) or (ignore_case and ch.lower() == chr(value).lower())):
                return True
            if op is sre_c.RANGE and value[0] <= ord(ch) <= value[1]:
                return True
            if op is sre_c.CATEGORY and _category_matches(value, ch):
                return True
        return False

    for ch in [*pool, *POOL]:
        if inside(ch) != negate:
            return ch
    return "a"


def witness(tree: Any, variant: int, ignore_case: bool) -> str:
    """A string the parsed pattern ``tree`` (roughly) matches; ``variant`` picks branches and repeat counts."""
    out: list[str] = []
    for op, value in tree:
        if op is sre_c.LITERAL:
            out.append(chr(value))
        elif op is sre_c.NOT_LITERAL:
            out.append("a" if chr(value) != "a" else "b")
        elif op is sre_c.ANY:
            out.append("a")
        elif op is sre_c.IN:
            out.append(_in_char(value, ignore_case))
        elif op in (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT):
            low, high, sub = value
            count = max(low, 1) + (variant % 2)
            count = min(count, high if high != sre_c.MAXREPEAT else count, 3)
            out.append(witness(sub, variant // 2, ignore_case) * count)
        elif op is sre_c.BRANCH:
            branches = value[1]
            out.append(witness(branches[variant % len(branches)], variant // len(branches), ignore_case))
        elif op is sre_c.SUBPATTERN:
            out.append(witness(value[-1], variant, ignore_case))
        elif op is sre_c.ATOMIC_GROUP:
            out.append(witness(value, variant, ignore_case))
        elif op is sre_c.GROUPREF_EXISTS:
            out.append(witness(value[1], variant, ignore_case))
        # AT (anchors), ASSERT, ASSERT_NOT and GROUPREF match no characters of their own.
    return "".join(out)


def attack_strings(pattern: str, flags: int, length: int) -> list[str]:
    """Worst-case strings of ``length`` characters for ``pattern``: pumped prefixes and near misses."""
    ignore_case = bool(flags & re.IGNORECASE)
    tree = sre_parse.parse(pattern, flags)
    witnesses = {witness(tree, variant, ignore_case) for variant in range(8)} - {""}
    pumps: set[str] = set(GENERIC_PUMPS)
    for w in witnesses:
        for cut in {1, max(1, len(w) // 2), len(w)}:
            pumps.update({w[:cut], w[cut:], w[:cut] + " "})
    pumps.discard("")
    strings = []
    for pump in sorted(pumps):
        for suffix in SUFFIXES:
            body = pump * (length // len(pump) + 1)
            strings.append(body[: length - len(suffix)] + suffix)
    return sorted(set(strings))


def time_pattern(compiled: re.Pattern[str], text: str) -> float:
    """Seconds ``compiled`` takes to find every match in ``text``."""
    started = time.perf_counter()
    for _ in compiled.finditer(text):
        pass
    return time.perf_counter() - started


def pump(seen: Seen, length: int, limit_ms: float, progress: bool = False) -> dict[str, Any]:
    """Pump every pattern; report the slowest cases and those over ``limit_ms`` (the best of five tries)."""
    slowest: list[dict[str, Any]] = []
    over: list[dict[str, Any]] = []
    strings = 0
    for (pattern, flags), where in sorted(seen.items()):
        if progress:
            print(f"pumping {where}: {pattern[:120]!r}", file=sys.stderr, flush=True)
        try:
            compiled = re.compile(pattern, flags)
            texts = attack_strings(pattern, flags, length)
        except (re.error, RecursionError, ValueError):
            continue
        worst, worst_text = 0.0, ""
        for text in texts:
            strings += 1
            took = time_pattern(compiled, text)
            if took * 1000 > limit_ms:
                # A shared machine pauses now and then: a pattern is slow only if it is slow every time.
                for _ in range(4):
                    time.sleep(0.05)
                    took = min(took, time_pattern(compiled, text))
            if took > worst:
                worst, worst_text = took, text
        case = {"pattern": pattern, "flags": flags, "where": where, "ms": round(worst * 1000, 3),
                "text": worst_text[:40] + ("…" if len(worst_text) > 40 else "") + worst_text[-8:]}  # fmt: skip
        slowest.append(case)
        if worst * 1000 > limit_ms:
            over.append(case)
    slowest.sort(key=lambda c: -c["ms"])
    return {"patterns": len(seen), "strings": strings, "length": length, "slowest": slowest[:5], "over": over}


def main(argv: list[str] | None = None) -> int:
    """Collect, pump and print the report as JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--length", type=int, default=2000, help="Length of every attack string.")
    parser.add_argument("--limit-ms", type=float, default=50.0, help="Slowest acceptable search.")
    parser.add_argument("--progress", action="store_true", help="Name each pattern on stderr as it is pumped.")
    args = parser.parse_args(argv)
    seen, info = collect()
    report = pump(seen, args.length, args.limit_ms, progress=args.progress)
    print(json.dumps({**info, **report}, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
