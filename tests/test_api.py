from __future__ import annotations

import json
import re
import socket
import time
from dataclasses import replace

import pytest

from assistant.api import Assistant
from assistant.corpus.sources import SourceTexts
from assistant.index.store import SentenceRecord
from assistant.models import Answer

pytestmark = pytest.mark.slow


def assert_citations_verbatim(answer: Answer, assistant: Assistant) -> None:
    for citation in answer.citations:
        text = assistant.sources.get(citation.source).text
        assert text[citation.start : citation.end] == citation.quote


def test_answer_quotes_the_article_with_markers(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("Is the OpenAI API exclusive to Azure?")
    assert answer.kind == "answer" and answer.verdict is None and answer.llm is None
    assert "exclusive to Azure" in answer.text
    assert answer.citations and "[1]" in answer.text
    assert any(c.source == "stargate-article.txt" for c in answer.citations)
    for number in range(1, len(answer.citations) + 1):
        assert f"[{number}]" in answer.text
    assert_citations_verbatim(answer, corpus_assistant)
    assert 0.5 < answer.confidence <= 1.0


CAVEAT = re.compile(
    r"^(?:Changed on \d{1,2} \w{3} \d{4}(?: \(contested\))?|The article and other sources disagree): .+ (?:\[\d+\])+$"
)


def split_caveats(answer: Answer) -> tuple[str, list[str]]:
    """The quoted body of a plain answer and the caveat lines it ends with."""
    # The newest change may follow the summary in its own paragraph ("… [1]. Changed on 28 Oct 2025: … [2].").
    first, *rest = answer.text.split("\n\n")
    lead, joined, change = first.partition(" Changed on ")
    paragraphs = [lead, *([f"Changed on {change.rstrip('.')}"] if joined else []), *rest]
    caveats = [p for p in paragraphs if CAVEAT.match(p)]
    body = [p for p in paragraphs if not CAVEAT.match(p)]
    return "\n\n".join(body), caveats


OPENINGS = (
    r"(?:Yes|No|Not any more(?: — not since \d{1,2} \w{3} \d{4})?|The sources disagree) — "
    r"|Under the January 2025 terms the article describes: \w+ \[\d+\]\."
    r"|The documents don't say this directly; the closest they come:"
)


def test_every_sentence_of_the_text_comes_from_its_citations(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("Who has the right of first refusal on new OpenAI cloud capacity?")
    body, caveats = split_caveats(answer)
    assert caveats, "the ROFR was removed later, so the answer says so"
    answer = answer.model_copy(update={"text": body})
    cited_in_body = [c for n, c in enumerate(answer.citations, start=1) if f"[{n}]" in body]
    for citation in cited_in_body:
        assert citation.quote.rstrip(".") in answer.text.replace("**", "")
    stripped = answer.text.replace("**", "")  # the summary bolds its answer
    for number, citation in enumerate(answer.citations, start=1):
        for quoted in (citation.quote, citation.quote.rstrip(".")):
            stripped = stripped.replace(f"{quoted} [{number}]", "")
    for citation in answer.citations:
        stripped = stripped.replace(f"*{citation.title}*", "")
    # The summary's opening word and the line giving the article's reading are not quotes.
    stripped = re.sub(OPENINGS, "", stripped)
    leftover = [w for w in stripped.replace("-", " ").split() if w.isalpha()]
    assert len(leftover) <= 3 * len({c.source for c in cited_in_body}), leftover  # only labels and connectives


def test_the_rofr_today_opens_with_its_removal_and_keeps_the_article_beside_it(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("Does Microsoft still have a right of first refusal?")
    assert answer.kind == "answer" and answer.summary is not None
    assert answer.text.startswith(answer.summary)
    assert answer.summary.startswith("**Not any more — not since 28 Oct 2025**")
    assert "Under the January 2025 terms the article describes: yes [2]." in answer.summary
    removed = answer.citations[0]
    assert (
        removed.source == "notes/2025-10-28-definitive-agreement-cloud-and-compute.md" and removed.date == "2025-10-28"
    )
    assert "right of first refusal" in removed.quote and "removed" in removed.quote
    assert any(c.source == "stargate-article.txt" and "right of first refusal" in c.quote for c in answer.citations)
    assert_citations_verbatim(answer, corpus_assistant)
    assert "SoftBank and Oracle for Stargate" not in answer.text


def test_an_answer_on_the_agi_threshold_says_the_sources_disagree(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("Is the AGI profit threshold in Australian dollars?")
    assert answer.kind == "answer"
    line = next(
        x
        for x in answer.text.split("\n\n")
        if x.startswith("The article and other sources disagree: the article gives")
    )
    sources = {answer.citations[int(n) - 1].source for n in re.findall(r"\[(\d+)\]", line)}
    assert sources == {"stargate-article.txt", "notes/agi-threshold-currency.md"}
    assert_citations_verbatim(answer, corpus_assistant)


@pytest.mark.parametrize(
    ("question", "states"),
    [("how big is microsoft's stake now", "**27%**"), ("when was the definitive agreement signed", "28 October 2025")],
)
def test_a_quote_with_the_kind_of_answer_asked_for_answers_without_hedging(
    corpus_assistant: Assistant, question: str, states: str
) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None and states in answer.summary
    assert not answer.summary.startswith("The documents don't say this directly")


def test_a_number_the_question_names_is_found_however_few_words_it_has(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("what's the $250bn")
    assert answer.summary is not None and "$250 billion of Azure" in answer.summary


@pytest.mark.parametrize(
    "question",
    [
        "What is the boiling point of water at sea level?",
        "Who won the football world cup in 2018?",
        "What cloud deal did Anthropic sign with Google?",
        "Write me a Python function that reverses a list.",
    ],
)
def test_out_of_scope_questions_are_declined_with_examples(corpus_assistant: Assistant, question: str) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.kind == "abstain"
    assert "do not cover" in answer.text
    assert answer.text.count("\n- ") == 3
    assert answer.citations == []


def test_unverifiable_citation_is_dropped(corpus_assistant: Assistant, monkeypatch: pytest.MonkeyPatch) -> None:
    real = corpus_assistant.store.get_sentences

    def tampered(ids: list[str]) -> dict[str, SentenceRecord]:
        records = real(ids)
        return {
            i: (replace(r, text=r.text.replace("Azure", "AWS")) if "exclusive to Azure" in r.text else r)
            for i, r in records.items()
        }

    monkeypatch.setattr(corpus_assistant.store, "get_sentences", tampered)
    answer = corpus_assistant.answer("Is the OpenAI API exclusive to Azure?")
    assert all("AWS" not in c.quote for c in answer.citations)
    assert "AWS" not in answer.text
    assert any("could not be verified" in n for n in answer.notices)
    assert_citations_verbatim(answer, corpus_assistant)


def test_verify_rejects_quotes_not_in_the_source(corpus_assistant: Assistant) -> None:
    sources: SourceTexts = corpus_assistant.sources
    answer = corpus_assistant.answer("Is the OpenAI API exclusive to Azure?")
    good = answer.citations[0]
    assert sources.verify(good) == good
    moved = good.model_copy(update={"start": 0, "end": 5})
    assert sources.verify(moved).start == good.start  # offsets repaired when the quote is there
    assert sources.verify(good.model_copy(update={"quote": good.quote + " Not in the source."})) is None
    assert sources.verify(good.model_copy(update={"source": "../pyproject.toml"})) is None


def test_followup_uses_history(corpus_assistant: Assistant) -> None:
    first_q = "Until when does the Microsoft-OpenAI partnership remain intact according to the article?"
    first = corpus_assistant.answer(first_q)
    assert first.kind == "answer" and "2030" in first.text
    alone = corpus_assistant.answer("And what about the API?")
    follow = corpus_assistant.answer("And what about the API?", [(first_q, first.text)])
    # On its own it is still about the agreement (its API): answered, but without the earlier turn's subject.
    assert alone.retrieval_query and first_q not in alone.retrieval_query
    assert follow.kind == "answer"
    assert follow.retrieval_query and first_q in follow.retrieval_query
    assert "API" in follow.text or "application programming interface" in follow.text


def test_answer_serialises_to_json(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("Which companies fund Stargate?")
    data = json.loads(answer.model_dump_json())
    assert set(data) >= {"kind", "text", "citations", "confidence", "verdict", "llm", "notices"}
    assert Answer.model_validate(data) == answer


@pytest.mark.parametrize(
    "question",
    [
        "",
        "   ",
        "a" * 100_000,
        "\x00\x01binary\x02",
        "🙂🙂",
        "¿Qué es Stargate?",
        "<script>alert(1)</script>",
        "'; DROP TABLE chunks; --",
        "{{7*7}} ${jndi:ldap://x}",
        "\ud800 lone surrogate",
    ],
)
def test_bad_input_never_raises_or_hangs(corpus_assistant: Assistant, question: str) -> None:
    started = time.perf_counter()
    answer = corpus_assistant.answer(question)
    assert time.perf_counter() - started < 5
    assert answer.kind in ("answer", "abstain") and answer.text


def test_history_of_any_shape_is_tolerated(corpus_assistant: Assistant) -> None:
    for history in (None, [], [("q",)], [("q", None)], "not a list", [(1, 2)]):
        assert corpus_assistant.answer("Is the API exclusive to Azure?", history).kind == "answer"  # type: ignore[arg-type]


def test_ask_path_opens_no_network_connection(corpus_assistant: Assistant) -> None:
    # pytest-socket is on for the whole suite (see pyproject); prove the guard is live here.
    with pytest.raises(Exception, match=r"(?i)socket"):
        socket.create_connection(("127.0.0.1", 9))
    answer = corpus_assistant.answer("What happens if OpenAI attains AGI?")
    assert answer.kind in ("answer", "whatif")


def test_default_answer_function_builds_its_own_index() -> None:
    from assistant import answer

    result = answer("Which companies fund Stargate?")
    assert result.kind == "answer"
    assert any("SoftBank" in c.quote for c in result.citations)


def test_a_corpus_change_is_picked_up_without_ingest(small_corpus, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    import assistant.api as service

    monkeypatch.setattr(service, "FRESHNESS_INTERVAL", 0.0)
    assistant = Assistant(small_corpus)
    first = assistant.answer("What does the Vendorix clause say about penalties?")
    assert first.notices and "first time" in first.notices[0]
    (Path(small_corpus.corpus_dir) / "gamma.md").write_text(
        "The Vendorix penalty clause charges Microsoft a fee when capacity requests are not met.\n"
    )
    second = assistant.answer("What does the Vendorix clause say about penalties?")
    assert any("refreshed" in n for n in second.notices)
    assert any(c.source == "gamma.md" for c in second.citations)


@pytest.mark.parametrize(
    ("previous", "followup", "expected"),
    [
        ("Who has the right of first refusal?", "And what about the API?", "API"),
        ("What is Stargate?", "Who funds it?", "SoftBank"),
        ("What is Stargate?", "And what about revenue sharing?", "revenue"),
    ],
)
def test_followups_answer_the_new_focus(
    corpus_assistant: Assistant, previous: str, followup: str, expected: str
) -> None:
    answer = corpus_assistant.answer(followup, [(previous, "…")])
    assert answer.kind == "answer"
    assert any(expected.lower() in c.quote.lower() for c in answer.citations)


def test_followup_to_an_out_of_scope_turn_is_still_declined(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("And what about Germany?", [("What is the capital of France?", "…")])
    assert answer.kind == "abstain"


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        ("was the agi clause dropped in april 2026", "The sources disagree — "),
        ("does the agi clause still apply", "The sources disagree — "),
        # no document says AGI was declared: no yes or no read from one about how it would be
        ("was agi reached", "The documents don't say this directly; the closest they come: "),
        # the expert panel is part of the clause whose survival the sources dispute
        ("does the expert panel decide agi now", "The sources disagree — "),
        # the article only names fewer of Stargate's partners: a yes or no, not "The sources disagree"
        ("is microsoft a stargate partner", "Yes — "),
        ("is microsoft a funder of stargate", "No — "),
    ],
)
def test_yes_no_openings_where_sources_differ(corpus_assistant: Assistant, question: str, opening: str) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None and answer.summary.startswith(opening)


@pytest.mark.parametrize(
    "question", ["what if openai just walks away from microsoft", "what if openai ipos, does msft's share change"]
)
def test_a_supposition_no_clause_decides_says_the_documents_do_not_say_what_would_happen(
    corpus_assistant: Assistant, question: str
) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.kind == "answer" and answer.summary is not None
    assert answer.summary.startswith("The documents don't say what would happen then; the closest they come: ")
    assert not re.search(r"\b(?:Yes|No) — ", answer.summary)


def test_a_count_no_document_gives_is_not_answered_with_a_sum_of_money(corpus_assistant: Assistant) -> None:
    jobs = corpus_assistant.answer("how many jobs will stargate create")
    assert jobs.summary is not None and jobs.summary.startswith("The documents don't say this directly")
    assert "**" not in jobs.summary  # no sum of money in bold as the answer
    power = corpus_assistant.answer("how much power will stargate use")
    assert power.summary is not None and "**about 1.2 gigawatts (GW)**" in power.summary


def test_a_yes_no_about_more_than_the_deciding_clause_says_is_answered_from_the_documents(
    corpus_assistant: Assistant,
) -> None:
    # the IP licence clause decides "does microsoft have IP rights", but says nothing of consumer hardware
    answer = corpus_assistant.answer("is consumer hardware excluded from msft ip rights")
    assert answer.summary is not None and answer.summary.startswith("Yes — ")
    assert "consumer hardware is outside Microsoft's IP rights" in answer.summary
    # one word past the clause is enough when the sentence carves it out, and "outside" reads as a no
    for asked in ("does microsoft get openai's hardware ip", "does ms's ip license cover openai consumer hardware"):
        # (the second's best sentence is the 2023 page on licences; the one saying it comes second, and answers)
        hardware = corpus_assistant.answer(asked)
        assert hardware.summary is not None and hardware.summary.startswith("No — ")
        assert "consumer hardware is outside Microsoft's IP rights" in hardware.summary
    # one word naming a kind of what the clause covers ("research IP") is past the licence clause too
    research = corpus_assistant.answer("are the research ip rights time limited?")
    assert research.summary is not None and not research.summary.startswith(("Yes", "**Yes", "No", "**No"))
    assert "research IP" in research.summary and "through 2030, whichever comes first" in research.summary
    # an older sentence lower down that only shares two words is not past the clause the question names
    after = corpus_assistant.answer("stateless apis still azure-only after the april amendmnet?")
    assert after.summary is not None and after.summary.startswith("**No**") and "any cloud" in after.summary
    # a question the clause does answer keeps the clause's yes or no
    kept = corpus_assistant.answer("does ms have access to our models")
    assert kept.summary is not None and kept.summary.startswith("**Yes**") and "2032" in kept.summary


def test_no_passage_is_cited_twice(corpus_assistant: Assistant) -> None:
    # the clause's words ("…the article describes: yes [2]") sit inside the article sentence retrieval found
    answer = corpus_assistant.answer("is azure still exclusive for oai?")
    spans = [(c.source, c.start, c.end) for c in answer.citations]
    for i, (source, start, end) in enumerate(spans):
        for other_source, other_start, other_end in spans[i + 1 :]:
            assert source != other_source or end <= other_start or other_end <= start


@pytest.mark.parametrize(
    ("asked", "opening", "changed"),
    [
        # the article's own opening on what is asked, as it said it (no later change tacked on)
        ("what did the australian article say about stargate", "Under the newly unveiled “Stargate” deal", False),
        ("what does the article say about microsoft", "In a twist that few would have predicted", False),
        ("what's the article's main point", "In a twist that few would have predicted", False),
        ("article tldr", "In a twist that few would have predicted", False),
        ("does the article mention oracle", "Yes — Under the newly unveiled “Stargate” deal", False),
        # a clause no sentence defines: the whole sentence the article's terms quote, then its newest change
        ("what is the agi clause", "However, there is one massive asterisk in these arrangements: if OpenAI", True),
        ("what's the ip access thing", "Still, Microsoft is eager to reassure observers", True),
    ],
)
def test_the_article_s_own_words_open_answers_about_it_and_about_clauses_no_sentence_defines(
    corpus_assistant: Assistant, asked: str, opening: str, changed: bool
) -> None:
    answer = corpus_assistant.answer(asked)
    assert answer.summary is not None and answer.summary.startswith(opening)
    assert answer.citations[0].source == "stargate-article.txt"
    # the newest change ("Changed on 27 Apr 2026: …", or after the last undisputed one: "…; on 27 Apr 2026 …")
    assert ("27 Apr 2026" in answer.summary) is changed
    assert_citations_verbatim(answer, corpus_assistant)


@pytest.mark.parametrize(
    ("asked", "said"),
    [
        ("whats sufficient agi", 'a separate "sufficient AGI" test asks whether an OpenAI model could earn'),
        ("what's the stateless api thing", "the only host for stateless OpenAI application programming interface"),
    ],
)
def test_a_term_no_sentence_defines_is_answered_by_the_sentence_naming_it(
    corpus_assistant: Assistant, asked: str, said: str
) -> None:
    # not the article's AGI clause or the API sentence: the one sentence that names the term says what it is about
    answer = corpus_assistant.answer(asked)
    assert answer.summary is not None and said in answer.summary
    assert_citations_verbatim(answer, corpus_assistant)


@pytest.mark.parametrize(
    "asked", ["what's the expert panel", 'what does "expert panel" mean in the deal', "what is the expert panel for"]
)
def test_a_term_a_later_version_brought_is_explained_by_that_version_not_the_article(
    corpus_assistant: Assistant, asked: str
) -> None:
    # the article's AGI clause never mentions a panel: the October 2025 agreement, which brought it, says what it does
    answer = corpus_assistant.answer(asked)
    assert answer.summary is not None and "must be verified by an independent expert panel" in answer.summary
    assert answer.citations[0].source == "notes/2025-10-28-definitive-agreement-agi-and-ip.md"
    assert_citations_verbatim(answer, corpus_assistant)


def test_a_question_with_only_it_for_a_subject_is_about_the_agreement(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("when does it end")
    assert answer.kind == "answer" and answer.summary is not None
    assert "2030" in answer.summary and "2032" in answer.summary


def test_a_yes_or_no_the_clauses_decide_is_in_scope_when_a_party_asks_it(corpus_assistant: Assistant) -> None:
    ours = corpus_assistant.answer("are we allowed to ship stuff on google cloud")
    assert ours.kind == "answer" and ours.summary is not None and ours.summary.startswith("**Yes")
    assert corpus_assistant.answer("can google use aws").kind == "abstain"  # about Google, not a party


def test_stargate_s_partners_are_its_funders_and_its_technology_partners(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("who are the stargate partners")
    assert answer.summary is not None
    for name in ("SoftBank", "MGX", "Arm", "NVIDIA"):
        assert name in answer.summary


@pytest.mark.parametrize(
    ("turns", "opening"),
    [
        (["is there a rofr?", "and in jan 2025?"], "**Microsoft has a right of first refusal on new capacity: yes."),
        (["does microsoft have exclusivity", "and in 2026?"], "**OpenAI API exclusive to Azure: no — not since 27 Apr"),
    ],
)
def test_a_follow_up_naming_only_a_time_answers_the_question_before_for_that_time(
    corpus_assistant: Assistant, turns: list[str], opening: str
) -> None:
    history: list[tuple[str, str]] = []
    for question in turns:
        answer = corpus_assistant.answer(question, list(history))
        history.append((question, answer.text))
    assert answer.summary is not None and answer.summary.startswith(opening), answer.summary


def _bullet_quotes(answer: Answer) -> list[str]:
    """The supporting quotes listed after the summary."""
    return [line for line in answer.text.splitlines() if line.startswith("- ")]


def test_a_sentence_that_only_dates_an_announcement_supports_only_questions_about_events(
    corpus_assistant: Assistant,
) -> None:
    lasts = corpus_assistant.answer("Until when does the Microsoft-OpenAI partnership last?")
    assert lasts.kind == "answer"
    assert not any("announced a definitive agreement on their partnership" in b for b in _bullet_quotes(lasts))
    assert not any("amended the terms of their partnership" in b for b in _bullet_quotes(lasts))
    event = corpus_assistant.answer("when did microsoft and openai sign the definitive agreement")
    assert "announced a definitive agreement" in event.text


def test_a_question_about_the_time_after_a_date_is_not_supported_by_older_documents(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.answer(
        "And after the April 2026 amendment?", [("Is the OpenAI API exclusive to Azure?", "…")]
    )
    bullets = _bullet_quotes(answer)
    assert not any("(21 Jan 2025" in b or "(28 Oct 2025" in b for b in bullets)
    # a note dated earlier that names the amendment still supports it
    assert any("amendment of 27 April 2026" in b for b in bullets)


@pytest.mark.parametrize("question", ["tl;dr the whole partnership", "latest status of the deal", "whats the deal now"])
def test_a_question_about_the_whole_deal_states_how_it_stands(corpus_assistant: Assistant, question: str) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None and answer.summary.startswith("As the deal stands now: under the Microsoft")
    assert "primary cloud" in answer.summary and "through 2032" in answer.summary
    assert "Changed on" not in answer.text  # it states today's terms: nothing changed after them


@pytest.mark.parametrize(
    ("question", "history", "said"),
    [
        # people's words, the documents' words: "main cloud" / "primary cloud", "challenge" / "dispute",
        # "checks" / "verifies"
        (
            "are we still openai's main cloud",
            [],
            "Yes — Under the Microsoft-OpenAI amendment of 27 April 2026, Microsoft's Azure stays OpenAI's primary",
        ),
        ("can msft challenge it?", [("who decides if agi has been reached", "…")], "Microsoft could dispute"),
        ("and who checks that?", [("the agi profit threshold, how much is it", "…")], "independent expert panel"),
    ],
)
def test_people_s_words_find_the_documents_words(
    corpus_assistant: Assistant, question: str, history: list[tuple[str, str]], said: str
) -> None:
    answer = corpus_assistant.answer(question, history)
    assert answer.summary is not None and said in answer.summary


def test_a_related_word_does_not_answer_yes(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("is stargate government funded")
    assert answer.summary is not None and not answer.summary.startswith("Yes")


@pytest.mark.parametrize(
    ("question", "said"),
    [
        ("main argument of the blog article?", "Microsoft is no longer the sole provider"),
        ("who wrote the stargate article", "**HARNIS**"),
        ("who's the australian author", "**HARNIS**"),
        ("when did the whole partnership start", "22 July 2019"),
        ("$500bn over how many years?", "**over four years**"),
        ("what's stargate's first site", "**Abilene, Texas**"),
        ("blog main takeaway?", "Microsoft is no longer the sole provider"),
        # a why-question's reason, a little below the sentences restating the fact asked about
        ("why did microsoft give up exclusive cloud?", "limited compute resources"),
    ],
)
def test_the_first_sentence_answers_questions_asked_in_people_s_words(
    corpus_assistant: Assistant, question: str, said: str
) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.kind == "answer" and answer.summary is not None
    assert said in answer.summary
    assert not answer.summary.startswith("The documents don't say")


@pytest.mark.parametrize("question", ["can openai use oracle for compute", "can we partner with oracle for compute"])
def test_a_glossary_term_s_other_forms_do_not_make_a_question_ask_past_the_clause(
    corpus_assistant: Assistant, question: str
) -> None:
    # "compute" brings "cloud capacity", "data centre capacity"…: one word the person typed, not several
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None and answer.summary.startswith("**Yes** — Under the Microsoft-OpenAI amendment")


@pytest.mark.parametrize(
    ("question", "opening"),
    [
        # the terms version a question names is its subject: whether it is public is what it asks
        ("is the 2026 amendment public", "The documents don't say this directly; the closest they come: "),
        ("was microsoft even part of the stargate announcement", "Yes — "),
    ],
)
def test_a_terms_version_named_is_the_subject_not_the_claim(
    corpus_assistant: Assistant, question: str, opening: str
) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None and answer.summary.startswith(opening)


def test_a_subjectless_followup_about_how_things_stand_gets_the_newest_change(corpus_assistant: Assistant) -> None:
    first = corpus_assistant.answer("what is the agi clause")
    answer = corpus_assistant.answer("who decides?", [("what is the agi clause", first.text)])
    assert answer.summary is not None
    assert "Changed on 28 Oct 2025: an AGI declaration by OpenAI now counts only once an independent" in answer.summary


def test_a_why_question_gets_its_reason_without_change_lines_in_its_first_paragraph(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.answer("why did microsoft and openai renegotiate")
    assert answer.summary is not None and "limited compute resources" in answer.summary
    assert "Changed on" not in answer.summary


def test_a_yes_no_about_a_provision_the_documents_do_not_answer_directly_says_how_it_stands(
    corpus_assistant: Assistant,
) -> None:
    answer = corpus_assistant.answer("can openai just declare agi whenever it wants")
    assert answer.summary is not None
    assert answer.summary.startswith("The documents don't say this directly; the closest they come: ")
    assert "Changed on 28 Oct 2025: an AGI declaration by OpenAI now counts only once an independent" in answer.summary


@pytest.mark.parametrize(
    "question", ["is openai's board still the sole arbiter of agi", "can oai just declare agi itself?"]
)
def test_a_yes_from_terms_rewritten_since_is_no_answer_for_today(corpus_assistant: Assistant, question: str) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None
    assert answer.summary.startswith("The documents don't say this directly; the closest they come: ")
    assert "an AGI declaration by OpenAI now counts only once an independent expert panel verifies it" in answer.summary


def test_a_yes_from_terms_changed_once_since_stands(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("can microsoft pursue agi on its own now?")
    assert answer.summary is not None and answer.summary.startswith("Yes — ")
    assert "Changed on" not in answer.summary


@pytest.mark.parametrize("question", ["does microsoft still pay openai for anything", "does msft pay oai a rev share"])
def test_who_pays_whom_is_read(corpus_assistant: Assistant, question: str) -> None:
    answer = corpus_assistant.answer(question)
    assert answer.summary is not None
    assert answer.summary.startswith("No — ") and "Microsoft stops paying a revenue share to OpenAI" in answer.summary
    other_way = corpus_assistant.answer("does openai still pay msft a revenue share")
    assert other_way.summary is not None and other_way.summary.startswith("**Yes** — ")
    assert "OpenAI keeps paying Microsoft" in other_way.summary


def test_a_subjectless_followup_gets_the_changes_to_what_the_turn_before_asked_about(
    corpus_assistant: Assistant,
) -> None:
    first = corpus_assistant.answer("what is the agi clause")
    answer = corpus_assistant.answer("who decides?", [("what is the agi clause", first.text)])
    assert answer.summary is not None
    assert "an AGI declaration by OpenAI now counts only once an independent expert panel verifies it" in answer.summary


def test_whether_the_article_is_right_is_answered_from_the_notes_comparing_it(corpus_assistant: Assistant) -> None:
    stale = corpus_assistant.answer("is the article still accurate")
    assert stale.summary is not None and "January 2025 Stargate article was later" in stale.summary
    wrong = corpus_assistant.answer("what does it get wrong?", [("is the article still accurate", stale.text)])
    assert wrong.summary is not None
    assert "AUD$100 billion, while every other source" in wrong.summary  # the whole sentence: what is wrong


def test_when_was_that_asks_for_the_day_of_what_the_answer_before_told(corpus_assistant: Assistant) -> None:
    first = corpus_assistant.answer("aws deal with openai how big")
    assert first.summary is not None and "27 February 2026" in first.summary
    answer = corpus_assistant.answer("when was that?", [("aws deal with openai how big", first.text)])
    assert answer.summary is not None and answer.summary.startswith("**On 27 February 2026**")


def test_is_openai_still_a_nonprofit_gets_its_public_benefit_corporation(corpus_assistant: Assistant) -> None:
    answer = corpus_assistant.answer("is openai still a nonprofit")
    assert answer.summary is not None and "public benefit corporation (PBC)" in answer.summary
    assert not answer.summary.startswith("Yes")  # the 2023 "nonprofit board" sentence says nothing of today


def test_an_off_topic_question_after_a_conversation_is_declined(corpus_assistant: Assistant) -> None:
    first = corpus_assistant.answer("is the api exclusivity still in place")
    answer = corpus_assistant.answer(
        "what's the capital of france", [("is the api exclusivity still in place", first.text)]
    )
    assert answer.kind == "abstain"
