from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest

from assistant.answering.scope import (
    SIGNALS,
    Platt,
    ScopeModel,
    ScopeSignals,
    decide,
    load_scope_model,
    scope_model,
    signals,
)
from assistant.question.reader import QuestionReader
from assistant.yaml_source import DataFileError

VOCABULARY = {"microsoft", "openai", "deal", "azur", "exclus", "stargat", "softbank"}


def neutral(**values: float) -> ScopeSignals:
    base = dict.fromkeys(SIGNALS, 0.0)
    return ScopeSignals(**{**base, **values})


def test_the_bundled_model_names_every_signal_and_is_calibrated() -> None:
    model = scope_model()
    assert set(model.weights) == set(SIGNALS)
    assert model.calibration.answer(0.5) != 0.5 or model.calibration.decline(0.5) != 0.5


def test_strong_evidence_on_the_parties_is_in_scope_and_a_name_the_documents_never_use_is_not() -> None:
    strong = neutral(support=1.0, overlap=0.8, content_overlap=0.8, party=1, terms=2, known_share=1, length=0.6)
    assert decide(strong).in_scope
    elsewhere = neutral(support=0.5, overlap=0.2, unknown_names=2, known_share=0.3, length=0.4)
    assert not decide(elsewhere).in_scope
    assert decide(elsewhere).confidence == pytest.approx(1 - decide(elsewhere).probability)


def test_the_deal_and_the_agreement_s_own_terms_are_in_scope_whatever_the_evidence() -> None:
    assert decide(neutral(implied=1)).in_scope  # "how long does the deal last?"
    assert decide(neutral(terms=1)).in_scope  # "is there an end date"
    assert not decide(neutral(implied=1, unknown_names=1, support=0.2)).in_scope  # "the terms of the AMD deal"
    assert decide(neutral(), followup=True).in_scope  # "what about aws?" in a conversation
    assert not decide(neutral(other_subjects=1), followup=True).in_scope


def test_signals_of_a_read_question() -> None:
    reader = QuestionReader(lambda word: word.lower() not in {"anthropic"})
    question = reader.read("anthropic amazon deal how much", [], today=dt.date(2026, 12, 2))
    found = signals(question, 0.4, 0.2, {"deal"}, tokens=lambda t: t.lower().split(), vocabulary=VOCABULARY)
    assert found.unknown_names == 1 and found.other_names == 1 and found.party == 0
    assert found.terms == 1 and found.content_overlap > 0


def test_platt_maps_the_logit() -> None:
    assert Platt()(0.7) == pytest.approx(0.7)
    assert Platt(slope=2.0)(0.5) == pytest.approx(0.5)
    assert Platt(slope=1.0, intercept=10.0)(0.5) > 0.99


def test_a_model_file_that_misses_a_signal_is_refused_naming_it(tmp_path: Path) -> None:
    bad = tmp_path / "scope_model.yaml"
    bad.write_text("weights: {support: 1.0}\nbias: 0.0\n")
    with pytest.raises(DataFileError, match=r"scope_model.yaml.*missing"):
        load_scope_model(bad)
    assert isinstance(load_scope_model(), ScopeModel)


def test_every_signal_has_a_direction_and_the_bundled_weights_follow_it() -> None:
    from assistant.answering.scope import SIGNAL_DIRECTIONS, SIGNALS, scope_model

    assert set(SIGNAL_DIRECTIONS) == set(SIGNALS)
    weights = scope_model().weights
    wrong = {name: weights[name] for name, sign in SIGNAL_DIRECTIONS.items() if sign * weights[name] < 0}
    assert not wrong, f"scope_model.yaml: weights against their signals' meaning {wrong}; refit (evals/tune_scope.py)"


def test_asking_only_who_or_what_something_the_documents_name_is_in_scope() -> None:
    # a known name other than the parties, and nothing else: the fitted model alone would decline it
    alone = ScopeSignals(
        support=0.6, overlap=0.5, content_overlap=0.0, party=0.0, implied=0.0, unknown_names=0.0,
        other_names=1.0, terms=0.0, other_subjects=0.0, known_share=0.5, length=0.2,
    )  # fmt: skip
    assert not decide(alone).in_scope
    assert decide(alone, asks_who=True).in_scope
    # unless it names something the documents never do, or another subject
    assert not decide(replace(alone, unknown_names=1.0), asks_who=True).in_scope
