"""Eval suites: YAML files of hand-written cases, loaded and validated before anything runs.

A suite file::

    suite: qa                  # its name (the file is evals/<name>.yaml by convention)
    kind: qa                   # retrieval | qa | whatif | abstain | followup | robustness | casual
    description: ...           # (kind defaults to the name)
    cases:
      - id: qa-001
        category: article
        question: "Until when does the core partnership remain intact?"
        must_state: ["2030"]               # each item a string or a list of alternatives
        gold:                              # passages that answer it, verbatim in corpus/<source>
          - {source: stargate-article.txt, quote: "remains intact until 2030"}

What-if cases add ``outcomes`` (yes / no / undetermined per outcome), ``facts`` (the facts the
question must be read as), ``fires`` (clause ids that must apply) and may give a ``scenario``
instead of a question; abstain cases give ``expect: answer | abstain``; followup cases give
``turns``, each a case of its own without id. ``expect`` defaults to ``answer`` in qa and
robustness suites, to ``whatif`` for what-if questions, and in followup turns to ``whatif`` when
the turn expects outcomes, facts or clauses and ``answer`` otherwise.

Casual suites mix single questions and conversations (``turns``) in one file; every question says
what it expects (``answer``, ``whatif`` or ``abstain``) and every case names its ``persona``. A
casual suite may name a ``split`` (see :mod:`assistant.evaluation.split`). Every problem is
reported with the file, the line, the case id (or index) and the field.
"""

from __future__ import annotations

import dataclasses
import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.outcomes import Outcome
from assistant.corpus.sources import SourceTexts
from assistant.evaluation.matching import GoldSpan, locate
from assistant.evaluation.split import Split
from assistant.settings import PROJECT_ROOT
from assistant.validation_text import validation_message
from assistant.whatif.engine.scenario import Scenario
from assistant.yaml_source import DataFileError, YamlSource, describe_validation_error, read_yaml

SuiteKind = Literal["retrieval", "qa", "whatif", "abstain", "followup", "robustness", "casual"]
SUITE_KINDS: tuple[str, ...] = ("retrieval", "qa", "whatif", "abstain", "followup", "robustness", "casual")
Expect = Literal["answer", "whatif", "abstain"]
Persona = Literal["journalist", "investor", "analyst", "student", "employee", "curious"]
TriState = Literal["yes", "no", "undetermined"]
TRI_STATE: dict[str, bool | None] = {"yes": True, "no": False, "undetermined": None}
DEFAULT_SUITES_DIR = PROJECT_ROOT / "evals"
#: Reports a problem with a case field: ``fail(path_within_the_turn, message)``.
Fail = Callable[[tuple[str | int, ...], str], None]


class SuiteError(ValueError):
    """A suite file is malformed; the message names the file, line, case and field."""


class GoldPassage(BaseModel):
    """A passage that answers the question: a verbatim quote of one corpus document."""

    model_config = ConfigDict(extra="forbid")

    source: str = Field(min_length=1, description="Path relative to corpus/, e.g. notes/x.md.")
    quote: str = Field(min_length=3, description="Verbatim text of that document.")


class TurnSpec(BaseModel):
    """One question and what its answer must show (the fields of a case, or of a followup turn)."""

    model_config = ConfigDict(extra="forbid")

    question: str | None = None
    scenario: dict[str, Any] | None = None
    terms: str | None = None
    expect: Expect | None = None
    must_state: list[str | list[str]] = Field(default_factory=list)
    gold: list[GoldPassage] = Field(default_factory=list)
    outcomes: dict[Outcome, TriState] = Field(default_factory=dict)
    facts: dict[str, Any] = Field(default_factory=dict)
    fires: list[str] = Field(default_factory=list)
    note: str | None = None

    @field_validator("question")
    @classmethod
    def _non_blank(cls, value: str | None) -> str | None:
        if value is not None and not value.strip():
            raise ValueError("is blank")
        return value

    @field_validator("must_state")
    @classmethod
    def _facts_non_empty(cls, value: list[str | list[str]]) -> list[str | list[str]]:
        for item in value:
            alternatives = [item] if isinstance(item, str) else item
            if not alternatives or any(not a.strip() for a in alternatives):
                raise ValueError("a fact (or one of its alternatives) is empty")
        return value


class CaseSpec(TurnSpec):
    """One case as written in a suite file."""

    id: str = Field(min_length=1)
    category: str = "general"
    persona: Persona | None = None
    turns: list[TurnSpec] = Field(default_factory=list)


@dataclass(frozen=True)
class Turn:
    """A validated question with its expectations resolved.

    Attributes:
        question: The question, or ``None`` for a scenario evaluated directly.
        scenario: The scenario to evaluate directly (whatif cases without a question).
        terms: The terms version to reason under.
        expect: The kind of answer expected, ``None`` when not checked.
        must_state: Facts the answer must state (each a string or alternatives).
        gold: The gold passages, located in the corpus.
        outcomes: Expected outcome values (``None`` for undetermined).
        facts: Expected parsed facts, normalised as the :class:`Scenario` holds them.
        fires: Clause ids that must apply.
    """

    question: str | None
    scenario: Scenario | None = None
    terms: str | None = None
    expect: str | None = None
    must_state: tuple[str | list[str], ...] = ()
    gold: tuple[GoldSpan, ...] = ()
    outcomes: dict[str, bool | None] = field(default_factory=dict)
    facts: dict[str, Any] = field(default_factory=dict)
    fires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    """A validated case: one turn, or several for a conversation.

    Attributes:
        id: The case id.
        category: Its category.
        turns: Its questions (one, or several for a conversation).
        line: Where it starts in the suite file.
        persona: Who asks (casual suites).
        half: ``tuning`` or ``heldout`` when the suite names a split, else ``None``.
    """

    id: str
    category: str
    turns: tuple[Turn, ...]
    line: int | None = None
    persona: str | None = None
    half: str | None = None


@dataclass(frozen=True)
class Suite:
    """A validated suite file."""

    name: str
    kind: str
    path: Path
    description: str
    cases: tuple[Case, ...]
    split: Split | None = None

    @property
    def label(self) -> str:
        """The file for messages, relative to the project when inside it."""
        return display_path(self.path)


def display_path(path: Path) -> str:
    """``path`` relative to the project root when inside it, else as given."""
    resolved = path.resolve()
    return resolved.relative_to(PROJECT_ROOT).as_posix() if resolved.is_relative_to(PROJECT_ROOT) else str(path)


def suite_paths(names: list[str] | tuple[str, ...], directory: Path = DEFAULT_SUITES_DIR) -> list[Path]:
    """The suite files for ``names`` (suite names in ``directory``, or paths); all of them when empty.

    Raises:
        SuiteError: When a name matches no file.
    """
    if not names:
        found = sorted(p for p in directory.glob("*.yaml") if p.name != "gates.yaml")
        if not found:
            raise SuiteError(f"{display_path(directory)}: no suite files (*.yaml)")
        return found
    paths = []
    for name in names:
        candidate = Path(name)
        if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
            paths.append(candidate)
        elif (directory / f"{name}.yaml").is_file():
            paths.append(directory / f"{name}.yaml")
        else:
            known = ", ".join(sorted(p.stem for p in directory.glob("*.yaml") if p.name != "gates.yaml"))
            raise SuiteError(f"no suite {name!r} (known in {display_path(directory)}: {known})")
    return paths


def load_suites(paths: list[Path], sources: SourceTexts) -> list[Suite]:
    """Load and validate several suite files; names must be distinct."""
    suites = [load_suite(path, sources) for path in paths]
    seen: dict[str, str] = {}
    for suite in suites:
        if suite.name in seen:
            raise SuiteError(f"{suite.label}: suite name {suite.name!r} is also used by {seen[suite.name]}")
        seen[suite.name] = suite.label
    return suites


def load_suite(path: Path, sources: SourceTexts) -> Suite:
    """Read and validate one suite file.

    Args:
        path: The YAML file.
        sources: The corpus, to locate every gold quote.

    Returns:
        The suite with every case validated and every gold passage located.

    Raises:
        SuiteError: Naming the file, the line, the case (id and index) and the field of each problem.
    """
    label = display_path(path)
    try:
        source = read_yaml(path, label)
    except DataFileError as exc:
        raise SuiteError(str(exc)) from exc
    data = source.data
    if not isinstance(data, dict):
        raise SuiteError(f"{label}: expected a mapping with 'suite' and 'cases'")
    unknown = set(data) - {"suite", "kind", "description", "cases", "split"}
    if unknown:
        raise SuiteError(f"{source.where((sorted(unknown)[0],))}: unknown top-level field {sorted(unknown)[0]!r}")
    name = data.get("suite")
    if not isinstance(name, str) or not name.strip():
        raise SuiteError(f"{source.where(('suite',))}: field 'suite': a suite name is required")
    kind = data.get("kind", name)
    if kind not in SUITE_KINDS:
        raise SuiteError(f"{source.where(('kind',))}: field 'kind': {kind!r} is not one of {', '.join(SUITE_KINDS)}")
    raw_cases = data.get("cases")
    if not isinstance(raw_cases, list) or not raw_cases:
        raise SuiteError(f"{source.where(('cases',))}: field 'cases': a non-empty list of cases is required")
    split = _load_split(source, kind, data.get("split"))
    problems: list[str] = []
    cases: list[Case] = []
    ids: dict[str, int] = {}
    for index, raw in enumerate(raw_cases):
        case_id = raw.get("id") if isinstance(raw, dict) else None
        if isinstance(case_id, str) and case_id in ids:
            problems.append(
                f"{source.where(('cases', index, 'id'))}: case {case_id!r} (#{index + 1}): "
                f"id already used by case #{ids[case_id] + 1}"
            )
        elif isinstance(case_id, str):
            ids[case_id] = index
        case = _load_case(source, kind, index, raw, sources, problems)
        if case is not None and split is not None:
            problem = split.problem_with(case.id)
            if problem is not None:
                problems.append(f"{source.where(('cases', index, 'id'))}: {_who(raw, index)}, field 'id': {problem}")
                continue
            case = dataclasses.replace(case, half=split.half_of(case.id))
        if case is not None:
            cases.append(case)
    if problems:
        raise SuiteError("\n".join(problems))
    return Suite(name, kind, path, str(data.get("description") or ""), tuple(cases), split)


def _load_split(source: YamlSource, kind: str, raw: Any) -> Split | None:
    """The suite's ``split``, if it names one (casual suites only)."""
    if raw is None:
        return None
    if kind != "casual":
        raise SuiteError(f"{source.where(('split',))}: field 'split': only casual suites have a split")
    try:
        return Split.model_validate(raw)
    except ValidationError as exc:
        raise SuiteError(describe_validation_error(source, exc, ("split",), "split")) from exc


def _who(raw: Any, index: int) -> str:
    case_id = raw.get("id") if isinstance(raw, dict) else None
    return f"case {case_id!r} (#{index + 1})" if case_id else f"case #{index + 1}"


def _load_case(
    source: YamlSource, kind: str, index: int, raw: Any, sources: SourceTexts, problems: list[str]
) -> Case | None:
    who = _who(raw, index)
    prefix: tuple[str | int, ...] = ("cases", index)
    if not isinstance(raw, dict):
        problems.append(f"{source.where(prefix)}: {who}: expected a mapping")
        return None
    try:
        spec = CaseSpec.model_validate(raw)
    except ValidationError as exc:
        problems.append(describe_validation_error(source, exc, prefix, who))
        return None

    def fail(path: tuple[str | int, ...], message: str) -> None:
        field_name = ".".join(str(p) for p in path)
        problems.append(f"{source.where((*prefix, *path))}: {who}, field '{field_name}': {message}")

    before = len(problems)
    if kind == "casual" and spec.persona is None:
        fail(("persona",), "a casual case names its persona")
    if kind != "casual" and spec.persona is not None:
        fail(("persona",), f"only casual suites have personas (this suite is {kind!r})")
    if kind == "followup" or (kind == "casual" and spec.turns):
        if len(spec.turns) < 2:
            fail(("turns",), f"a {kind} case needs at least two turns")
        for name in TurnSpec.model_fields:
            if name != "note" and getattr(spec, name):
                fail((name,), f"a {kind} case puts its questions and expectations in its turns")
        turn_specs: list[tuple[tuple[str | int, ...], TurnSpec]] = [(("turns", n), t) for n, t in enumerate(spec.turns)]
    else:
        if spec.turns:
            fail(("turns",), f"only followup and casual suites have turns (this suite is {kind!r})")
        turn_specs = [((), spec)]
    turns = []
    for path, turn_spec in turn_specs:

        def fail_in_turn(where: tuple[str | int, ...], message: str, path: tuple[str | int, ...] = path) -> None:
            fail((*path, *where), message)

        turns.append(_resolve_turn(kind, turn_spec, sources, fail_in_turn))
    if len(problems) > before:
        return None
    return Case(spec.id, spec.category, tuple(turns), source.line_of(prefix), spec.persona)


def _resolve_turn(kind: str, spec: TurnSpec, sources: SourceTexts, fail: Fail) -> Turn:
    expect = _expected_kind(kind, spec)
    _check_expectations(kind, spec, expect, fail)
    gold = _gold_spans(spec, sources, fail)
    scenario = None
    if spec.scenario is not None:
        try:
            scenario = Scenario.model_validate(spec.scenario)
        except ValidationError as exc:
            fail(("scenario",), validation_message(exc, first_only=True))
    facts = _expected_facts(spec.facts, fail)
    _check_clause_sheet_references(spec, fail)
    return Turn(
        question=spec.question,
        scenario=scenario,
        terms=spec.terms,
        expect=expect,
        must_state=tuple(spec.must_state),
        gold=tuple(gold),
        outcomes={name: TRI_STATE[value] for name, value in spec.outcomes.items()},
        facts=facts,
        fires=tuple(spec.fires),
    )


def _expected_kind(kind: str, spec: TurnSpec) -> str | None:
    """The answer kind the turn expects: its own ``expect``, else the suite kind's default."""
    if spec.expect is not None:
        return spec.expect
    if kind in ("qa", "robustness"):
        return "answer"
    if kind == "whatif" and spec.question is not None:
        return "whatif"
    if kind == "followup":
        return "whatif" if (spec.outcomes or spec.facts or spec.fires) else "answer"
    return None


def _check_expectations(kind: str, spec: TurnSpec, expect: str | None, fail: Fail) -> None:
    """Report a turn that asks nothing checkable, or asks what its suite kind cannot check."""
    if (spec.question is None) == (spec.scenario is None):
        fail(("question",), "give exactly one of 'question' and 'scenario'")
    if spec.scenario is not None and kind != "whatif":
        fail(("scenario",), "only whatif cases may give a scenario instead of a question")
    if kind == "retrieval":
        if not spec.gold:
            fail(("gold",), "a retrieval case needs at least one gold passage")
        for name in ("must_state", "outcomes", "facts", "fires", "expect"):
            if getattr(spec, name):
                fail((name,), "retrieval cases check gold passages only")
    if kind == "abstain" and expect is None:
        fail(("expect",), "an abstain case must say whether to 'answer' or 'abstain'")
    if kind == "casual" and expect is None:
        fail(("expect",), "a casual question must say whether to 'answer', 'whatif' or 'abstain'")
    if kind in ("qa", "robustness") and not (spec.must_state or spec.gold):
        fail(("must_state",), "give the facts the answer must state or the gold passages it must cite")
    if kind == "whatif" and not (spec.outcomes or spec.facts or spec.fires or spec.expect):
        fail(("outcomes",), "give expected outcomes, facts, fired clauses or the expected kind")
    if expect == "abstain" and (spec.must_state or spec.outcomes or spec.facts):
        fail(("expect",), "a question expected to be declined cannot also require facts or outcomes")


def _gold_spans(spec: TurnSpec, sources: SourceTexts, fail: Fail) -> list[GoldSpan]:
    """The gold passages located in the corpus; one not found verbatim is reported and left out."""
    gold = []
    for n, passage in enumerate(spec.gold):
        document = sources.get(passage.source)
        if document is None:
            fail(("gold", n, "source"), f"no corpus document {passage.source!r}")
            continue
        located = locate(passage.source, passage.quote, document.text)
        if located is None:
            fail(("gold", n, "quote"), f"not verbatim in {passage.source}: {passage.quote!r}")
            continue
        gold.append(located)
    return gold


def _check_clause_sheet_references(spec: TurnSpec, fail: Fail) -> None:
    """Report clause ids in ``fires`` and a ``terms`` value that the bundled clause sheet does not know."""
    known_clauses = {c.id for v in bundled_sheet().versions.values() for c in v.clauses}
    for n, clause in enumerate(spec.fires):
        if clause not in known_clauses:
            fail(("fires", n), f"no clause {clause!r} in the clause sheet")
    if spec.terms is not None:
        try:
            bundled_sheet().resolve(spec.terms)
        except ValueError as exc:
            fail(("terms",), str(exc))


def _expected_facts(raw: dict[str, Any], fail: Fail) -> dict[str, Any]:
    """The expected facts as the Scenario stores them (``2027`` becomes 2027-01-01, precision year)."""
    if not raw:
        return {}
    try:
        scenario = Scenario.model_validate(raw)
    except ValidationError as exc:
        fail(("facts",), validation_message(exc, first_only=True))
        return {}
    facts = {name: getattr(scenario, name) for name in raw if name != "date_precision"}
    if "event_date" in raw and isinstance(scenario.event_date, datetime.date):
        facts["date_precision"] = scenario.date_precision
    return facts
