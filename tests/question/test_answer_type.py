from __future__ import annotations

import pytest

from assistant.question.answer_type import answer_type


@pytest.mark.parametrize(
    ("question", "wanted"),
    [
        ("when does the partnership end", "date"),
        ("does the agreement have a termination date", "date"),
        ("stargate money?", "amount"),
        ("azure commitment size", "amount"),
        ("what is the revenue share now?", "amount"),
        ("stargate partners list", "names"),
        ("so oai is one now?", "yes_no"),
        ("how long does the deal last?", "date"),
        ("Microsoft ip rights until when", "date"),
        ("expiry date of the agreement?", "date"),
        ("how much is softbank putting in", "amount"),
        ("what's Microsoft's stake worth", "amount"),
        ("27%?", "amount"),
        ("What portion of OpenAI does Microsoft own?", "amount"),
        ("where is the first stargate site", "place"),
        ("who's in stargate", "names"),
        ("which tech partners are in stargate", "names"),
        ("what is the agi clause", "definition"),
        ("whats the revenue share", "amount"),
        ("what's the azure commitment", "amount"),
        ("sorry what's ROFR?", "definition"),
        ("what does exclusive mean in this deal", "definition"),
        # what a right leaves out is not what a word means
        ("what's excluded from microsoft's ip rights", "other"),
        ("what is not covered by the licence", "other"),
        ("is the openai api still azure exclusive", "yes_no"),
        ("Microsoft still exclusive?", "yes_no"),
        ("oracle deal allowed?", "yes_no"),
        ("is there an end date", "date"),
        ("does the deal ever end or is it forever", "date"),
        ("is there a cap on the revenue share?", "amount"),
        ("is there anything about oracle?", "yes_no"),
        ("did ms get anything for giving up exclusivity", "other"),
        ("is it $100bn in AUD or USD", "other"),
        ("is the revenue share 20 or 25 percent", "other"),
        ("is the agi clause still alive or not?", "yes_no"),
        ("does microsoft receive something in return for the ip", "other"),
        ("what happened in October 2025?", "other"),
        ("what happens to Microsoft when agi arrives", "other"),
        ("contract length?", "date"),
        ("stargate announced when exactly", "date"),
        ("$250bn azure commitment over how many yrs", "date"),
        ("the amendment was signed when?", "date"),
        ("duration of the deal", "date"),
        ("term of the agreement?", "date"),
        ("how many years left on the contract", "date"),
        ("how many partners does stargate have", "amount"),
        # the place asked for in a word
        ("what's stargate's first site", "place"),
        ("stargate locations?", "place"),
        ("stargate is in which country", "place"),
        # "what is X about?" asks what it says, not what X is
        ("what's the article about", "other"),
    ],
)
def test_the_answer_a_question_wants(question: str, wanted: str) -> None:
    assert answer_type(question) == wanted
