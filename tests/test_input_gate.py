from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.input_gate import Limits, check_history, check_question, check_request, check_terms
from assistant.user_text import echo


@pytest.mark.parametrize("raw", ["", "   \n\t ", None, 42, b""])
def test_empty_or_non_text_gets_a_message(raw: object) -> None:
    checked = check_question(raw, max_chars=2000)
    assert checked.problem and "question" in checked.problem


def test_too_long_is_refused_quickly_with_its_length() -> None:
    started = time.perf_counter()
    checked = check_question("a" * 100_000, max_chars=2000)
    assert time.perf_counter() - started < 2.0  # milliseconds; a pattern that blew up on it would take minutes
    assert checked.problem and "100,000" in checked.problem


def test_control_characters_and_lone_surrogates_are_removed() -> None:
    checked = check_question("Who\x00 has\x1b the ROFR?\ud800", max_chars=2000)
    assert checked.problem is None
    assert checked.text == "Who has the ROFR??"


@pytest.mark.parametrize("raw", ["🙂🙂🙂", "!!! ???", "\x00\x01\x02"])
def test_no_words_gets_a_message(raw: str) -> None:
    assert check_question(raw, max_chars=2000).problem


def test_other_scripts_get_a_notice_not_a_refusal() -> None:
    checked = check_question("微软和OpenAI的协议是什么?", max_chars=2000)
    assert checked.problem is None and checked.notices


@given(st.text(max_size=3000))
def test_never_raises_and_text_is_clean(raw: str) -> None:
    checked = check_question(raw, max_chars=2000)
    assert len(checked.text) <= 2000
    assert not any(ord(ch) < 32 for ch in checked.text)
    checked.text.encode("utf-8")


# ----------------------------------------------------------------------------- history, terms, echo

LIMITS = Limits(question_chars=100, history_turns=3, answer_chars=50, history_chars=400)


def test_history_keeps_the_most_recent_turns_within_the_limits() -> None:
    turns = [(f"Question {n}?", f"Answer {n}.") for n in range(10)]
    kept, notices = check_history(turns, LIMITS)
    assert kept == turns[-3:]
    assert notices and "7 earlier turn(s)" in notices[0]


def test_history_cuts_long_answers_and_drops_unusable_turns() -> None:
    history = [
        ("What is Stargate?\ud800", "x" * 500),
        ("1" * 4000 + ".1.1", ""),
        ("", "an answer to nothing"),
        ("only one part",),
        42,
        ("Who funds it?", None),
    ]
    kept, notices = check_history(history, LIMITS)
    assert kept == [("What is Stargate??", "x" * 50), ("Who funds it?", "")]
    assert "4 earlier turn(s)" in notices[0]
    for question, answer in kept:
        (question + answer).encode("utf-8")  # no lone surrogates left


def test_history_in_all_is_bounded() -> None:
    turns = [("Q" * 90 + "?", "A" * 50)] * 3
    kept, _ = check_history(turns, Limits(question_chars=100, history_turns=20, answer_chars=50, history_chars=300))
    assert len(kept) == 2  # 141 characters each: a third would pass 300


class CountedHistory(list):  # type: ignore[type-arg]
    """A history that counts the turns read from it, however they are read."""

    read = 0

    def __iter__(self):  # type: ignore[no-untyped-def]
        for turn in super().__iter__():
            self.read += 1
            yield turn

    def __reversed__(self):  # type: ignore[no-untyped-def]
        for turn in super().__reversed__():
            self.read += 1
            yield turn

    def __getitem__(self, index):  # type: ignore[no-untyped-def]
        got = super().__getitem__(index)
        self.read += len(got) if isinstance(index, slice) else 1
        return got


def test_a_huge_history_is_not_read_whole() -> None:
    history = CountedHistory([("What is Stargate?", "An answer.")] * 1_000_000)
    kept, notices = check_history(history, LIMITS)
    assert len(kept) == 3 and notices
    assert history.read <= 2 * LIMITS.history_turns  # the latest turns only, not a million


@pytest.mark.parametrize("history", [None, "What is Stargate?", 42, {"q": "a"}])
def test_history_of_another_type_is_ignored(history: object) -> None:
    assert check_history(history, LIMITS) == ([], [])


@pytest.mark.parametrize(
    ("terms", "expected"),
    [(None, None), ("", None), ("  ", None), ("2025-10", "2025-10"), (" 2026-03-01 ", "2026-03-01")],
)
def test_known_terms_pass(terms: object, expected: str | None) -> None:
    assert check_terms(terms) == (expected, None)


@pytest.mark.parametrize(
    ("terms", "shown"),
    [
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("<b>" * 1000, "&lt;b&gt;&lt;b&gt;"),
        (2026, "not int"),
        ("2025-13-45", "2025-13-45"),
    ],
)
def test_unknown_terms_are_echoed_escaped_and_cut(terms: object, shown: str) -> None:
    value, problem = check_terms(terms)
    assert value is None and problem is not None
    assert shown in problem
    assert "<" not in problem and len(problem) < 300


def test_echo_cuts_and_escapes() -> None:
    assert echo("a" * 100, 10) == "a" * 9 + "…"
    assert echo("<script>&") == "&lt;script&gt;&amp;"
    assert echo("x\x00\ud800y") == "x ?y"


def test_a_request_with_a_bad_part_gets_one_message() -> None:
    assert check_request("", [], None, LIMITS).problem
    assert check_request("What is Stargate?", [], "bogus", LIMITS).problem
    request = check_request("What is Stargate?", [("Who funds it?", "SoftBank.")], "2025-10", LIMITS)
    assert request.problem is None
    assert request.question == "What is Stargate?" and request.terms == "2025-10"
    assert request.history == [("Who funds it?", "SoftBank.")]


@pytest.mark.parametrize("raw", ["27%?", "2032?", "$500bn?"])
def test_a_bare_number_is_a_question(raw: str) -> None:
    checked = check_question(raw, max_chars=2000)
    assert checked.problem is None and checked.text == raw
