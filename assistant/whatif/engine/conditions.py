"""Three-valued (Kleene) evaluation of a condition AST, atom by atom, for the trace.

An unknown fact makes an atom unknown (``None``); ``and``/``or``/``not`` follow Kleene's
strong logic, so ``unknown or true`` is true and ``unknown and false`` is false. Every atom is
evaluated (no short-circuit) so the trace can show all of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from assistant.agreement.expressions import (
    And,
    Atom,
    BoolLit,
    Compare,
    DateLit,
    Known,
    Member,
    Name,
    Node,
    Not,
    Operand,
    Or,
    StrLit,
    render,
)
from assistant.agreement.money import Money
from assistant.agreement.rates import RateTable


@dataclass(frozen=True)
class DateSpan:
    """A date known only to lie between ``start`` and ``end`` (inclusive)."""

    start: datetime.date
    end: datetime.date


@dataclass(frozen=True)
class AtomResult:
    """The value of one atom and what it was computed from.

    Attributes:
        expression: The atom as condition text.
        value: ``True``, ``False`` or ``None`` (unknown).
        inputs: The value of each name it used, for people (``"unknown"`` when missing).
        note: A conversion or assumption made while computing it.
    """

    expression: str
    value: bool | None
    inputs: dict[str, str]
    note: str | None = None


def kleene_not(value: bool | None) -> bool | None:
    """Negation that keeps unknown unknown."""
    return None if value is None else not value


def kleene_and(values: list[bool | None]) -> bool | None:
    """False if any is false, else unknown if any is unknown, else true."""
    if any(v is False for v in values):
        return False
    return None if any(v is None for v in values) else True


def kleene_or(values: list[bool | None]) -> bool | None:
    """True if any is true, else unknown if any is unknown, else false."""
    if any(v is True for v in values):
        return True
    return None if any(v is None for v in values) else False


_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}


def _ordered(op: str, left: Any, right: Any) -> bool:
    return {
        "<": left < right,
        "<=": left <= right,
        ">": left > right,
        ">=": left >= right,
        "==": left == right,
        "!=": left != right,
    }[op]


def _span_vs_date(op: str, span: DateSpan, day: datetime.date) -> bool | None:
    at_start, at_end = _ordered(op, span.start, day), _ordered(op, span.end, day)
    if op in ("==", "!="):
        if span.start == span.end:
            return at_start
        inside = span.start <= day <= span.end
        if not inside:
            return op == "!="
        return None
    if at_start == at_end:
        return at_start
    return None


class ConditionEvaluator:
    """Evaluates conditions against one set of values.

    Args:
        values: The value of each name; dates as :class:`DateSpan`; ``None`` when unknown.
        stated: Names the scenario states (what ``known(...)`` tests).
        rates: Reference rates allowed for comparing amounts in two currencies.
        show: Renders a name's value for the trace.
    """

    def __init__(
        self,
        values: Mapping[str, Any],
        stated: set[str],
        rates: RateTable | None,
        show: Callable[[str, Any], str],
    ) -> None:
        self.values = values
        self.stated = stated
        self.rates = rates
        self.show = show

    def evaluate(self, node: Node) -> tuple[bool | None, list[AtomResult]]:
        """Evaluate a condition.

        Returns:
            The condition's value and the result of each atom, left to right.

        Raises:
            CurrencyMismatchError: When amounts in two currencies meet without a reference rate.
        """
        results: list[AtomResult] = []
        value = self._node(node, results)
        return value, results

    def _node(self, node: Node, results: list[AtomResult]) -> bool | None:
        if isinstance(node, Not):
            return kleene_not(self._node(node.operand, results))
        if isinstance(node, And):
            return kleene_and([self._node(o, results) for o in node.operands])
        if isinstance(node, Or):
            return kleene_or([self._node(o, results) for o in node.operands])
        result = self._atom(node)
        results.append(result)
        return result.value

    def _input(self, name: str) -> str:
        return self.show(name, self.values.get(name))

    def _atom(self, atom: Atom) -> AtomResult:
        text = render(atom)
        if isinstance(atom, BoolLit):
            return AtomResult(text, atom.value, {})
        if isinstance(atom, Known):
            return AtomResult(text, atom.name in self.stated, {atom.name: self._input(atom.name)})
        if isinstance(atom, Name):
            value = self.values.get(atom.name)
            return AtomResult(text, None if value is None else bool(value), {atom.name: self._input(atom.name)})
        if isinstance(atom, Member):
            value = self.values.get(atom.operand.name)
            inputs = {atom.operand.name: self._input(atom.operand.name)}
            if value is None:
                return AtomResult(text, None, inputs)
            return AtomResult(text, (value in atom.values) != atom.negated, inputs)
        return self._compare(atom, text)

    def _operand(self, operand: Operand) -> Any:
        if isinstance(operand, Name):
            return self.values.get(operand.name)
        if isinstance(operand, DateLit | StrLit | BoolLit):
            return operand.value
        raise TypeError(f"not an operand: {operand!r}")

    def _compare(self, atom: Compare, text: str) -> AtomResult:
        inputs = {o.name: self._input(o.name) for o in (atom.left, atom.right) if isinstance(o, Name)}
        left, right = self._operand(atom.left), self._operand(atom.right)
        if left is None or right is None:
            return AtomResult(text, None, inputs)
        op = atom.op
        if isinstance(left, Money) and isinstance(right, Money):
            note = None
            if left.currency != right.currency:
                if self.rates is None:
                    left.compare(right)  # raises CurrencyMismatchError
                converted, rate = self.rates.convert(right, left.currency) if self.rates else (right, None)
                if rate is not None:
                    note = f"{right.display(short=True)} = {converted.display(short=True)} at {rate.short()}"
                right = converted
            return AtomResult(text, _ordered(op, left.amount, right.amount), inputs, note)
        if isinstance(left, DateSpan) or isinstance(right, DateSpan):
            if isinstance(right, DateSpan) and not isinstance(left, DateSpan):
                left, right, op = right, left, _FLIP[op]
            if isinstance(right, DateSpan):
                # span against span: decided only when every pair of days agrees
                corners = {_ordered(op, a, b) for a in (left.start, left.end) for b in (right.start, right.end)}
                value = corners.pop() if len(corners) == 1 and op not in ("==", "!=") else None
                return AtomResult(text, value, inputs)
            return AtomResult(text, _span_vs_date(op, left, right), inputs)
        return AtomResult(text, _ordered(op, left, right), inputs)
