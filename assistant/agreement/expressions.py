"""A small, safe condition language for clauses, parsed into an AST (never ``eval``).

Grammar::

    expr     := or
    or       := and ("or" and)*
    and      := not ("and" not)*
    not      := "not" not | atom
    atom     := "(" expr ")" | "true" | "false" | "known" "(" NAME ")"
              | operand ("==" | "!=" | "<" | "<=" | ">" | ">=") operand
              | NAME ["not"] "in" "[" STRING ("," STRING)* "]"
              | NAME                              (a boolean fact or outcome)
    operand  := NAME | DATE (YYYY-MM-DD) | STRING ("..." or '...') | "true" | "false"

Names are checked against a typed schema: facts, outcomes and parameters. Dates compare
with dates, money with money, enumerations with their own values only.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Union


@dataclass(frozen=True)
class FactType:
    """The type of a name in conditions.

    Attributes:
        kind: ``bool``, ``date``, ``money`` or ``enum``.
        values: The allowed values of an ``enum``.
    """

    kind: str
    values: tuple[str, ...] = ()


class ExpressionError(ValueError):
    """A condition that does not parse or type-check; names the position and the problem."""

    def __init__(self, message: str, column: int | None = None) -> None:
        self.column = column
        super().__init__(f"{message} (at column {column + 1})" if column is not None else message)


@dataclass(frozen=True)
class Name:
    """A fact, outcome or parameter."""

    name: str
    type: FactType


@dataclass(frozen=True)
class DateLit:
    """A date constant."""

    value: datetime.date


@dataclass(frozen=True)
class StrLit:
    """A string constant (an enumeration value)."""

    value: str


@dataclass(frozen=True)
class BoolLit:
    """``true`` or ``false``."""

    value: bool


@dataclass(frozen=True)
class Compare:
    """``left op right``."""

    op: str
    left: Operand
    right: Operand


@dataclass(frozen=True)
class Member:
    """``name in [..]`` or ``name not in [..]``."""

    operand: Name
    values: tuple[str, ...]
    negated: bool = False


@dataclass(frozen=True)
class Known:
    """``known(name)``: whether the scenario states the fact."""

    name: str


@dataclass(frozen=True)
class Not:
    """Negation."""

    operand: Node


@dataclass(frozen=True)
class And:
    """Conjunction of two or more conditions."""

    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    """Disjunction of two or more conditions."""

    operands: tuple[Node, ...]


Operand = Union[Name, DateLit, StrLit, BoolLit]  # noqa: UP007 (a runtime alias)
Atom = Union[Name, BoolLit, Compare, Member, Known]  # noqa: UP007
Node = Union[Atom, Not, And, Or]  # noqa: UP007

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
    |(?P<date>\d{4}-\d{2}-\d{2})
    |(?P<string>"[^"\\]*"|'[^'\\]*')
    |(?P<op>==|!=|<=|>=|<|>)
    |(?P<punct>[()\[\],])
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*)
    """,
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "true", "false", "known"}
_ORDERED = {"date", "money"}


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise ExpressionError(f"unexpected character {text[position]!r}", position)
        kind = match.lastgroup or ""
        if kind != "space":
            out.append(_Token(kind, match.group(0), position))
        position = match.end()
    out.append(_Token("end", "", len(text)))
    return out


class _Parser:
    def __init__(self, text: str, schema: Mapping[str, FactType]) -> None:
        self.text = text
        self.schema = schema
        self.tokens = _tokens(text)
        self.index = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.index]

    def take(self, text: str | None = None, kind: str | None = None) -> _Token:
        token = self.token
        if (text is not None and token.text != text) or (kind is not None and token.kind != kind):
            wanted = repr(text) if text is not None else kind
            found = repr(token.text) if token.kind != "end" else "the end"
            raise ExpressionError(f"expected {wanted}, found {found}", token.column)
        self.index += 1
        return token

    def at(self, text: str) -> bool:
        return self.token.text == text and self.token.kind in ("word", "op", "punct")

    def parse(self) -> Node:
        if self.token.kind == "end":
            raise ExpressionError("the condition is empty", 0)
        node = self.parse_or()
        if self.token.kind != "end":
            raise ExpressionError(f"unexpected {self.token.text!r}", self.token.column)
        return node

    def parse_or(self) -> Node:
        items = [self.parse_and()]
        while self.at("or"):
            self.take("or")
            items.append(self.parse_and())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def parse_and(self) -> Node:
        items = [self.parse_not()]
        while self.at("and"):
            self.take("and")
            items.append(self.parse_not())
        return items[0] if len(items) == 1 else And(tuple(items))

    def parse_not(self) -> Node:
        if self.at("not"):
            self.take("not")
            return Not(self.parse_not())
        return self.parse_atom()

    def name(self, token: _Token) -> Name:
        if token.text in _KEYWORDS:
            raise ExpressionError(f"{token.text!r} is a keyword, not a name", token.column)
        found = self.schema.get(token.text)
        if found is None:
            known = ", ".join(sorted(self.schema))
            raise ExpressionError(f"unknown name {token.text!r} (known: {known})", token.column)
        return Name(token.text, found)

    def operand(self) -> Operand:
        token = self.token
        if token.kind == "date":
            self.index += 1
            try:
                return DateLit(datetime.date.fromisoformat(token.text))
            except ValueError as exc:
                raise ExpressionError(f"{token.text} is not a date that exists", token.column) from exc
        if token.kind == "string":
            self.index += 1
            return StrLit(token.text[1:-1])
        if token.kind == "word" and token.text in ("true", "false"):
            self.index += 1
            return BoolLit(token.text == "true")
        if token.kind == "word":
            self.index += 1
            return self.name(token)
        found = repr(token.text) if token.kind != "end" else "the end"
        raise ExpressionError(f"expected a name or a constant, found {found}", token.column)

    def parse_atom(self) -> Node:
        token = self.token
        if self.at("("):
            self.take("(")
            inner = self.parse_or()
            self.take(")")
            return inner
        if self.at("known"):
            self.take("known")
            self.take("(")
            target = self.name(self.take(kind="word"))
            self.take(")")
            return Known(target.name)
        left = self.operand()
        if self.token.kind == "op":
            op = self.take(kind="op").text
            right_token = self.token
            right = self.operand()
            return _check_compare(op, left, right, token.column, right_token.column)
        if self.at("in") or (self.at("not") and self.tokens[self.index + 1].text == "in"):
            negated = self.at("not")
            if negated:
                self.take("not")
            self.take("in")
            return self.member(left, negated, token.column)
        if isinstance(left, BoolLit):
            return left
        if isinstance(left, Name):
            if left.type.kind != "bool":
                raise ExpressionError(
                    f"{left.name!r} is a {left.type.kind}, not a condition; compare it with something",
                    token.column,
                )
            return left
        raise ExpressionError("a constant alone is not a condition", token.column)

    def member(self, left: Operand, negated: bool, column: int) -> Member:
        if not isinstance(left, Name) or left.type.kind != "enum":
            raise ExpressionError("only an enumeration fact can be tested with 'in'", column)
        self.take("[")
        values: list[str] = []
        while True:
            token = self.take(kind="string")
            value = token.text[1:-1]
            if value not in left.type.values:
                raise ExpressionError(
                    f"{value!r} is not a value of {left.name} ({', '.join(left.type.values)})", token.column
                )
            values.append(value)
            if self.at("]"):
                self.take("]")
                break
            self.take(",")
        return Member(left, tuple(values), negated)


def _type_of(operand: Operand) -> str:
    if isinstance(operand, Name):
        return operand.type.kind
    if isinstance(operand, DateLit):
        return "date"
    if isinstance(operand, StrLit):
        return "string"
    return "bool"


def _check_compare(op: str, left: Operand, right: Operand, column: int, right_column: int) -> Compare:
    left_kind, right_kind = _type_of(left), _type_of(right)
    if not isinstance(left, Name) and not isinstance(right, Name):
        raise ExpressionError("a comparison needs at least one name", column)
    enum_side = next((o for o in (left, right) if isinstance(o, Name) and o.type.kind == "enum"), None)
    if enum_side is not None:
        other = right if enum_side is left else left
        if op not in ("==", "!="):
            raise ExpressionError(f"{enum_side.name} is an enumeration; only == and != apply", column)
        if isinstance(other, StrLit):
            if other.value not in enum_side.type.values:
                allowed = ", ".join(enum_side.type.values)
                raise ExpressionError(f"{other.value!r} is not a value of {enum_side.name} ({allowed})", right_column)
            return Compare(op, left, right)
        if isinstance(other, Name) and other.type == enum_side.type:
            return Compare(op, left, right)
        raise ExpressionError(f"cannot compare {enum_side.name} with a {_type_of(other)}", column)
    if left_kind != right_kind:
        raise ExpressionError(f"cannot compare a {left_kind} with a {right_kind}", column)
    if left_kind == "bool" and op not in ("==", "!="):
        raise ExpressionError("true and false are not ordered; use == or !=", column)
    if left_kind not in _ORDERED | {"bool"}:
        raise ExpressionError(f"cannot compare values of type {left_kind}", column)
    return Compare(op, left, right)


def parse_condition(text: str, schema: Mapping[str, FactType]) -> Node:
    """Parse and type-check a condition.

    Args:
        text: The condition as written in the clause sheet.
        schema: The type of every name the condition may use.

    Returns:
        The condition's AST.

    Raises:
        ExpressionError: Naming the column and the problem.
    """
    return _Parser(text, schema).parse()


def render(node: Node | Operand) -> str:
    """Write an AST back as condition text (fully parenthesised where needed)."""
    if isinstance(node, Name):
        return node.name
    if isinstance(node, DateLit):
        return node.value.isoformat()
    if isinstance(node, StrLit):
        return f'"{node.value}"'
    if isinstance(node, BoolLit):
        return "true" if node.value else "false"
    if isinstance(node, Compare):
        return f"{render(node.left)} {node.op} {render(node.right)}"
    if isinstance(node, Member):
        values = ", ".join(f'"{v}"' for v in node.values)
        return f"{node.operand.name} {'not in' if node.negated else 'in'} [{values}]"
    if isinstance(node, Known):
        return f"known({node.name})"
    if isinstance(node, Not):
        inner = render(node.operand)
        return f"not ({inner})" if isinstance(node.operand, And | Or) else f"not {inner}"
    joiner = " and " if isinstance(node, And) else " or "
    parts = [f"({render(o)})" if isinstance(o, And | Or) else render(o) for o in node.operands]
    return joiner.join(parts)


def atoms(node: Node) -> Iterator[Atom]:
    """The atoms of a condition, left to right."""
    if isinstance(node, Not):
        yield from atoms(node.operand)
    elif isinstance(node, And | Or):
        for operand in node.operands:
            yield from atoms(operand)
    else:
        yield node


def names(node: Node) -> set[str]:
    """Every name a condition refers to."""
    out: set[str] = set()
    for atom in atoms(node):
        if isinstance(atom, Name):
            out.add(atom.name)
        elif isinstance(atom, Known):
            out.add(atom.name)
        elif isinstance(atom, Member):
            out.add(atom.operand.name)
        elif isinstance(atom, Compare):
            out.update(o.name for o in (atom.left, atom.right) if isinstance(o, Name))
    return out
