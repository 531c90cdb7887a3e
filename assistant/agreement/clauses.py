"""The clause sheet: rules as reviewable data, validated when loaded.

Each YAML file under ``assistant/data/clauses/`` holds one terms version (its format is
:mod:`assistant.agreement.clause_file`). :func:`load_sheet` reads and validates every file
(:mod:`assistant.agreement.sheet_checks` does the checks across fields, clauses and versions) into
a :class:`~assistant.agreement.sheet.ClauseSheet`: one
:class:`~assistant.agreement.sheet.TermsRules` per version, ready to evaluate.

Any mistake is reported with the file, the line, the clause and the field; mistakes across files
(a provision an earlier version had that a later one neither carries nor ends) name the file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

from assistant.agreement.clause_file import Clause, ClauseFile
from assistant.agreement.sheet import ClauseSheet, TermsRules
from assistant.agreement.sheet_checks import check_versions, prepare_rules
from assistant.yaml_source import DataFileError, YamlSource, describe_validation_error, read_yaml

CLAUSES_DIR = Path(__file__).resolve().parent.parent / "data" / "clauses"


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
