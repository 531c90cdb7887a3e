from __future__ import annotations

from assistant.corpus.sources import SourceTexts
from assistant.models import Answer
from assistant.settings import PROJECT_ROOT
from assistant.web.scenario_form import evaluate_fields
from assistant.web.verdict_view import asked_outcomes, headline_html, verdict_rows, verdict_table_html

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite


def _scenario() -> tuple[Answer, list]:
    result = evaluate_fields({"profit_billions": 150, "date": "2027", "terms": "2025-01"}, LOCATE)
    assert result.verdict is not None
    text = (
        "Reading your question as: profit US$150 billion.\n\n"
        "**Microsoft keeps access to OpenAI's IP: no.** Once AGI is reached … [1]\n\n"
        "Other outcomes:\n- **AGI reached: yes.** …"
    )
    answer = Answer(kind="whatif", text=text, confidence=0.9, verdict=result.verdict, citations=result.citations)
    return answer, verdict_rows(result.verdict, result.citations)


def test_rows_number_their_quotes_as_the_answer_does() -> None:
    answer, rows = _scenario()
    assert [r.title for r in rows][:2] == ["AGI reached", "Microsoft keeps access to OpenAI's IP"]
    assert rows[0].value == "yes" and rows[1].value == "no"
    for row in rows:
        for marker in row.markers.strip("[]").split("]["):
            if marker:
                assert 1 <= int(marker) <= len(answer.citations)


def test_the_asked_outcome_comes_first_and_the_others_fold_away() -> None:
    answer, rows = _scenario()
    asked = asked_outcomes(answer)
    assert asked == ["microsoft_ip_access"]
    page = verdict_table_html(rows, asked)
    first, others = page.split("<details", 1)
    assert "Microsoft keeps access to OpenAI&#x27;s IP" in first and "AGI reached" not in first
    assert "The other 5 outcomes" in others and "AGI reached" in others
    assert "““" not in page
    assert "<details" not in verdict_table_html(rows, [])  # the question named none: all six at once


def test_a_summary_names_the_asked_outcome() -> None:
    answer, _rows = _scenario()
    summary = "**Revenue sharing continues: no.** It ends with AGI [1]."
    named = answer.model_copy(update={"summary": summary, "text": summary})
    assert asked_outcomes(named) == ["revenue_sharing"]
    # several asked (what AGI being declared changes): the summary names the first, the lines before
    # "Other outcomes:" all of them
    several = (
        "**Microsoft keeps access to OpenAI's IP: yes — since 28 Oct 2025**: … [1].\n\n"
        "**OpenAI API exclusive to Azure: no.** … [2].\n\n**Revenue sharing continues: yes.** … [3].\n\n"
        "Other outcomes:\n- **AGI reached: undetermined.** …"
    )
    first = several.split("\n\n", 1)[0]
    both = answer.model_copy(update={"summary": first, "text": several})
    assert asked_outcomes(both) == ["microsoft_ip_access", "api_exclusive_to_azure", "revenue_sharing"]
    # A summary of every outcome (no outcome asked about) names none in bold: all six are the answer.
    every = "Under the April 2026 amendment (in force then): AGI reached and first refusal: no; IP access: yes."
    assert asked_outcomes(answer.model_copy(update={"summary": every, "text": every})) == []


def test_the_headline_is_every_verdict_in_one_line() -> None:
    _answer, rows = _scenario()
    line = headline_html(rows)
    assert line.count("class='chip'") == 6 and "<br" not in line
    assert "AGI reached <span class='verdict verdict-yes'>yes</span>" in line
