"""Turning a verdict's quotes into citations, in the corpus the caller gives.

The evaluator (:mod:`assistant.whatif.engine`) names clauses and parameter readings by id; their
quotes are data in the clause sheet. Here they are found in a corpus, through a
:data:`~assistant.agreement.quotes.Locate` the caller passes (the assistant's ``SourceTexts.cite``),
never through the configured settings: an assistant built on another corpus cites from it.
"""

from __future__ import annotations

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.quotes import Locate, SourceQuote, cite_quotes
from assistant.agreement.rates import reference_rates
from assistant.agreement.sheet import ClauseSheet
from assistant.citation import Citation
from assistant.whatif.engine.verdict import Verdict


def cite_verdict(verdict: Verdict, locate: Locate, sheet: ClauseSheet | None = None) -> Verdict:
    """The verdict with the quotes of its trace and readings found in the caller's corpus.

    Args:
        verdict: A verdict of :func:`~assistant.whatif.engine.evaluator.evaluate`.
        locate: Finds a quote in a corpus document.
        sheet: The clause sheet the verdict was evaluated on; defaults to the bundled one.

    Returns:
        A copy whose steps cite their clause's quotes (the main quote first) and whose readings cite
        the quotes behind them, with a notice for each clause a quote of which is not in the corpus.
    """
    rules = (sheet or bundled_sheet()).resolve(verdict.terms)
    trace = []
    notices = list(verdict.notices)
    for step in verdict.trace:
        clause = rules.clause(step.clause)
        quotes = clause.quotes()
        citations = cite_quotes(quotes, locate)
        if len(citations) < len(quotes):
            notices.append(f"a quote of the rule “{clause.title}” ({rules.info.name}) was not found in the corpus")
        trace.append(step.model_copy(update={"citations": citations}))
    readings = []
    for result in verdict.readings:
        chosen = [
            next(r for r in rules.parameters[name].readings if r.id == reading_id)
            for name, reading_id in result.choice.items()
        ]
        quotes = [SourceQuote(source=r.source, quote=r.quote) for r in chosen]
        readings.append(result.model_copy(update={"citations": cite_quotes(quotes, locate)}))
    return verdict.model_copy(update={"trace": trace, "readings": readings, "notices": list(dict.fromkeys(notices))})


def rate_citations(locate: Locate) -> list[Citation]:
    """The quotes that state the reference exchange rates, found in the caller's corpus."""
    quotes = [
        SourceQuote(source=rate.corpus_source, quote=rate.quote_text)
        for rate in reference_rates().rates
        if rate.corpus_source and rate.quote_text
    ]
    return cite_quotes(quotes, locate)
