from __future__ import annotations

import pytest

from assistant.answering.payments import payment, reversed_payment, same_payment


@pytest.mark.parametrize(
    ("text", "direction"),
    [
        ("does Microsoft still pay OpenAI for anything", ("Microsoft", "OpenAI")),
        ("the revenue share that OpenAI pays Microsoft is about 20%", ("OpenAI", "Microsoft")),
        (
            "Under the Microsoft-OpenAI amendment of 27 April 2026, Microsoft stops paying a revenue share to OpenAI.",
            ("Microsoft", "OpenAI"),
        ),
        ("is Microsoft paid by OpenAI", ("OpenAI", "Microsoft")),
        ("who pays whom in the revenue share", None),
        ("does Microsoft get paid if OpenAI goes public", None),  # paid by no one named
        ("revenue-share payments are paid out over a longer period", None),
    ],
)
def test_the_payer_is_named_before_paying_and_the_payee_after(text: str, direction: tuple[str, str] | None) -> None:
    assert payment(text) == direction


def test_a_sentence_paying_the_other_way_round_is_reversed() -> None:
    question = "does Microsoft still pay OpenAI for anything"
    assert reversed_payment(question, "OpenAI keeps paying Microsoft the same revenue-share percentage until 2030")
    assert same_payment(question, "Microsoft stops paying a revenue share to OpenAI")
    assert not reversed_payment("who pays whom", "OpenAI keeps paying Microsoft")
