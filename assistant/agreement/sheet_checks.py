"""The checks of the clause sheet that need more than one field, one file or one version.

Within a version: clause ids are unique, each clause belongs to its file's terms and starts no
earlier than they do, every condition parses against the facts, parameters and outcomes, labels
and exceptions make sense and form no cycle, every outcome is decided by some clause and the
history gives each provision exactly once. Across versions: the dates differ, the first version
states its provisions as ``initial`` and later ones as what they are, and every provision an
earlier version had is carried on or explicitly ended.

Each problem names the file and, where it can, the line, the clause and the field.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from assistant.agreement.expressions import ExpressionError, FactType, names, parse_condition
from assistant.agreement.facts import FACT_TYPES
from assistant.agreement.outcomes import OUTCOMES, Outcome
from assistant.yaml_source import DataFileError, YamlSource

if TYPE_CHECKING:
    from assistant.agreement.clause_file import Parameter
    from assistant.agreement.sheet import ClauseSheet, TermsRules


def _schema(parameters: dict[str, Parameter]) -> dict[str, FactType]:
    schema = dict(FACT_TYPES)
    schema.update({o: FactType("bool") for o in OUTCOMES})
    schema.update({name: FactType(p.type) for name, p in parameters.items()})
    return schema


def prepare_rules(source: YamlSource, rules: TermsRules) -> None:
    """Check one version's rules and fill in what evaluating them needs.

    Parses each clause's condition into ``rules.conditions``, records each label's parent in
    ``rules.label_parent`` and orders the outcomes in ``rules.outcome_order``.

    Raises:
        DataFileError: Listing every problem found.
    """
    problems = _clause_problems(source, rules)
    if problems:
        raise DataFileError("\n".join(problems))
    problems = _label_problems(source, rules)
    for outcome in OUTCOMES:
        if not rules.clauses_for(outcome):
            problems.append(f"{source.name}: terms {rules.info.id!r}: no clause decides {outcome!r}")
    problems.extend(_change_problems(source, rules))
    if problems:
        raise DataFileError("\n".join(dict.fromkeys(problems)))
    rules.outcome_order = _outcome_order(source, rules)


def _at(source: YamlSource, index: int, field_name: str) -> str:
    return source.where(("clauses", index, field_name))


def _clause_problems(source: YamlSource, rules: TermsRules) -> list[str]:
    """Repeated ids, clauses of other terms or starting too early, conditions that do not parse."""
    schema = _schema(rules.parameters)
    problems: list[str] = []
    seen: set[str] = set()
    for index, clause in enumerate(rules.clauses):
        who = f"clause {clause.id!r}"
        if clause.id in seen:
            problems.append(f"{_at(source, index, 'id')}: {who}, field 'id': repeats an earlier clause id")
        seen.add(clause.id)
        if clause.terms != rules.info.id:
            problems.append(
                f"{_at(source, index, 'terms')}: {who}, field 'terms': {clause.terms!r} in the file of terms "
                f"{rules.info.id!r}"
            )
        if clause.effective.start < rules.info.in_force_from:
            problems.append(
                f"{_at(source, index, 'effective')}: {who}, field 'effective.from': {clause.effective.start} is "
                f"before the terms came into force ({rules.info.in_force_from})"
            )
        try:
            rules.conditions[clause.id] = parse_condition(clause.condition, schema)
        except ExpressionError as exc:
            problems.append(f"{_at(source, index, 'condition')}: {who}, field 'condition': {exc}")
    return problems


def _label_problems(source: YamlSource, rules: TermsRules) -> list[str]:
    """Labels whose clauses disagree on their parent, exceptions to nothing, cycles of exceptions."""
    problems: list[str] = []
    labels: dict[str, list[int]] = defaultdict(list)
    for index, clause in enumerate(rules.clauses):
        labels[clause.label].append(index)
    for label, members in labels.items():
        parents = {rules.clauses[i].exception_to for i in members}
        if len(parents) > 1:
            problems.append(
                f"{_at(source, members[0], 'exception_to')}: label {label!r}: its clauses are exceptions to "
                f"different labels {sorted(str(p) for p in parents)}"
            )
        rules.label_parent[label] = rules.clauses[members[0]].exception_to
    for index, clause in enumerate(rules.clauses):
        parent = clause.exception_to
        if parent is None:
            continue
        where = _at(source, index, "exception_to")
        if parent not in labels:
            problems.append(f"{where}: clause {clause.id!r}, field 'exception_to': no clause has label {parent!r}")
            continue
        for outcome in clause.outcomes:
            if not any(outcome in rules.clauses[i].outcomes for i in labels[parent]):
                problems.append(
                    f"{where}: clause {clause.id!r}, field 'exception_to': no clause labelled {parent!r} "
                    f"decides {outcome!r}, so there is nothing to override"
                )
    for label in labels:
        chain, current = [label], rules.label_parent.get(label)
        while current is not None:
            if current in chain:
                problems.append(f"{source.name}: labels form a cycle of exceptions: {' -> '.join([*chain, current])}")
                break
            chain.append(current)
            current = rules.label_parent.get(current)
    return problems


def _change_problems(source: YamlSource, rules: TermsRules) -> list[str]:
    """Each provision the version's clauses carry has exactly one history entry; others only end."""
    problems: list[str] = []
    carried = {c.provision for c in rules.clauses}
    seen: set[str] = set()
    for index, change in enumerate(rules.changes):
        where = source.where(("history", index, "provision"))
        if change.provision in seen:
            problems.append(f"{where}: history of provision {change.provision!r} is given twice")
        seen.add(change.provision)
        if change.provision not in carried and change.kind != "ended":
            problems.append(
                f"{where}: history of provision {change.provision!r}: no clause of terms {rules.info.id!r} "
                f"carries it, so its kind must be 'ended', not {change.kind!r}"
            )
        if change.provision in carried and change.kind == "ended":
            problems.append(f"{where}: provision {change.provision!r} is 'ended' but clauses of this version carry it")
    for provision in sorted(carried - seen):
        problems.append(f"{source.where(('history',))}: no history entry for provision {provision!r}")
    return problems


def check_versions(sheet: ClauseSheet) -> None:
    """Across versions: distinct dates, and every provision carried on or explicitly ended.

    Raises:
        DataFileError: Listing every problem found.
    """
    problems: list[str] = []
    alive: set[str] = set()
    previous: TermsRules | None = None
    for rules in sheet.ordered():
        if previous is not None and previous.info.in_force_from == rules.info.in_force_from:
            problems.append(f"{rules.file}: terms {rules.info.id!r} come into force the same day as {previous.file}")
        carried = {c.provision for c in rules.clauses}
        for change in rules.changes:
            if previous is None and change.kind != "initial":
                problems.append(
                    f"{rules.file}: the first terms version states provisions as 'initial', "
                    f"not {change.kind!r} ({change.provision})"
                )
            if previous is not None and change.kind == "initial":
                problems.append(f"{rules.file}: provision {change.provision!r} is 'initial' in a later version")
            if previous is not None and change.provision not in alive and change.kind != "added":
                problems.append(f"{rules.file}: provision {change.provision!r} is new here, so its kind is 'added'")
            if change.kind == "ended" and change.provision not in alive:
                problems.append(f"{rules.file}: provision {change.provision!r} ends but no earlier version had it")
        ended = {c.provision for c in rules.changes if c.kind == "ended"}
        for provision in sorted(alive - carried - ended):
            problems.append(
                f"{rules.file}: provision {provision!r} of {previous.file if previous else 'earlier terms'} "
                "is neither carried by a clause nor ended in the history"
            )
        alive = (alive | carried) - ended
        previous = rules
    if problems:
        raise DataFileError("\n".join(problems))


def _outcome_order(source: YamlSource, rules: TermsRules) -> list[Outcome]:
    uses: dict[Outcome, set[Outcome]] = {o: set() for o in OUTCOMES}
    for clause in rules.clauses:
        used = {n for n in names(rules.conditions[clause.id]) if n in OUTCOMES}
        for outcome in clause.outcomes:
            uses[outcome].update(u for u in used if u != outcome)
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
            visit(needed)
        visiting.pop()
        order.append(outcome)

    for outcome in OUTCOMES:
        visit(outcome)
    return order
