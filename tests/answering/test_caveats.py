from __future__ import annotations

import re

from assistant.answering.caveats import (
    MAX_DISAGREEMENT_LINES,
    add_caveats,
    answer_markers,
    in_reading_order,
    serving_changes,
)
from assistant.corpus.sources import SourceTexts
from assistant.models import Answer
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
SOURCES = SourceTexts(CORPUS, 1_000_000)
ROFR = (
    "Under the newly unveiled “Stargate” deal, OpenAI’s sweeping AI infrastructure agreement with tech giants like "
    "SoftBank and Oracle, Microsoft has signed an updated contract that grants it “right of first refusal” on any "
    "fresh OpenAI cloud requirements."
)
AGI = (
    "However, there is one massive asterisk in these arrangements: if OpenAI attains artificial general "
    "intelligence, AGI, as the two companies define it, essentially AI able to rake in at least AUD$100 billion "
    "in profit, Microsoft will no longer have access to OpenAI’s technology, according to reports."
)


def _answer(quote: str, source: str = "stargate-article.txt") -> Answer:
    citation = SOURCES.cite(source, quote)
    assert citation is not None
    return Answer(kind="answer", text=f"{quote} [1]", citations=[citation], confidence=0.9)


def _summarised(quote: str, source: str = "stargate-article.txt") -> Answer:
    """An answer whose summary and text are ``quote`` with its marker."""
    return _answer(quote, source).model_copy(update={"summary": f"{quote[:-1]} [1].", "text": f"{quote[:-1]} [1]."})


def test_the_article_on_the_rofr_ends_with_its_removal_citing_the_note() -> None:
    result = add_caveats(_answer(ROFR), "Does Microsoft still have a right of first refusal?", SOURCES.cite)
    last = result.text.splitlines()[-1]
    assert last == "Changed on 28 Oct 2025: the right of first refusal was removed [2]"
    note = result.citations[1]
    assert note.source == "notes/2025-10-28-definitive-agreement-cloud-and-compute.md"
    assert SOURCES.get(note.source).text[note.start : note.end] == note.quote
    assert note.date == "2025-10-28" and note.confidence == "primary"
    assert "SoftBank" not in result.text.split("[1]", 1)[1]  # no Stargate-partners line for a ROFR question


def test_markers_are_numbered_after_the_answers_own_and_reused() -> None:
    intact = (
        "Still, Microsoft is eager to reassure observers that the bedrock of its long running partnership with "
        "OpenAI remains intact until 2030."
    )
    result = add_caveats(_answer(intact), "Until when does the partnership remain intact?", SOURCES.cite)
    markers = {int(n) for n in re.findall(r"\[(\d+)\]", result.text)}
    assert markers == set(range(1, len(result.citations) + 1))
    lines = [line for line in result.text.splitlines() if line.startswith("Changed on")]
    # at most two, newest first: the full history is behind `assistant timeline`
    assert len(lines) == 2
    assert lines[0].startswith("Changed on 27 Apr 2026: the licence still runs through 2032")
    dates = [re.match(r"Changed on (\d+ \w+ \d+)", line).group(1) for line in lines]  # type: ignore[union-attr]
    order = {"Oct": "10", "Apr": "04", "Feb": "02"}
    assert dates == sorted(dates, key=lambda d: d[-4:] + order[d.split()[1]], reverse=True)


def test_a_change_the_answers_first_lines_already_state_is_not_repeated() -> None:
    removed = (
        "Under the Microsoft-OpenAI definitive agreement of 28 October 2025, Microsoft's right of first refusal (ROFR)"
    )
    answer = _answer(removed, "notes/2025-10-28-definitive-agreement-cloud-and-compute.md")
    result = add_caveats(answer, "Does Microsoft still have a right of first refusal?", SOURCES.cite)
    assert "Changed on 28 Oct 2025: the right of first refusal was removed" not in result.text


def test_only_the_provisions_the_question_asks_about_get_change_lines() -> None:
    result = add_caveats(_answer(ROFR), "Does Microsoft keep access to OpenAI's intellectual property?", SOURCES.cite)
    lines = [line for line in result.text.splitlines() if line.startswith("Changed on")]
    assert lines and not any("first refusal" in line for line in lines)
    assert any("licence" in line or "IP rights" in line for line in lines)


def test_a_question_that_names_no_provision_gets_the_changes_to_what_its_answer_cites() -> None:
    result = add_caveats(_answer(ROFR), "What did Microsoft sign?", SOURCES.cite)
    assert "Changed on 28 Oct 2025: the right of first refusal was removed" in result.text


def test_the_article_on_agi_says_where_other_sources_disagree_with_both_citations() -> None:
    result = add_caveats(_answer(AGI), "How much profit counts as AGI?", SOURCES.cite)
    line = next(x for x in result.text.splitlines() if "AUD$100 billion, while every other source" in x)
    numbers = [int(n) for n in re.findall(r"\[(\d+)\]", line)]
    sources = {result.citations[n - 1].source for n in numbers}
    assert sources == {"stargate-article.txt", "notes/agi-threshold-currency.md"}
    assert result.text.splitlines()[-1].startswith("Changed on ")


def test_one_article_sentence_raises_at_most_two_disagreements_the_question_s_first() -> None:
    # the sentence touches three disagreements (currency, definition, access after AGI)
    result = add_caveats(
        _answer(AGI), "What does the article say about access to the technology after AGI?", SOURCES.cite
    )
    lines = [x for x in result.text.splitlines() if x.startswith("The article and other sources disagree")]
    assert len(lines) == MAX_DISAGREEMENT_LINES == 2
    assert "no longer have access" in lines[0]  # the one sharing the question's words comes first
    named = add_caveats(_answer(AGI), "How does the contract define AGI?", SOURCES.cite)
    first = next(x for x in named.text.splitlines() if x.startswith("The article and other sources disagree"))
    assert "as the definition of AGI" in first  # named by the question: first, whatever the word counts


def test_access_to_the_technology_raises_only_the_access_disagreement() -> None:
    # "until when does microsoft keep access…?" is not about how AGI is defined or in which currency
    result = add_caveats(_answer(AGI), "Until when does Microsoft keep access to OpenAI's technology?", SOURCES.cite)
    lines = [x for x in result.text.splitlines() if x.startswith("The article and other sources disagree")]
    assert len(lines) == 1
    assert "no longer have access" in lines[0]


def test_no_subject_no_lines_and_abstentions_are_left_alone() -> None:
    plain = _answer("HARNIS specialises in the safe, efficient and ethical implementation and usage of AI by business.")
    assert add_caveats(plain, "Who published the article?", SOURCES.cite) == plain
    declined = Answer(kind="abstain", text="no", confidence=0.9)
    assert add_caveats(declined, "Does Microsoft still have a right of first refusal?", SOURCES.cite) is declined


def test_change_lines_are_not_part_of_the_answer_s_own_markers() -> None:
    text = (
        "Microsoft holds a right of first refusal. [1][2]\n\n"
        "The article and other sources disagree: the currency. [3]\n\n"
        "Changed on 28 Oct 2025: the right of first refusal was removed [4]\n\n"
        "Under the latest terms (2026-04) these outcomes differ: ... [5]"
    )
    assert answer_markers(text) == {1, 2, 3}
    assert answer_markers("No markers.") == set()


def test_a_summary_quoting_only_older_terms_is_followed_by_the_newest_change_when_asked_how_it_stands() -> None:
    answer = _answer(ROFR).model_copy(update={"summary": f"{ROFR[:-1]} [1]."})
    answer = answer.model_copy(update={"text": f"{answer.summary}\n\n- more"})
    result = add_caveats(answer, "what's the story with the rofr", SOURCES.cite, lead_change=True)
    assert result.summary is not None
    assert result.summary.endswith("Changed on 28 Oct 2025: the right of first refusal was removed [2].")
    assert result.text.startswith(result.summary)
    assert result.text.count("Changed on 28 Oct 2025") == 1  # moved into the first paragraph, not repeated
    kept = add_caveats(answer, "what's the story with the rofr", SOURCES.cite)
    assert kept.summary == answer.summary and kept.text.splitlines()[-1].startswith("Changed on 28 Oct 2025")


def test_when_the_newest_change_is_disputed_the_last_undisputed_one_leads_before_it() -> None:
    board = (
        "According to OpenAI's \"Our structure\" page of November 2023, OpenAI's nonprofit board decides when "
        "artificial general intelligence (AGI) has been reached."
    )
    answer = _summarised(board, "notes/2023-11-openai-structure-agi.md")
    result = add_caveats(answer, "who decides if agi is reached", SOURCES.cite, lead_change=True)
    assert result.summary is not None
    # how it stands: the expert panel of October 2025, then that the April 2026 amendment is disputed
    lead = result.summary.split(" [1]. ", 1)[1]
    assert lead.startswith("Changed on 28 Oct 2025: an AGI declaration by OpenAI now counts only once an independent")
    assert "; on 27 Apr 2026 (contested): sources disagree on whether the AGI clause survives" in lead
    assert result.text.count("Changed on 28 Oct 2025") == 1
    # without a disputed newest change nothing older is brought in
    rofr = add_caveats(_summarised(ROFR), "what's the story with the rofr", SOURCES.cite, lead_change=True)
    assert rofr.summary is not None and "; on " not in rofr.summary


HEDGE = "The documents don't say this directly; the closest they come:"


def _yes(quote: str, source: str) -> Answer:
    """An answer whose summary reads a yes from ``quote``."""
    answer = _summarised(quote, source)
    return answer.model_copy(update={"summary": f"Yes — {answer.summary}", "text": f"Yes — {answer.text}"})


def test_a_yes_from_terms_changed_twice_since_gives_way_to_the_hedge_and_the_changes_lead() -> None:
    board = (
        "According to OpenAI's \"Our structure\" page of November 2023, OpenAI's nonprofit board decides when "
        "artificial general intelligence (AGI) has been reached."
    )
    question = "is openai's board still the one that decides agi"
    result = add_caveats(
        _yes(board, "notes/2023-11-openai-structure-agi.md"),
        question,
        SOURCES.cite,
        lead_change=True,
        yes_no_hedge=HEDGE,
    )
    assert result.summary is not None
    assert result.summary.startswith(f"{HEDGE} According to OpenAI's")
    assert "Yes" not in result.summary
    assert "Changed on 28 Oct 2025: an AGI declaration by OpenAI now counts only once an independent" in result.summary
    assert result.text.startswith(result.summary)


def test_a_yes_from_terms_changed_once_since_stands_and_no_change_joins_it() -> None:
    hardware = (
        "Under the Microsoft-OpenAI definitive agreement of 28 October 2025, OpenAI's consumer hardware is outside "
        "Microsoft's IP rights."
    )
    answer = _yes(hardware, "notes/2025-10-28-definitive-agreement-agi-and-ip.md")
    result = add_caveats(
        answer, "is consumer hardware excluded from msft ip rights", SOURCES.cite, lead_change=True, yes_no_hedge=HEDGE
    )
    assert result.summary == answer.summary  # the licence became non-exclusive since: the hardware still is outside
    assert "Changed on 27 Apr 2026" in result.text  # the change is still told, after the answer


def test_a_hedged_yes_no_leads_with_the_change_and_an_evaluator_yes_is_left_as_it_is() -> None:
    hedged = _summarised(ROFR).model_copy(
        update={"summary": f"{HEDGE} {ROFR[:-1]} [1].", "text": f"{HEDGE} {ROFR[:-1]} [1]."}
    )
    result = add_caveats(
        hedged, "can microsoft still block new compute", SOURCES.cite, lead_change=True, yes_no_hedge=HEDGE
    )
    assert result.summary is not None and f"{ROFR[:-1]} [1]. Changed on " in result.summary
    evaluated = _summarised(ROFR).model_copy(
        update={"summary": f"**Yes** — {ROFR[:-1]} [1].", "text": f"**Yes** — {ROFR[:-1]} [1]."}
    )
    kept = add_caveats(
        evaluated, "can microsoft still block new compute", SOURCES.cite, lead_change=True, yes_no_hedge=HEDGE
    )
    assert kept.summary == evaluated.summary


def test_a_summary_that_already_names_the_change_s_day_gets_no_change_line_in_it() -> None:
    removed = (
        "The right of first refusal (ROFR) described in the January 2025 Stargate article was later removed by "
        "the Microsoft-OpenAI definitive agreement of 28 October 2025 (OpenAI)."
    )
    answer = _summarised(removed, "notes/2025-01-article-vs-other-sources.md")
    result = add_caveats(answer, "rofr??", SOURCES.cite, lead_change=True)
    assert result.summary == answer.summary


def test_a_change_moved_up_after_the_summary_is_not_one_of_the_answer_s_own_markers() -> None:
    text = "The ROFR was granted [1]. Changed on 28 Oct 2025: the right of first refusal was removed [2].\n\n- x [3]"
    assert answer_markers(text) == {1, 3}


def test_citations_are_numbered_in_the_order_a_reader_meets_them() -> None:
    first = SOURCES.cite("stargate-article.txt", ROFR)
    assert first is not None
    other = SOURCES.cite("notes/2025-01-article-vs-other-sources.md", "The right of first refusal (ROFR)")
    assert other is not None
    answer = Answer(
        kind="answer",
        summary="A [1]. Changed: B [3].",
        text="A [1]. Changed: B [3].\n\n- C [2]\n\nD [3]",
        citations=[first, other, first.model_copy(update={"quote": "x"})],
        confidence=0.9,
    )
    ordered = in_reading_order(answer)
    assert ordered.summary == "A [1]. Changed: B [2]."
    assert ordered.text == "A [1]. Changed: B [2].\n\n- C [3]\n\nD [2]"
    assert [c.quote for c in ordered.citations] == [first.quote, "x", other.quote]
    already = in_reading_order(ordered)
    assert already == ordered


def test_two_change_lines_never_rest_on_the_same_passage() -> None:
    # on 27 April 2026 the revenue share and the term changed in one sentence of the amendment
    entries = serving_changes(["revenue-sharing", "term"], "2025-01", SOURCES.cite)
    assert len(entries) == 2 and entries[0].citation is not None and entries[1].citation is not None
    assert entries[0].citation.start != entries[1].citation.start
    assert entries[0].date.isoformat() == "2026-04-27" and entries[1].date.isoformat() == "2025-10-28"
