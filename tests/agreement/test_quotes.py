"""Every quote the clause sheet relies on must occur verbatim in a corpus document."""

from __future__ import annotations

import pytest

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.rates import reference_rates
from assistant.corpus.documents import read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT

CORPUS_DIR = PROJECT_ROOT / "corpus"
cite = SourceTexts(CORPUS_DIR, 1_000_000).cite


def _quotes() -> list[object]:
    found = []
    for version in bundled_sheet().versions.values():
        for clause in version.clauses:
            for index, quote in enumerate(clause.quotes()):
                found.append(pytest.param(quote.source, quote.quote, id=f"{clause.id}#{index}"))
        for entry in version.changes:
            if entry.source and entry.quote:
                found.append(pytest.param(entry.source, entry.quote, id=f"history {version.info.id} {entry.provision}"))
        found.append(pytest.param(version.info.source, version.info.quote, id=f"terms {version.info.id}"))
        for parameter in version.parameters.values():
            for reading in parameter.readings:
                found.append(pytest.param(reading.source, reading.quote, id=f"{parameter.name}:{reading.id}"))
    for rate in reference_rates().rates:
        if rate.corpus_source:
            found.append(pytest.param(rate.corpus_source, rate.quote_text, id=f"rate {rate.base}/{rate.quote}"))
    return found


@pytest.mark.parametrize(("source", "quote"), _quotes())
def test_quote_occurs_verbatim_in_the_corpus(source: str, quote: str) -> None:
    path = CORPUS_DIR / source
    assert path.is_file(), f"{source} is not in corpus/"
    document = read_document(path, CORPUS_DIR, max_bytes=20_000_000)
    assert quote in document.text, f"not verbatim in {source}: {quote!r}"
    citation = cite(source, quote)
    assert citation is not None
    assert document.text[citation.start : citation.end] == quote


def test_the_currency_note_states_both_readings() -> None:
    document = read_document(CORPUS_DIR / "notes/agi-threshold-currency.md", CORPUS_DIR, max_bytes=1_000_000)
    assert "AUD$100 billion" in document.text and "US$100 billion" in document.text
    assert document.meta.confidence == "contested"


def test_later_versions_rest_on_dated_notes_of_their_day() -> None:
    from assistant.agreement.versions import terms_versions

    for info in terms_versions(cite)[1:]:
        version = bundled_sheet().versions[info.id]
        for clause in version.clauses:
            for quote in clause.quotes():
                assert quote.source.startswith("notes/"), (clause.id, quote.source)
        assert info.citation is not None and info.citation.date == info.date.isoformat(), info.id


def test_the_article_is_quoted_as_the_primary_document() -> None:
    version = bundled_sheet().resolve(None)
    assert sum(c.source == "stargate-article.txt" for c in version.clauses) == len(version.clauses)
