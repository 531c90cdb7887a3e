"""The clause sheet once loaded: each terms version's rules, and the sheet that finds a version by id or date."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from assistant.agreement.clause_file import Clause, Default, Parameter, ProvisionChange, Reading, TermsInfo
from assistant.agreement.dates import CalendarError, calendar_day
from assistant.agreement.expressions import Node
from assistant.agreement.outcomes import Outcome
from assistant.user_text import echo

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

    def in_force_on(self, day: datetime.date) -> TermsRules | None:
        """The version in force on ``day`` (the latest to come into force by then), ``None`` before the first."""
        candidates = [v for v in self.versions.values() if v.info.in_force_from <= day]
        return max(candidates, key=lambda v: v.info.in_force_from) if candidates else None

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
            found = self.in_force_on(day)
            if found is None:
                raise UnknownTermsError(f"no terms version was in force on {key} (known: {known})")
            return found
        raise UnknownTermsError(f"unknown terms “{echo(key)}”: give a version ({known}) or a date YYYY-MM-DD")
