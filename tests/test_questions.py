from __future__ import annotations

import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from assistant.questions import check_question


@pytest.mark.parametrize("raw", ["", "   \n\t ", None, 42, b""])
def test_empty_or_non_text_gets_a_message(raw: object) -> None:
    checked = check_question(raw, max_chars=2000)
    assert checked.problem and "question" in checked.problem


def test_too_long_is_refused_quickly_with_its_length() -> None:
    started = time.perf_counter()
    checked = check_question("a" * 100_000, max_chars=2000)
    assert time.perf_counter() - started < 0.5
    assert checked.problem and "100,000" in checked.problem


def test_control_characters_and_lone_surrogates_are_removed() -> None:
    checked = check_question("Who\x00 has\x1b the ROFR?\ud800", max_chars=2000)
    assert checked.problem is None
    assert checked.text == "Who has the ROFR??"


@pytest.mark.parametrize("raw", ["🙂🙂🙂", "12345 !!!", "\x00\x01\x02"])
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
