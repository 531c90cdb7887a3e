from __future__ import annotations

from assistant.evaluation.matching import Span, describe_fact, fact_found, label_ranking, locate, normalise


def test_normalise_straightens_quotes_and_dashes_and_folds_case() -> None:
    assert normalise("OpenAI’s  “Stargate” – Deal\n") == 'openai\'s "stargate" - deal'


def test_fact_found_respects_word_edges() -> None:
    assert fact_found("20", "about 20% of revenue")
    assert not fact_found("20", "in 2025")
    assert fact_found("$1", "invested $1 billion")
    assert not fact_found("$1", "invested $10 billion")
    assert fact_found("non-API", "while non\u2011API products may run on any cloud")  # non-breaking hyphen
    assert fact_found("non-API", "while non-API products may run on any cloud")


def test_fact_found_is_case_and_quote_insensitive_and_takes_alternatives() -> None:
    assert fact_found("OpenAI's board", "OpenAI’s Board decides")
    assert fact_found(["A$160", "160 billion"], "about A$160 billion")
    assert not fact_found(["A$160", "160 billion"], "about A$16 billion")
    assert describe_fact(["a", "b"]) == "'a' | 'b'"


def test_locate_finds_every_occurrence_and_refuses_missing_quotes() -> None:
    gold = locate("doc.txt", "ab", "xxab yy ab")
    assert gold is not None
    assert gold.id == "doc.txt:2-4"
    assert [(s.start, s.end) for s in gold.spans] == [(2, 4), (8, 10)]
    assert locate("doc.txt", "zz", "xxab") is None


def test_citation_hits_gold_by_overlap_and_chunks_must_contain_it_whole() -> None:
    gold = locate("doc.txt", "needle", "hay needle hay")
    assert gold is not None
    assert gold.hit_by(Span("doc.txt", 0, 6))  # overlaps "ne"
    assert not gold.hit_by(Span("doc.txt", 0, 4))
    assert not gold.hit_by(Span("other.txt", 0, 20))
    assert gold.inside(Span("doc.txt", 0, 14))
    assert not gold.inside(Span("doc.txt", 5, 14))


def test_label_ranking_credits_each_gold_passage_once() -> None:
    text = "one two three four"
    a = locate("d", "one", text)
    b = locate("d", "three", text)
    assert a is not None and b is not None
    retrieved = [
        ("c1", Span("d", 4, 7)),  # "two": not relevant
        ("c2", Span("d", 0, 7)),  # contains "one"
        ("c3", Span("d", 0, 3)),  # "one" again: already credited
        ("c4", Span("d", 0, 13)),  # contains "one" (credited) and "three" (new)
    ]
    assert label_ranking(retrieved, [a, b]) == [["c1"], [a.id], ["c3"], [b.id]]
    both = label_ranking([("c", Span("d", 0, 18))], [a, b])
    assert both == [[a.id, b.id]]
