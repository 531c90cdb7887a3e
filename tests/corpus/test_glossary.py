from __future__ import annotations

import pytest

from assistant.corpus.glossary import GlossaryError, expand, load_glossary


def test_acronym_gains_its_long_form_and_back() -> None:
    assert "artificial general intelligence" in expand("Who decides when AGI is reached?")
    assert "AGI" in expand("Who decides when artificial general intelligence is reached?")
    assert "right of first refusal" in expand("Who has the ROFR?")


def test_text_without_terms_is_unchanged_and_matching_is_whole_word() -> None:
    assert expand("What is the weather today?") == "What is the weather today?"
    assert "intellectual property" not in expand("rapid tipping")  # 'ip' inside words does not count


def test_the_original_text_is_kept_as_a_prefix() -> None:
    question = "Is the API exclusive?"
    assert expand(question).startswith(question)


def test_bad_glossary_names_the_file_and_entry() -> None:
    with pytest.raises(GlossaryError, match=r"glossary\.yaml: terms\[1\] field 'short'"):
        load_glossary("terms:\n  - short: AGI\n  - long: [x]\n")


def test_verified_and_verification_meet_in_one_word() -> None:
    from assistant.corpus.glossary import expand
    from assistant.index.lexical import tokenize

    # The stemmer gives verif- and verifi-; the glossary brings each form to the other's text.
    asked, stated = set(tokenize(expand("agi verification"))), set(tokenize(expand("must be verified by a panel")))
    assert {"verif", "verifi"} <= asked & stated


def test_the_american_license_meets_the_documents_british_licence() -> None:
    from assistant.index.lexical import tokenize

    asked, stated = set(tokenize(expand("is the ip license exclusive"))), set(tokenize(expand("Microsoft's licence")))
    assert asked & stated - set(tokenize("is the ip exclusive microsoft's"))


def test_what_is_excluded_meets_what_the_documents_say_is_outside() -> None:
    from assistant.index.lexical import tokenize

    asked = set(tokenize(expand("what's excluded from microsoft's ip rights")))
    stated = set(tokenize(expand("OpenAI's consumer hardware is outside Microsoft's IP rights.")))
    assert {"exclud", "outsid"} <= asked & stated
