from __future__ import annotations

from assistant.agreement.clauses import bundled_sheet
from assistant.citation import Citation
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.citing import cite_verdict
from assistant.whatif.engine.evaluator import evaluate
from assistant.whatif.engine.scenario import Scenario
from assistant.whatif.render import CitationList, OutcomeRow, outcome_table_html, trace_markdown

LOCATE = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000).cite


def test_outcome_table_escapes_and_marks_each_verdict() -> None:
    rows = [
        OutcomeRow(outcome="agi_reached", title="AGI <b>", value="yes", reason="r & s", quote="[1] “q”"),
        OutcomeRow(outcome="revenue_sharing", title="Rev", value="not covered", reason="silent", quote="-"),
    ]
    page = outcome_table_html(rows)
    assert "AGI &lt;b&gt;" in page and "r &amp; s" in page
    assert "<span class='verdict verdict-yes'>yes</span>" in page
    assert "<span class='verdict verdict-not-covered'>not covered</span>" in page
    assert page.count("<tr>") == 3


def test_trace_lists_every_clause_step_by_title_with_its_facts_and_quote() -> None:
    verdict = cite_verdict(
        evaluate(Scenario(event_date="2027", profit="US$150B", capacity_request=True, microsoft_can_meet=False)),
        LOCATE,
    )
    trace = trace_markdown(verdict)
    rules = bundled_sheet().resolve(verdict.terms)
    assert trace.startswith("Under the January 2025 terms the article describes: 15 rules considered")
    for number, step in enumerate(verdict.trace, start=1):
        assert f"**{number}. {rules.clause(step.clause).title}**" in trace
        assert step.clause not in trace
    assert "OpenAI's profit is at least the AGI profit threshold: yes (OpenAI's profit: US$150 billion" in trace
    assert "- Quote: “" in trace and "Overridden by “" in trace and "Wins over “" in trace
    assert "known(" not in trace and ">=" not in trace and "agi_reached" not in trace


def _cite(source: str, start: int, end: int) -> Citation:
    return Citation(source=source, quote="x" * (end - start), start=start, end=end)


def test_a_quote_is_numbered_once_and_one_inside_a_numbered_passage_takes_its_number() -> None:
    citations = CitationList()
    sentence = _cite("stargate-article.txt", 100, 300)
    assert citations.marker([sentence]) == "[1]"
    assert citations.marker([_cite("stargate-article.txt", 100, 300)]) == "[1]"
    # the disagreement's side "Microsoft will no longer have access…" lies inside the sentence already cited
    assert citations.marker([_cite("stargate-article.txt", 250, 290), _cite("notes/a.md", 0, 40)]) == "[1][2]"
    assert len(citations.items) == 2 and citations.holds(_cite("stargate-article.txt", 120, 130))
    # overlapping without being inside, or another document: a passage of its own
    assert citations.marker([_cite("stargate-article.txt", 290, 400)]) == "[3]"
    assert citations.marker([_cite("notes/b.md", 100, 300)]) == "[4]"
