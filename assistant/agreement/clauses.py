"""The clause sheet: rules as reviewable data, validated when loaded.

Each YAML file under ``assistant/data/clauses/`` holds one terms version: its id and date in
force, its contested parameters (each with every reading and its source), the defaults assumed
for facts a question leaves out, its clauses, and its *history*: what became of each provision
in this version (one entry per provision, with a verbatim quote of the dated note that says so).
A clause belongs to a *provision* (a label its versions share over time), decides one or more
outcomes when its condition holds, and may be an *exception* to another label, which it then
overrides (Catala's labels and exceptions). Every clause carries its source document and a
verbatim quote.

Any mistake is reported with the file, the line, the clause and the field; mistakes across files
(a provision an earlier version had that a later one neither carries nor ends) name the file.
"""

from __future__ import annotations

import datetime
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.agreement.dates import CalendarError, calendar_day
from assistant.agreement.expressions import ExpressionError, FactType, Node, names, parse_condition
from assistant.agreement.facts import PROVIDERS, WORKLOADS
from assistant.agreement.money import Money
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.input_gate import echo
from assistant.yaml_source import DataFileError, YamlSource, check_patterns, describe_validation_error, read_yaml

CLAUSES_DIR = Path(__file__).resolve().parent.parent / "data" / "clauses"
DEFAULT_TERMS = "2025-01"

FACT_TYPES: dict[str, FactType] = {
    "event_date": FactType("date"),
    "profit": FactType("money"),
    "agi_declared": FactType("bool"),
    "agi_verified_by_panel": FactType("bool"),
    "capacity_request": FactType("bool"),
    "microsoft_can_meet": FactType("bool"),
    "workload": FactType("enum", WORKLOADS),
    "provider": FactType("enum", PROVIDERS),
}

_SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"

ChangeKind = Literal["initial", "added", "changed", "reaffirmed", "unchanged", "contested", "ended"]
#: Every kind of history entry. ``initial``: the provision as the first version (the article)
#: states it; ``added``: new in this version; ``changed``; ``reaffirmed``: the version's source
#: restates it; ``unchanged``: carried over without mention; ``contested``: sources disagree on
#: what became of it; ``ended``: it no longer affects any outcome from this version on.
CHANGE_KINDS: tuple[str, ...] = get_args(ChangeKind)
#: The kinds that count as a change to tell the reader about.
CHANGE_NEWS: tuple[str, ...] = ("added", "changed", "contested", "ended")


class UnknownTermsError(ValueError):
    """A terms version (or date) for which the sheet has no clauses."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceQuote(_Strict):
    """A verbatim quote and the corpus document it comes from (path relative to ``corpus/``)."""

    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class Effective(_Strict):
    """The event dates a clause governs: from ``from`` through ``to`` (open-ended when absent)."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    start: datetime.date = Field(alias="from")
    end: datetime.date | None = Field(default=None, alias="to")

    @model_validator(mode="after")
    def _ordered(self) -> Effective:
        if self.end is not None and self.end < self.start:
            raise ValueError(f"'to' ({self.end}) is before 'from' ({self.start})")
        return self


class Reading(_Strict):
    """One reading of a contested parameter, with the source that supports it."""

    id: str = Field(pattern=_SLUG)
    label: str = Field(min_length=1)
    value: bool | Money
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)


class Parameter(_Strict):
    """A constant the clauses use, with one reading per source position (two when contested).

    Attributes:
        name: How conditions refer to it.
        type: Its type (``money``).
        description: What it is.
        contested: What the sources disagree on, in words, when there is more than one reading.
        readings: Each reading with its value and the quote that supports it.
    """

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    type: Literal["money", "bool"]
    description: str = Field(min_length=1)
    contested: str | None = None
    readings: list[Reading] = Field(min_length=1)

    @field_validator("readings")
    @classmethod
    def _distinct(cls, value: list[Reading]) -> list[Reading]:
        ids = [r.id for r in value]
        if len(set(ids)) != len(ids):
            raise ValueError(f"reading ids repeat: {ids}")
        return value

    @model_validator(mode="after")
    def _typed(self) -> Parameter:
        wanted = bool if self.type == "bool" else Money
        for reading in self.readings:
            if not isinstance(reading.value, wanted):
                raise ValueError(f"reading {reading.id!r}: value {reading.value!r} is not of type {self.type}")
        return self


class Default(_Strict):
    """What a missing fact is read as, and the assumption sentence the verdict then states."""

    fact: str
    value: bool
    assumption: str = Field(min_length=1)

    @field_validator("fact")
    @classmethod
    def _boolean_fact(cls, value: str) -> str:
        if FACT_TYPES.get(value) != FactType("bool"):
            raise ValueError(f"{value!r} is not a true/false fact ({', '.join(FACT_TYPES)})")
        return value


class Clause(_Strict):
    """One rule of one terms version.

    Attributes:
        id: Unique across the sheet.
        provision: The label the clause's versions share over time (e.g. ``first-refusal``).
        terms: The terms version the clause belongs to.
        label: The priority label other clauses may be exceptions to (defaults to ``id``).
        exception_to: The label this clause overrides when both apply.
        priority_reason: Why this clause wins over the one it is an exception to.
        effective: The event dates the clause governs.
        condition: When it applies, in the condition language.
        outcomes: What it decides when it applies.
        explanation: Plain-language statement of the rule.
        source: Corpus document of the quote.
        quote: Verbatim text of that document the clause rests on.
        supporting: Further quotes (e.g. a dated note confirming a term).
        unknown_notes: Assumption sentences to state when a named fact is missing.
    """

    id: str = Field(pattern=_SLUG)
    provision: str = Field(pattern=_SLUG)
    terms: str = Field(pattern=r"^\d{4}-\d{2}$")
    label: str = Field(default="", pattern=r"^$|^[a-z0-9]+(-[a-z0-9]+)*$")
    exception_to: str | None = Field(default=None, pattern=_SLUG)
    priority_reason: str | None = None
    effective: Effective
    condition: str = Field(min_length=1)
    outcomes: dict[Outcome, bool] = Field(min_length=1)
    explanation: str = Field(min_length=1)
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    supporting: list[SourceQuote] = Field(default_factory=list)
    unknown_notes: dict[str, str] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _complete(self) -> Clause:
        if not self.label:
            object.__setattr__(self, "label", self.id)
        if self.exception_to and not self.priority_reason:
            raise ValueError("an exception needs a priority_reason saying why it wins")
        if self.exception_to == self.label:
            raise ValueError("a clause cannot be an exception to its own label")
        unknown = sorted(set(self.unknown_notes) - set(FACT_TYPES))
        if unknown:
            raise ValueError(f"unknown_notes names facts that do not exist: {unknown}")
        return self

    def quotes(self) -> list[SourceQuote]:
        """The main quote first, then the supporting ones."""
        return [SourceQuote(source=self.source, quote=self.quote), *self.supporting]


class TermsInfo(_Strict):
    """A terms version: its id, what it is, from when it was in force, and the quote that dates it.

    Attributes:
        id: ``YYYY-MM``.
        title: What the version is, in a sentence fragment.
        label: A short name for selectors and timelines ("October 2025 definitive agreement").
        in_force_from: The day it came into force (announced).
        source: The corpus document that establishes it.
        quote: A verbatim sentence of that document saying so.
        aliases: Regular expressions (case-insensitive) by which questions name this version
            ("definitive agreement"), for "What changed since …?" questions.
        note: Anything a reader of the sheet should know.
    """

    id: str = Field(pattern=r"^\d{4}-\d{2}$")
    title: str = Field(min_length=1)
    label: str = Field(min_length=1)
    in_force_from: datetime.date
    source: str = Field(min_length=1)
    quote: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    note: str = ""

    @field_validator("aliases")
    @classmethod
    def _compiles(cls, value: list[str]) -> list[str]:
        return check_patterns(value)


class HistoryEntry(_Strict):
    """What became of one provision in one terms version.

    Attributes:
        provision: The provision label.
        kind: One of :data:`CHANGE_KINDS`.
        summary: In words. For news (``changed`` ...) it completes "Changed on 28 Oct 2025: …".
        source: The corpus document that says so (not needed for ``unchanged``).
        quote: A verbatim sentence of it.
    """

    provision: str = Field(pattern=_SLUG)
    kind: ChangeKind
    summary: str = Field(min_length=1)
    source: str | None = None
    quote: str | None = None

    @model_validator(mode="after")
    def _sourced(self) -> HistoryEntry:
        if self.kind != "unchanged" and not (self.source and self.quote):
            raise ValueError(f"an entry of kind {self.kind!r} needs a source and a verbatim quote")
        if bool(self.source) != bool(self.quote):
            raise ValueError("give both source and quote, or neither")
        return self


class _ClauseFile(_Strict):
    terms: TermsInfo
    parameters: list[Parameter] = Field(default_factory=list)
    defaults: list[Default] = Field(default_factory=list)
    clauses: list[dict[str, Any]] = Field(min_length=1)
    history: list[HistoryEntry] = Field(min_length=1)


@dataclass
class TermsVersion:
    """The validated clauses of one terms version, ready to evaluate.

    Attributes:
        info: Id, title, date in force, source.
        file: The file it came from.
        parameters: Contested constants by name.
        defaults: Assumed values of missing facts by fact name.
        clauses: In file order.
        history: What became of each provision in this version, in file order.
        conditions: The parsed condition of each clause, by clause id.
        outcome_order: Outcomes in an order where every outcome comes after those it uses.
        label_parent: For each outcome, the label each label is an exception to.
    """

    info: TermsInfo
    file: str
    parameters: dict[str, Parameter]
    defaults: dict[str, Default]
    clauses: list[Clause]
    history: list[HistoryEntry] = field(default_factory=list)
    conditions: dict[str, Node] = field(default_factory=dict)
    outcome_order: list[Outcome] = field(default_factory=list)
    label_parent: dict[str, str | None] = field(default_factory=dict)

    def clauses_for(self, outcome: Outcome) -> list[Clause]:
        """The clauses that decide ``outcome``, in file order."""
        return [c for c in self.clauses if outcome in c.outcomes]

    def clause(self, clause_id: str) -> Clause:
        """The clause with this id."""
        return next(c for c in self.clauses if c.id == clause_id)

    def reading_choices(self) -> list[dict[str, Reading]]:
        """Every combination of parameter readings (one combination when none is contested)."""
        combos: list[dict[str, Reading]] = [{}]
        for name, parameter in self.parameters.items():
            combos = [{**combo, name: reading} for combo in combos for reading in parameter.readings]
        return combos


@dataclass
class ClauseSheet:
    """Every terms version, by id."""

    versions: dict[str, TermsVersion]

    def ordered(self) -> list[TermsVersion]:
        """The versions by the day they came into force."""
        return sorted(self.versions.values(), key=lambda v: v.info.in_force_from)

    def resolve(self, terms: object) -> TermsVersion:
        """The version for a version id, an ISO date (the version in force then), or the default.

        ``None`` and an empty string mean the default (the article's terms).

        Raises:
            UnknownTermsError: When no version matches; the message lists the known ones.
        """
        if terms is not None and not isinstance(terms, str):
            raise UnknownTermsError(
                f"terms must be a version id or a date YYYY-MM-DD as text, not {echo(type(terms).__name__)}"
            )
        key = (terms or "").strip() or DEFAULT_TERMS
        if key in self.versions:
            return self.versions[key]
        known = ", ".join(sorted(self.versions))
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key):
            try:
                day = calendar_day(*(int(part) for part in key.split("-")))
            except CalendarError as exc:
                raise UnknownTermsError(f"terms date “{key}” is not a date that exists") from exc
            candidates = [v for v in self.versions.values() if v.info.in_force_from <= day]
            if not candidates:
                raise UnknownTermsError(f"no terms version was in force on {key} (known: {known})")
            return max(candidates, key=lambda v: v.info.in_force_from)
        raise UnknownTermsError(f"unknown terms “{echo(key)}”: give a version ({known}) or a date YYYY-MM-DD")


def _schema(parameters: dict[str, Parameter]) -> dict[str, FactType]:
    schema = dict(FACT_TYPES)
    schema.update({o: FactType("bool") for o in OUTCOMES})
    schema.update({name: FactType(p.type) for name, p in parameters.items()})
    return schema


def _version_from(source: YamlSource) -> TermsVersion:
    if not isinstance(source.data, dict):
        raise DataFileError(f"{source.name}: must be a mapping with terms, parameters, defaults and clauses")
    try:
        parsed = _ClauseFile.model_validate(source.data)
    except ValidationError as exc:
        raise DataFileError(describe_validation_error(source, exc)) from exc
    clauses: list[Clause] = []
    problems: list[str] = []
    for index, raw in enumerate(parsed.clauses):
        who = f"clause {raw.get('id')!r}" if isinstance(raw, dict) and raw.get("id") else f"clause #{index + 1}"
        try:
            clauses.append(Clause.model_validate(raw))
        except ValidationError as exc:
            problems.append(describe_validation_error(source, exc, ("clauses", index), who))
    if problems:
        raise DataFileError("\n".join(problems))
    parameters = {p.name: p for p in parsed.parameters}
    version = TermsVersion(
        info=parsed.terms,
        file=source.name,
        parameters=parameters,
        defaults={d.fact: d for d in parsed.defaults},
        clauses=clauses,
        history=list(parsed.history),
    )
    _check_version(source, version)
    return version


def _check_version(source: YamlSource, version: TermsVersion) -> None:
    schema = _schema(version.parameters)
    problems: list[str] = []

    def at(index: int, field_name: str) -> str:
        return source.where(("clauses", index, field_name))

    seen: set[str] = set()
    for index, clause in enumerate(version.clauses):
        who = f"clause {clause.id!r}"
        if clause.id in seen:
            problems.append(f"{at(index, 'id')}: {who}, field 'id': repeats an earlier clause id")
        seen.add(clause.id)
        if clause.terms != version.info.id:
            problems.append(
                f"{at(index, 'terms')}: {who}, field 'terms': {clause.terms!r} in the file of terms {version.info.id!r}"
            )
        if clause.effective.start < version.info.in_force_from:
            problems.append(
                f"{at(index, 'effective')}: {who}, field 'effective.from': {clause.effective.start} is before "
                f"the terms came into force ({version.info.in_force_from})"
            )
        try:
            version.conditions[clause.id] = parse_condition(clause.condition, schema)
        except ExpressionError as exc:
            problems.append(f"{at(index, 'condition')}: {who}, field 'condition': {exc}")
    if problems:
        raise DataFileError("\n".join(problems))

    labels: dict[str, list[int]] = defaultdict(list)
    for index, clause in enumerate(version.clauses):
        labels[clause.label].append(index)
    for label, members in labels.items():
        parents = {version.clauses[i].exception_to for i in members}
        if len(parents) > 1:
            problems.append(
                f"{at(members[0], 'exception_to')}: label {label!r}: its clauses are exceptions to different "
                f"labels {sorted(str(p) for p in parents)}"
            )
        version.label_parent[label] = version.clauses[members[0]].exception_to
    for index, clause in enumerate(version.clauses):
        parent = clause.exception_to
        if parent is None:
            continue
        if parent not in labels:
            problems.append(
                f"{at(index, 'exception_to')}: clause {clause.id!r}, field 'exception_to': no clause has "
                f"label {parent!r}"
            )
            continue
        for outcome in clause.outcomes:
            if not any(outcome in version.clauses[i].outcomes for i in labels[parent]):
                problems.append(
                    f"{at(index, 'exception_to')}: clause {clause.id!r}, field 'exception_to': no clause "
                    f"labelled {parent!r} decides {outcome!r}, so there is nothing to override"
                )
    for label in labels:
        chain, current = [label], version.label_parent.get(label)
        while current is not None:
            if current in chain:
                problems.append(f"{source.name}: labels form a cycle of exceptions: {' -> '.join([*chain, current])}")
                break
            chain.append(current)
            current = version.label_parent.get(current)
    for outcome in OUTCOMES:
        if not version.clauses_for(outcome):
            problems.append(f"{source.name}: terms {version.info.id!r}: no clause decides {outcome!r}")
    problems.extend(_history_problems(source, version))
    if problems:
        raise DataFileError("\n".join(dict.fromkeys(problems)))
    version.outcome_order = _outcome_order(source, version)


def _history_problems(source: YamlSource, version: TermsVersion) -> list[str]:
    """Each provision the version's clauses carry has exactly one history entry; others only end."""
    problems: list[str] = []
    carried = {c.provision for c in version.clauses}
    seen: set[str] = set()
    for index, entry in enumerate(version.history):
        where = source.where(("history", index, "provision"))
        if entry.provision in seen:
            problems.append(f"{where}: history of provision {entry.provision!r} is given twice")
        seen.add(entry.provision)
        if entry.provision not in carried and entry.kind != "ended":
            problems.append(
                f"{where}: history of provision {entry.provision!r}: no clause of terms {version.info.id!r} "
                f"carries it, so its kind must be 'ended', not {entry.kind!r}"
            )
        if entry.provision in carried and entry.kind == "ended":
            problems.append(f"{where}: provision {entry.provision!r} is 'ended' but clauses of this version carry it")
    for provision in sorted(carried - seen):
        problems.append(f"{source.where(('history',))}: no history entry for provision {provision!r}")
    return problems


def _check_versions(sheet: ClauseSheet) -> None:
    """Across versions: distinct dates, and every provision carried on or explicitly ended."""
    problems: list[str] = []
    alive: set[str] = set()
    previous: TermsVersion | None = None
    for version in sheet.ordered():
        if previous is not None and previous.info.in_force_from == version.info.in_force_from:
            problems.append(
                f"{version.file}: terms {version.info.id!r} come into force the same day as {previous.file}"
            )
        carried = {c.provision for c in version.clauses}
        for entry in version.history:
            if previous is None and entry.kind != "initial":
                problems.append(
                    f"{version.file}: the first terms version states provisions as 'initial', "
                    f"not {entry.kind!r} ({entry.provision})"
                )
            if previous is not None and entry.kind == "initial":
                problems.append(f"{version.file}: provision {entry.provision!r} is 'initial' in a later version")
            if previous is not None and entry.provision not in alive and entry.kind != "added":
                problems.append(f"{version.file}: provision {entry.provision!r} is new here, so its kind is 'added'")
            if entry.kind == "ended" and entry.provision not in alive:
                problems.append(f"{version.file}: provision {entry.provision!r} ends but no earlier version had it")
        ended = {e.provision for e in version.history if e.kind == "ended"}
        for provision in sorted(alive - carried - ended):
            problems.append(
                f"{version.file}: provision {provision!r} of {previous.file if previous else 'earlier terms'} "
                "is neither carried by a clause nor ended in the history"
            )
        alive = (alive | carried) - ended
        previous = version
    if problems:
        raise DataFileError("\n".join(problems))


def _outcome_order(source: YamlSource, version: TermsVersion) -> list[Outcome]:
    uses: dict[Outcome, set[Outcome]] = {o: set() for o in OUTCOMES}
    for clause in version.clauses:
        used = {n for n in names(version.conditions[clause.id]) if n in OUTCOMES}
        for outcome in clause.outcomes:
            uses[outcome].update(u for u in used if u != outcome)  # type: ignore[misc]
    order: list[Outcome] = []
    visiting: list[Outcome] = []

    def visit(outcome: Outcome) -> None:
        if outcome in order:
            return
        if outcome in visiting:
            cycle = " -> ".join([*visiting[visiting.index(outcome) :], outcome])
            raise DataFileError(f"{source.name}: outcomes depend on each other in a cycle: {cycle}")
        visiting.append(outcome)
        for needed in sorted(uses[outcome]):
            visit(needed)  # type: ignore[arg-type]
        visiting.pop()
        order.append(outcome)

    for outcome in OUTCOMES:
        visit(outcome)
    return order


def load_sheet(directory: Path = CLAUSES_DIR) -> ClauseSheet:
    """Read and validate every clause file in ``directory``.

    Raises:
        DataFileError: Naming the file, the line, the clause and the field of each problem.
    """
    versions: dict[str, TermsVersion] = {}
    clause_files: dict[str, str] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise DataFileError(f"{directory}: no clause files (*.yaml)")
    for path in files:
        version = _version_from(read_yaml(path, f"data/clauses/{path.name}"))
        if version.info.id in versions:
            raise DataFileError(
                f"data/clauses/{path.name}: terms {version.info.id!r} already defined in "
                f"{versions[version.info.id].file}"
            )
        for clause in version.clauses:
            if clause.id in clause_files:
                raise DataFileError(
                    f"data/clauses/{path.name}: clause id {clause.id!r} already used in {clause_files[clause.id]}"
                )
            clause_files[clause.id] = version.file
        versions[version.info.id] = version
    sheet = ClauseSheet(versions)
    _check_versions(sheet)
    return sheet


@lru_cache(maxsize=4)
def bundled_sheet(directory: Path = CLAUSES_DIR) -> ClauseSheet:
    """The clause sheet shipped with the package, read once."""
    return load_sheet(directory)
