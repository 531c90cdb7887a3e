"""The clause sheet: rules as reviewable data, validated when loaded.

Each YAML file under ``assistant/data/clauses/`` holds one terms version (its format is
:mod:`assistant.agreement.clause_file`). :func:`load_sheet` reads and validates every file
(:mod:`assistant.agreement.sheet_checks` does the checks across fields, clauses and versions) into
a :class:`ClauseSheet`: one :class:`TermsRules` per version, ready to evaluate.

Any mistake is reported with the file, the line, the clause and the field; mistakes across files
(a provision an earlier version had that a later one neither carries nor ends) name the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from assistant.agreement.clause_file import (
    Clause,
    ClauseFile,
    Default,
    Parameter,
    ProvisionChange,
    Reading,
    TermsInfo,
)
from assistant.agreement.dates import CalendarError, calendar_day
from assistant.agreement.expressions import Node
from assistant.agreement.outcomes import Outcome
from assistant.agreement.sheet_checks import check_versions, prepare_rules
from assistant.input_gate import echo
from assistant.yaml_source import DataFileError, YamlSource, describe_validation_error, read_yaml

CLAUSES_DIR = Path(__file__).resolve().parent.parent / "data" / "clauses"
DEFAULT_TERMS = "2025-01"


class UnknownTermsError(ValueError):
    """A terms version (or date) for which the sheet has no clauses."""


@dataclass
class TermsRules:
    """The validated rules of one terms version, ready to evaluate.

    Attributes:
        info: Id, title, date in force, source.
        file: The file it came from.
        parameters: Contested constants by name.
        defaults: Assumed values of missing facts by fact name.
        clauses: In file order.
        changes: What became of each provision in this version (the file's ``history``), in file order.
        conditions: The parsed condition of each clause, by clause id.
        outcome_order: Outcomes in an order where every outcome comes after those it uses.
        label_parent: For each label, the label it is an exception to.
    """

    info: TermsInfo
    file: str
    parameters: dict[str, Parameter]
    defaults: dict[str, Default]
    clauses: list[Clause]
    changes: list[ProvisionChange] = field(default_factory=list)
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
    """Every terms version's rules, by version id."""

    versions: dict[str, TermsRules]

    def ordered(self) -> list[TermsRules]:
        """The versions by the day they came into force."""
        return sorted(self.versions.values(), key=lambda v: v.info.in_force_from)

    def resolve(self, terms: object) -> TermsRules:
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


def _rules_from(source: YamlSource) -> TermsRules:
    if not isinstance(source.data, dict):
        raise DataFileError(f"{source.name}: must be a mapping with terms, parameters, defaults and clauses")
    try:
        parsed = ClauseFile.model_validate(source.data)
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
    rules = TermsRules(
        info=parsed.terms,
        file=source.name,
        parameters={p.name: p for p in parsed.parameters},
        defaults={d.fact: d for d in parsed.defaults},
        clauses=clauses,
        changes=list(parsed.history),
    )
    prepare_rules(source, rules)
    return rules


def load_sheet(directory: Path = CLAUSES_DIR) -> ClauseSheet:
    """Read and validate every clause file in ``directory``.

    Raises:
        DataFileError: Naming the file, the line, the clause and the field of each problem.
    """
    versions: dict[str, TermsRules] = {}
    clause_files: dict[str, str] = {}
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise DataFileError(f"{directory}: no clause files (*.yaml)")
    for path in files:
        rules = _rules_from(read_yaml(path, f"data/clauses/{path.name}"))
        if rules.info.id in versions:
            raise DataFileError(
                f"data/clauses/{path.name}: terms {rules.info.id!r} already defined in {versions[rules.info.id].file}"
            )
        for clause in rules.clauses:
            if clause.id in clause_files:
                raise DataFileError(
                    f"data/clauses/{path.name}: clause id {clause.id!r} already used in {clause_files[clause.id]}"
                )
            clause_files[clause.id] = rules.file
        versions[rules.info.id] = rules
    sheet = ClauseSheet(versions)
    check_versions(sheet)
    return sheet


@lru_cache(maxsize=4)
def bundled_sheet(directory: Path = CLAUSES_DIR) -> ClauseSheet:
    """The clause sheet shipped with the package, read once."""
    return load_sheet(directory)
