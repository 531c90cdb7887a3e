from __future__ import annotations

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.agreement.expressions import (
    And,
    Compare,
    ExpressionError,
    FactType,
    Known,
    Member,
    Name,
    Not,
    Or,
    atoms,
    names,
    parse_condition,
    render,
)
from assistant.agreement.facts import FACT_TYPES
from assistant.agreement.money import Money
from assistant.agreement.rates import reference_rates
from assistant.whatif.engine.conditions import ConditionEvaluator, DateSpan, kleene_and, kleene_not, kleene_or

SCHEMA = {**FACT_TYPES, "agi_reached": FactType("bool"), "threshold": FactType("money")}


def ev(values: dict, stated: set[str] | None = None) -> ConditionEvaluator:
    return ConditionEvaluator(values, set(values) if stated is None else stated, reference_rates(), lambda n, v: str(v))


def test_parses_into_an_ast() -> None:
    node = parse_condition("agi_declared or (known(profit) and profit >= threshold) and not agi_reached", SCHEMA)
    assert isinstance(node, Or)
    assert isinstance(node.operands[1], And)
    assert isinstance(node.operands[1].operands[0], And)
    assert isinstance(node.operands[1].operands[1], Not)
    assert [type(a).__name__ for a in atoms(node)] == ["Name", "Known", "Compare", "Name"]
    assert names(node) == {"agi_declared", "profit", "threshold", "agi_reached"}


@pytest.mark.parametrize(
    "text",
    [
        "event_date > 2030-12-31",
        'workload in ["research", "training"]',
        'workload not in ["api"]',
        'workload == "api" and api_exclusive_to_azure',
        "not (agi_declared or capacity_request)",
        "known(profit) and profit >= threshold",
        "true",
        "capacity_request == false",
    ],
)
def test_render_round_trips(text: str) -> None:
    node = parse_condition(text, {**SCHEMA, "api_exclusive_to_azure": FactType("bool")})
    assert parse_condition(render(node), {**SCHEMA, "api_exclusive_to_azure": FactType("bool")}) == node


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("__import__('os').system('true')", "unexpected"),
        ("profit > 2030-12-31", "cannot compare a money with a date"),
        ('workload == "gpu"', "not a value of workload"),
        ('workload < "api"', "only == and != apply"),
        ("event_date", "not a condition"),
        ("evnt_date > 2030-01-01", "unknown name 'evnt_date'"),
        ("agi_declared and", "expected a name"),
        ("(agi_declared", "expected ')'"),
        ("event_date > 2030-02-30", "not a date that exists"),
        ("", "empty"),
        ("agi_declared; drop", "unexpected character"),
        ("profit.amount > 5", "unexpected character"),
        ("agi_declared < true", "not ordered"),
        ('provider in ["azure", "ibm"]', "not a value of provider"),
        ("known(and)", "keyword"),
    ],
)
def test_rejects_what_is_not_in_the_language(text: str, message: str) -> None:
    with pytest.raises(ExpressionError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_condition(text, SCHEMA)


def test_error_names_the_column() -> None:
    with pytest.raises(ExpressionError) as info:
        parse_condition("agi_declared and nope", SCHEMA)
    assert info.value.column == 17
    assert "column 18" in str(info.value)


@given(st.sampled_from([True, False, None]), st.sampled_from([True, False, None]))
def test_kleene_logic(a: bool | None, b: bool | None) -> None:
    assert kleene_and([a, b]) == kleene_not(kleene_or([kleene_not(a), kleene_not(b)]))
    if a is False or b is False:
        assert kleene_and([a, b]) is False
    if a is True or b is True:
        assert kleene_or([a, b]) is True
    if None in (a, b) and a is not False and b is not False:
        assert kleene_and([a, b]) is None


def test_unknown_facts_make_atoms_unknown_but_not_everything() -> None:
    node = parse_condition("capacity_request and not microsoft_can_meet", SCHEMA)
    value, results = ev({"capacity_request": True, "microsoft_can_meet": None}).evaluate(node)
    assert value is None
    assert [r.value for r in results] == [True, None]
    value, _ = ev({"capacity_request": False, "microsoft_can_meet": None}).evaluate(node)
    assert value is False


def test_known_reads_what_the_scenario_states() -> None:
    node = parse_condition("known(profit)", SCHEMA)
    assert ev({"profit": None}, set()).evaluate(node)[0] is False
    assert ev({"profit": Money(amount=1, currency="USD")}, {"profit"}).evaluate(node)[0] is True


def test_date_spans_compare_as_intervals() -> None:
    node = parse_condition("event_date > 2030-12-31", SCHEMA)
    year = lambda y: DateSpan(datetime.date(y, 1, 1), datetime.date(y, 12, 31))  # noqa: E731
    assert ev({"event_date": year(2030)}).evaluate(node)[0] is False
    assert ev({"event_date": year(2031)}).evaluate(node)[0] is True
    straddle = DateSpan(datetime.date(2030, 6, 1), datetime.date(2031, 6, 1))
    assert ev({"event_date": straddle}).evaluate(node)[0] is None
    equal = parse_condition("event_date == 2030-12-31", SCHEMA)
    assert ev({"event_date": year(2030)}).evaluate(equal)[0] is None
    assert ev({"event_date": year(2029)}).evaluate(equal)[0] is False


def test_money_comparison_converts_with_the_stated_rate_and_says_so() -> None:
    node = parse_condition("profit >= threshold", SCHEMA)
    values = {
        "profit": Money(amount=62_500_000_000, currency="USD"),
        "threshold": Money(amount=100_000_000_000, currency="AUD"),
    }
    value, results = ev(values).evaluate(node)
    assert value is True
    assert results[0].note is not None and "0.625 USD per AUD" in results[0].note


def test_money_comparison_without_a_rate_raises() -> None:
    from assistant.agreement.money import CurrencyMismatchError

    node = parse_condition("profit >= threshold", SCHEMA)
    values = {"profit": Money(amount=1, currency="EUR"), "threshold": Money(amount=1, currency="AUD")}
    with pytest.raises(CurrencyMismatchError):
        ev(values).evaluate(node)
    no_rates = ConditionEvaluator(values, set(values), None, lambda n, v: str(v))
    values2 = {"profit": Money(amount=1, currency="USD"), "threshold": Money(amount=1, currency="AUD")}
    with pytest.raises(CurrencyMismatchError):
        ConditionEvaluator(values2, set(values2), None, lambda n, v: str(v)).evaluate(node)
    del no_rates


def test_membership_and_enum_equality() -> None:
    node = parse_condition('workload in ["research", "training"]', SCHEMA)
    assert isinstance(node, Member)
    assert ev({"workload": "training"}).evaluate(node)[0] is True
    assert ev({"workload": "api"}).evaluate(node)[0] is False
    assert ev({"workload": None}).evaluate(node)[0] is None
    eq = parse_condition('"api" == workload', SCHEMA)
    assert isinstance(eq, Compare) and ev({"workload": "api"}).evaluate(eq)[0] is True
    assert isinstance(parse_condition("known(workload)", SCHEMA), Known)
    assert isinstance(parse_condition("agi_reached", SCHEMA), Name)
