"""Is a question about the agreement at all? A calibrated decision, separate from how good the evidence is.

Everything in this app is about the Microsoft–OpenAI agreement, so a question is declined for scope only
when it is about something else: another company's deal, general knowledge, nonsense, a name the
documents never mention. The decision weighs signals of a question read once
(:class:`~assistant.question.model.Question`) and of the evidence retrieval found for it, in a logistic
model whose weights are data (``assistant/data/scope_model.yaml``, fitted by ``evals/tune_scope.py`` on
the tuning half of the eval suites). Its output is the probability that the question is in scope; the
decision is that probability against one half, and its confidence the probability of the side taken.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Collection, Iterable
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from assistant.agreement.facts import PROVIDER_WORDS
from assistant.answering.unknown_names import in_vocabulary, unknown_names
from assistant.question.model import Question
from assistant.question.scope_words import ScopeWords, scope_words
from assistant.yaml_source import read_data_file

MODEL_FILE = Path(__file__).resolve().parent.parent / "data" / "scope_model.yaml"


@dataclass(frozen=True)
class ScopeSignals:
    """What the scope decision weighs (each a number; yes/no signals are 0 or 1).

    Attributes:
        support: The best sentence's score (cosine plus weighted word overlap) for the question.
        overlap: The share of the question's content words that the best sentence holds.
        content_overlap: The share of the question's words other than names that the best three sentences hold.
        party: It names Microsoft or OpenAI.
        implied: It refers to the agreement or the article without naming them ("the deal", "this piece").
        unknown_names: Names it uses that the documents never mention (catalogued ones and capitalised words).
        other_names: Names it uses that the documents mention, other than the two parties (SoftBank, Oracle…).
        terms: How many groups of the agreement's subject matter it touches (capped at 3).
        other_subjects: How many groups of subjects the documents do not cover it touches.
        known_share: The share of its content words the documents use.
        length: Its number of content words, over 10 (capped at 1).
    """

    support: float
    overlap: float
    content_overlap: float
    party: float
    implied: float
    unknown_names: float
    other_names: float
    terms: float
    other_subjects: float
    known_share: float
    length: float

    def values(self) -> dict[str, float]:
        """The signals by name."""
        return asdict(self)


SIGNALS: tuple[str, ...] = tuple(ScopeSignals.__dataclass_fields__)
#: The direction each signal may push, by what it means: evidence, naming a party and the agreement's
#: terms can only make a question more likely in scope; unknown names and other subjects only less
#: (0: either). A fit that gives one the other sign has learnt the suites' quirks (the near-scope traps
#: all name Microsoft or OpenAI), not the app's scope: evals/tune_scope.py holds such a weight at zero.
SIGNAL_DIRECTIONS: dict[str, int] = {
    "support": 1,
    "overlap": 1,
    "content_overlap": 1,
    "party": 1,
    "implied": 1,
    "unknown_names": -1,
    "other_names": -1,
    "terms": 1,
    "other_subjects": -1,
    "known_share": 1,
    "length": 0,
}


class Platt(BaseModel):
    """A recalibration of raw confidences: ``sigmoid(slope * logit(raw) + intercept)``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    slope: float = 1.0
    intercept: float = 0.0

    def __call__(self, raw: float) -> float:
        """The calibrated probability for ``raw``."""
        raw = min(max(raw, 1e-6), 1 - 1e-6)
        return _sigmoid(self.slope * math.log(raw / (1 - raw)) + self.intercept)


class Calibration(BaseModel):
    """How raw confidences map to the probability that the decision is right, per decision.

    Attributes:
        answer: For plain answers (scope probability times the evidence's).
        decline: For declines (one minus the scope probability).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    answer: Platt = Field(default_factory=Platt)
    decline: Platt = Field(default_factory=Platt)


class ScopeModel(BaseModel):
    """The fitted weights, and the calibration of the confidences they lead to.

    Attributes:
        weights: One per signal (see :class:`ScopeSignals`).
        bias: The intercept.
        calibration: Raw confidence to the probability that the decision is right (identity when absent).
        fitted_on: How it was fitted, for people.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    weights: dict[str, float]
    bias: float
    calibration: Calibration = Field(default_factory=Calibration)
    fitted_on: str = Field(default="")

    @model_validator(mode="after")
    def _every_signal(self) -> ScopeModel:
        missing = sorted(set(SIGNALS) - set(self.weights))
        extra = sorted(set(self.weights) - set(SIGNALS))
        if missing or extra:
            raise ValueError(
                f"weights must name exactly the signals {list(SIGNALS)}: missing {missing}, unknown {extra}"
            )
        return self

    def probability(self, signals: ScopeSignals) -> float:
        """The probability that a question with these signals is in scope."""
        return _sigmoid(self.bias + sum(self.weights[name] * value for name, value in signals.values().items()))


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


@dataclass(frozen=True)
class ScopeDecision:
    """Whether a question is in scope, and how sure that is.

    Attributes:
        in_scope: The decision.
        probability: The probability that the question is in scope.
        signals: What was weighed.
    """

    in_scope: bool
    probability: float
    signals: ScopeSignals

    @property
    def confidence(self) -> float:
        """The probability that the decision is right."""
        return self.probability if self.in_scope else 1.0 - self.probability


def load_scope_model(path: Path = MODEL_FILE) -> ScopeModel:
    """Read and validate the fitted weights.

    Raises:
        DataFileError: Naming the file, the line and the field of each problem.
    """
    return read_data_file(path, ScopeModel)[1]


@lru_cache(maxsize=1)
def scope_model() -> ScopeModel:
    """The bundled weights, read once."""
    return load_scope_model()


def signals(
    question: Question,
    support: float,
    overlap: float,
    covered: Iterable[str],
    *,
    tokens: Callable[[str], list[str]],
    vocabulary: Collection[str],
    words: ScopeWords | None = None,
) -> ScopeSignals:
    """The signals of one question and the evidence found for it.

    Args:
        question: The question, read.
        support: The best sentence's score.
        overlap: The share of the question's content words the best sentence holds.
        covered: The stemmed tokens of the best few sentences.
        tokens: The index's tokenizer (stemmed content tokens).
        vocabulary: The stemmed tokens the documents use.
        words: The scope word lists; the bundled ones by default.
    """
    words = words or scope_words()
    read = question.read
    content = set(tokens(read))
    named = {t for thing in question.names for t in tokens(thing.written)}
    plain = content - named
    covered_set = set(covered)
    catalogued = {thing.written.lower() for thing in question.names}
    capitalised = [
        n for n in unknown_names(read, in_vocabulary(vocabulary)) if n.lower() not in catalogued | PROVIDER_WORDS
    ]
    return ScopeSignals(
        support=support,
        overlap=overlap,
        content_overlap=len(plain & covered_set) / len(plain) if plain else 0.0,
        party=float(question.names_a_party),
        implied=float(question.implied_subject),
        unknown_names=float(len(question.unknown_names) + len(capitalised)),
        other_names=float(sum(1 for n in question.names if n.known and not n.party)),
        terms=float(min(3, words.agreement_terms(read))),
        other_subjects=float(words.other_subjects(read)),
        known_share=sum(1 for t in content if t in vocabulary) / len(content) if content else 0.0,
        length=min(1.0, len(content) / 10),
    )


#: The least probability a question that refers to the agreement without naming it gets: in this app
#: "the deal", "the contract" and "this piece" can only mean the agreement or the article about it.
IMPLIED_SUBJECT_FLOOR = 0.8


def decide(
    signals_: ScopeSignals, model: ScopeModel | None = None, *, followup: bool = False, asks_who: bool = False
) -> ScopeDecision:
    """The scope decision for these signals.

    A question that refers to the agreement or the article without naming them ("how long does the
    deal last?", "who wrote this piece?"), and names nothing the documents never mention, is in scope
    whatever the evidence: the decision for it is how well the documents answer it. So is a follow-up
    in a conversation ("what about aws?"), which continues a subject already found in scope, and a
    question asking only who or what something the documents name is ("whats mgx?", ``asks_who``).
    """
    probability = (model or scope_model()).probability(signals_)
    elsewhere = signals_.unknown_names or signals_.other_subjects
    in_conversation = followup and not elsewhere
    on_subject = (
        signals_.implied or asks_who or (signals_.terms and not signals_.other_names and not signals_.party)
    )
    if in_conversation or (not elsewhere and on_subject):
        probability = max(probability, IMPLIED_SUBJECT_FLOOR)
    return ScopeDecision(probability >= 0.5, probability, signals_)
