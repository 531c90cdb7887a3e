from __future__ import annotations

from assistant.answering.unknown_names import in_vocabulary, unknown_names


def test_capitalised_names_the_sources_do_not_know_not_the_first_word() -> None:
    known = in_vocabulary({"microsoft", "openai"})
    assert unknown_names("Does Microsoft owe Anthropic or CoreWeave anything?", known) == ["Anthropic", "CoreWeave"]
    assert unknown_names("Anthropic and OpenAI?", known) == []  # the first word is not a name


def test_what_counts_as_known_is_the_callers() -> None:
    words = {"oracle"}
    assert unknown_names("What changed for Oracle and Nebius?", lambda name: name.lower() in words) == ["Nebius"]


def test_currency_codes_months_and_i_are_not_names() -> None:
    known = in_vocabulary({"microsoft", "openai"})
    assert unknown_names("is it $100bn in AUD or USD?", known) == []
    assert unknown_names("so I read that in Jan the CMA looked at it", known) == ["CMA"]
