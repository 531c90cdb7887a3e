from __future__ import annotations

from assistant.answering.caveat_lines import answer_markers


def test_change_lines_are_not_part_of_the_answer_s_own_markers() -> None:
    text = (
        "Microsoft holds a right of first refusal. [1][2]\n\n"
        "The article and other sources disagree: the currency. [3]\n\n"
        "Changed on 28 Oct 2025: the right of first refusal was removed [4]\n\n"
        "Under the latest terms (2026-04) these outcomes differ: ... [5]"
    )
    assert answer_markers(text) == {1, 2, 3}
    assert answer_markers("No markers.") == set()
