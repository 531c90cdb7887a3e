from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from assistant.answering.spans import Span, bold, spans
from assistant.answering.summary import defines, holds, summarise
from assistant.question.model import Question, TimeRef
from assistant.question.names import NamedThing, NameFinder

NAMES = NameFinder(lambda name: True).where


def test_date_spans_and_the_dates_that_say_until_when() -> None:
    sentence = "On 28 October 2025 the IP rights were extended through 2032, and core terms remain intact until 2030."
    found = [sentence[s.start : s.end] for s in spans(sentence, "date", NAMES)]
    assert found == ["On 28 October 2025", "through 2032", "until 2030"]
    ending = [sentence[s.start : s.end] for s in spans(sentence, "date", NAMES, ending=True)]
    assert ending == ["through 2032", "until 2030"]


def test_amounts_names_and_places() -> None:
    sentence = "The stake is about 27%, worth about $135 billion."
    assert [sentence[s.start : s.end] for s in spans(sentence, "amount", NAMES)] == ["27%", "$135 billion"]
    funders = "The equity funders are SoftBank, OpenAI, Oracle and MGX."
    assert [funders[s.start : s.end] for s in spans(funders, "names", NAMES)] == ["SoftBank", "OpenAI", "Oracle", "MGX"]
    site = "According to the FT, Abilene, Texas is the first site."
    assert [site[s.start : s.end] for s in spans(site, "place", NAMES)] == ["Abilene, Texas"]
    # Organisations listed before a verb read like "City, State has…" but are no place.
    listed = "With partners like SoftBank and Oracle, Microsoft has signed a contract."
    assert spans(listed, "place", NAMES) == []


def test_bold_merges_overlapping_spans() -> None:
    assert bold("until 2030 and 2032", [Span(0, 10), Span(6, 10), Span(15, 19)]) == "**until 2030** and **2032**"


def question(read: str, answer_type: str, **fields: object) -> Question:
    return Question(text=read, read=read, query=read, answer_type=answer_type, **fields)  # type: ignore[arg-type]


def test_the_summary_answers_with_the_span_in_bold_and_its_marker() -> None:
    quotes = [
        ("On 28 October 2025, Microsoft and OpenAI announced a definitive agreement.", 1),
        ("The bedrock of the partnership remains intact until 2030.", 2),
    ]
    summary = summarise(question("how long does the deal last?", "date", ending=True), quotes, NAMES)
    assert summary is not None
    assert summary.text == "The bedrock of the partnership remains intact **until 2030** [2]."
    assert summary.indexes == (1,) and summary.spanned


def test_two_quotes_with_different_answers_are_both_given() -> None:
    quotes = [("The IP rights extend through 2032.", 1), ("Revenue share runs until 2030.", 2), ("Also until 2030.", 3)]
    summary = summarise(question("when does it end", "date", ending=True), quotes, NAMES)
    assert summary is not None
    assert summary.text == "The IP rights extend **through 2032** [1]; Revenue share runs **until 2030** [2]."


def test_yes_no_openings() -> None:
    quotes = [("Microsoft's right of first refusal was removed.", 1)]
    asked = question("does microsoft have a right of first refusal?", "yes_no")
    summary = summarise(asked, quotes, NAMES)
    assert summary is not None and summary.text.startswith("No — ")
    assert not summary.indirect
    # weak evidence, or a quote about something else: no yes or no, and the answer says it is indirect
    weak = summarise(asked, quotes, NAMES, weak=True)
    assert weak is not None and weak.indirect and weak.text == "Microsoft's right of first refusal was removed [1]."
    unrelated = summarise(question("does the article mention trump?", "yes_no"), quotes, NAMES)
    assert unrelated is not None and unrelated.indirect and not unrelated.text.startswith(("Yes", "No"))


def test_a_long_sentence_is_cut_to_the_clause_with_the_answer() -> None:
    long = (
        "Under the newly unveiled deal with many partners and many more words about it that go on and on and on, "
        "words that people will not read before they find what they came for; the terms remain intact until 2030"
    )
    summary = summarise(question("until when", "date", ending=True), [(long, 1)], NAMES)
    assert summary is not None and summary.text == "…the terms remain intact **until 2030** [1]."


def test_what_happened_in_a_month_quotes_two_sentences() -> None:
    asked = question("what happened in October 2025?", "other", time=TimeRef("date", dt.date(2025, 10, 1), "month"))
    summary = summarise(asked, [("A definitive agreement was announced.", 1), ("The stake is 27%.", 2)], NAMES)
    assert summary is not None and summary.indexes == (0, 1)
    # After the best sentence, the one with a figure in it says what was agreed.
    quotes = [("A definitive agreement was announced.", 1), ("Microsoft backs the PBC.", 2), ("The stake is 27%.", 3)]
    figured = summarise(asked, quotes, NAMES)
    assert figured is not None and figured.indexes == (0, 2) and "27%" in figured.text


def test_no_quotes_no_summary() -> None:
    assert summarise(question("x", "other"), [], NAMES) is None


@pytest.mark.parametrize("wanted", ["yes_no", "definition", "other"])
def test_types_without_spans_have_none(wanted: str) -> None:
    assert spans("In 2030, $5 billion went to SoftBank in Texas.", wanted, NAMES) == []  # type: ignore[arg-type]


def test_a_quote_saying_the_point_is_contested_opens_with_the_sources_disagree() -> None:
    quotes = [("Whether the AGI clause still applies after 27 April 2026 is contested.", 1)]
    summary = summarise(question("does the agi clause still apply", "yes_no"), quotes, NAMES)
    assert summary is not None and summary.text.startswith("The sources disagree — ")
    claim = replace(question("heard the agi clause got killed off — true?", "yes_no"), kind="claim")
    disputed = [("Sources disagree on whether the amendment removed the AGI clause.", 1)]
    found = summarise(claim, disputed, NAMES, weak=True)
    assert found is not None and found.text.startswith("The sources disagree — ")


@pytest.mark.parametrize(
    ("asked", "sentence", "defining"),
    [
        ("what's ROFR", "The right of first refusal announced in January means that OpenAI may go elsewhere.", True),
        ("what does right of first refusal mean", "In simpler terms, Microsoft gets the first crack at hosting.", True),
        ("what is stargate", "OpenAI announced the Stargate Project, a new company that invests.", True),
        ("what is the expert panel", "Whether the expert panel still applies after April is contested.", False),
        ("what's ROFR", "The right of first refusal (ROFR) was later removed.", False),
        ("what does rofr mean", "The right of first refusal announced in January means that OpenAI may go.", True),
        ("what is microsofts right of first refusal exactly", "The right of first refusal means that…", True),
        ("what portion of openai does microsoft own", "In simpler terms, Microsoft gets the first crack.", False),
        # an acronym typed in lower case is still an acronym: "the AGI terms is…" is about the terms
        ("how does the contract define agi", "The WIRED account of the AGI terms is a press report.", False),
        ("what is agi", "AGI is a highly autonomous system.", True),
        ("how does the structure page define agi", "The page defines AGI as a highly autonomous system.", True),
        ("what is agi", "Under the contract, AGI is defined as a system that earns $100 billion.", True),
        ("what is agi", "The article says AGI was defined differently.", False),
        # the term asked about, however the question asks what it means
        ("how is agi defined", "The page defines AGI as a highly autonomous system.", True),
        ("agi defined how in the contract", "The page defines AGI as a highly autonomous system.", True),
        ("what's the agi definition", "The page defines AGI as a highly autonomous system.", True),
        ("definition of agi in the deal", "The page defines AGI as a highly autonomous system.", True),
        ("what's the agi definition", "The AGI definition and process were unchanged.", False),
    ],
)
def test_which_sentences_define_what_a_question_asks_about(asked: str, sentence: str, defining: bool) -> None:
    assert defines(question(asked, "definition"), sentence) is defining


def test_a_long_quote_that_brings_the_sentence_before_it_keeps_what_that_points_to() -> None:
    context = "Microsoft is eager to reassure observers that the partnership, which began years ago, " * 2
    quote = f"{context.strip()} remains intact until 2030.\nThat includes access to the research."
    summary = summarise(question("does microsoft get access to the research", "other"), [(quote, 1)], NAMES)
    assert summary is not None
    # "That includes…" alone says nothing; the sentence it points back to comes with it when both fit.
    assert summary.text == f"{quote.replace(chr(10), ' ')[:-1]} [1]."
    long_context = context * 3
    long_quote = f"{long_context.strip()} remains intact until 2030.\nThat includes access to the research."
    cut = summarise(question("does microsoft get access to the research", "other"), [(long_quote, 1)], NAMES)
    assert cut is not None
    assert cut.text == "…which began years ago, remains intact until 2030. That includes access to the research [1]."


def test_a_definition_cut_reaches_the_clause_with_the_term_asked_about() -> None:
    quote = (
        "That includes Microsoft's access to OpenAI's intellectual property and its research, various revenue "
        "sharing deals that run for years and years under the deal, the hosting of OpenAI's training runs on "
        "Azure, and exclusivity over OpenAI's application programming interfaces, APIs."
    )
    summary = summarise(question("what does exclusive mean in this deal", "definition"), [(quote, 1)], NAMES)
    assert summary is not None and "exclusivity over OpenAI's application programming interfaces" in summary.text


def test_who_said_it_is_not_who_the_answer_names() -> None:
    sentence = "According to OpenAI's announcement of 21 January 2025, SoftBank and Oracle fund Stargate."
    names = NameFinder(lambda name: True).where
    found = [sentence[s.start : s.end] for s in spans(sentence, "names", names)]
    assert "OpenAI" not in found and {"SoftBank", "Oracle"} <= set(found)


def test_a_name_joined_to_another_names_the_agreement_not_who_the_answer_is() -> None:
    sentence = "Under the Microsoft-OpenAI amendment of 27 April 2026, Microsoft stops paying OpenAI."
    found = [(s.start, sentence[s.start : s.end]) for s in spans(sentence, "names", NAMES)]
    assert [name for _, name in found] == ["Microsoft", "OpenAI"]
    assert all(start > sentence.index("2026") for start, _ in found)  # not the "Microsoft-OpenAI" of the amendment


def test_whether_the_article_is_right_opens_with_what_the_comparing_note_says() -> None:
    later = (
        "The right of first refusal (ROFR) described in the January 2025 Stargate article was later removed by the "
        "Microsoft-OpenAI definitive agreement of 28 October 2025 (OpenAI)."
    )
    differs = (
        "The project's source article on Stargate, an Australian AI consultancy's post of January 2025, gives the AGI "
        "profit threshold as AUD$100 billion, while every other source gives it as US$100 billion."
    )
    ask = question
    accurate = summarise(ask("is the article still accurate", "yes_no"), [(later, 1)], NAMES)
    assert accurate is not None and accurate.text.startswith("Not any more — The right of first refusal")
    outdated = summarise(ask("is anything in the article outdated", "yes_no"), [(later, 1)], NAMES)
    assert outdated is not None and outdated.text.startswith("Yes — ")
    reliable = summarise(ask("is the article reliable", "yes_no"), [(differs, 1)], NAMES)
    assert reliable is not None and reliable.text.startswith("The sources disagree — ")
    assert "while every other source gives it as US$100 billion [1]." in reliable.text  # whole, not cut


def test_a_follow_up_is_not_answered_with_the_name_it_leans_on() -> None:
    asked = replace(question("who's paying?", "names"), query="what's stargate? who's paying?")
    quotes = [("Stargate is funded by SoftBank and Oracle.", 1)]
    summary = summarise(asked, quotes, NameFinder(lambda name: True).where)
    assert summary is not None and "**Stargate**" not in summary.text and "**SoftBank**" in summary.text


def test_a_yes_no_question_on_a_point_the_sources_dispute_opens_with_the_dispute() -> None:
    quotes = [("The report gives the threshold in US dollars, and no source gives it in Australian dollars.", 1)]
    asked = question("is the agi threshold in us dollars", "yes_no")
    summary = summarise(asked, quotes, NAMES, contested=True)
    assert summary is not None and summary.text.startswith("The sources disagree — ")


def test_a_date_from_a_quote_without_the_figure_asked_about_is_no_answer() -> None:
    quotes = [
        ("The API stays exclusive to Azure through 2030.", 1),
        ("OpenAI contracted to buy an additional $250 billion of Azure.", 2),
    ]
    summary = summarise(question("$250 billion azure commitment over how long?", "date", ending=True), quotes, NAMES)
    assert summary is not None and summary.off_subject and not summary.spanned
    assert summary.text == "OpenAI contracted to buy an additional $250 billion of Azure [2]."


def test_a_quote_ending_inside_quotation_marks_gets_one_full_stop_after_its_marker() -> None:
    quotes = [("“This agreement means customers benefit from having access to leading models.”", 1)]
    summary = summarise(question("what does the agreement mean for customers", "other"), quotes, NAMES)
    assert summary is not None
    assert summary.text == "“This agreement means customers benefit from having access to leading models” [1]."


AMAZON = (NamedThing("Amazon", "amazon", True),)
STARGATE = (NamedThing("Stargate", "stargate", True),)
OPENAI = (NamedThing("OpenAI", "openai", True),)
PURSUE = "Under the Microsoft-OpenAI agreement of 28 October 2025, Microsoft may pursue AGI on its own."
MICROSOFT = (NamedThing("Microsoft", "microsoft", True),)


STAKE = "Microsoft's stake is about 27%, and revenue share runs until 2030."
STATEMENT = "OpenAI's joint statement came alongside its deal with Amazon."
LICENCE = "Microsoft's licence to OpenAI's IP still runs through 2032 but becomes non-exclusive."
HARDWARE = "OpenAI's consumer hardware is outside Microsoft's IP rights."
PANEL = "Any declaration by OpenAI that it has reached AGI must be verified by an independent expert panel."


@pytest.mark.parametrize(
    ("asked", "quote", "opening", "names"),
    [
        # a figure the question names and the quote lacks
        ("is the 20% revenue share confirmed", "OpenAI pays the same revenue share until 2030.", None, ()),
        ("does microsoft still get a 20% revenue share", "The revenue share is about 20%.", "Yes", ()),
        # asking whether something goes away is asking negatively: a quote saying it stays is a no
        ("is azure openai going away", "The API is sold through the Azure OpenAI Service through 2030.", "No", ()),
        # a negation after a contrast only qualifies
        ("is microsoft part of stargate?", "Microsoft is a Stargate partner but not a funder.", "Yes", ()),
        ("is microsoft still the sole provider?", "Microsoft is no longer the sole provider, but a partner.", "No", ()),
        # …unless only the contrast holds what is asked
        ("is microsoft a funder of stargate?", "Microsoft is a Stargate partner but not a funder.", "No", STARGATE),
        ("does microsoft fund stargate?", "Microsoft is a Stargate partner but not a funder.", "No", STARGATE),
        ("was microsoft an equity partner?", "Microsoft is a partner but not an equity funder.", "No", ()),
        # confirmation tags and words for the deal itself do not make a direct quote look indirect
        ("microsoft owns 27% right?", STAKE, "Yes", ()),
        ("does the deal last till 2030", STAKE, "Yes", ()),
        ("is it true the stake is 27%", STAKE, "Yes", ()),
        # a sentence that only names what the question is about does not answer it
        ("did amazon buy into openai", STATEMENT, None, AMAZON),
        # a sentence about the other party does not answer a question about one
        ("can openai pursue agi on its own", PURSUE, None, OPENAI),
        ("can microsoft pursue agi on its own", PURSUE, "Yes", MICROSOFT),
        ("was there a statement on amazon", STATEMENT, "Yes", AMAZON),
        # what a provision leaves out, or makes non-exclusive, is a no to having it
        ("is the ip licence exclusive", LICENCE, "No", ()),
        ("is the ip licence non exclusive now", LICENCE, "Yes", ()),
        ("does microsoft get the consumer hardware ip", HARDWARE, "No", ()),
        ("is consumer hardware excluded from the ip rights", HARDWARE, "Yes", ()),
        # whether something has happened is not answered by the rule for when it would
        ("has agi been declared yet", PANEL, None, ()),
        ("has the rofr been removed", "Microsoft's right of first refusal was removed.", "Yes", ()),
    ],
)
def test_yes_no_openings_from_the_quote(
    asked: str, quote: str, opening: str | None, names: tuple[NamedThing, ...]
) -> None:
    summary = summarise(question(asked, "yes_no", names=names), [(quote, 1)], NAMES)
    assert summary is not None
    if opening is None:  # the quote does not answer: no yes or no
        assert summary.indirect and summary.text == f"{quote.rstrip('.')} [1]."
    else:
        assert not summary.indirect and summary.text.startswith(f"{opening} — ")


def test_a_count_is_answered_by_a_quantity_of_what_it_counts_never_by_money() -> None:
    capacity = "The Abilene site has a capacity of about 1.2 gigawatts (GW), and cost $15 billion."
    power = [capacity[s.start : s.end] for s in spans(capacity, "amount", NAMES, counting="power")]
    assert power == ["about 1.2 gigawatts (GW)"]
    assert spans(capacity, "amount", NAMES, counting="people") == []
    assert spans(capacity, "amount", NAMES, counting="things") == []
    assert [capacity[s.start : s.end] for s in spans(capacity, "amount", NAMES)] == ["$15 billion"]


def test_a_month_overview_opens_with_what_the_documents_of_that_month_say_not_how_it_is_sourced() -> None:
    asked = question("june 2025", "other", time=TimeRef(kind="date", date=dt.date(2025, 6, 1), precision="month"))
    quotes = [
        ("The June 2025 WIRED account is a press report and has not been confirmed.", 1),
        ("The January 2025 article says the terms last until 2030.", 2),
        ("The June 2025 WIRED report describes two separate AGI mechanisms.", 3),
    ]
    summary = summarise(asked, quotes, NAMES)
    assert summary is not None and summary.indexes == (2, 0)
    assert summary.text.startswith("The June 2025 WIRED report describes two separate AGI mechanisms [3]; ")


def test_a_who_summary_does_not_add_names_a_sentence_says_are_not_it() -> None:
    funders = ("The equity funders are SoftBank, OpenAI, Oracle and MGX.", 1)
    negated = ("Microsoft is listed as a technology partner but not as an equity funder.", 2)
    summary = summarise(question("who is funding stargate", "names"), [funders, negated], NAMES)
    assert summary is not None and summary.indexes == (0,) and "Microsoft" not in summary.text


def test_a_yes_needs_the_question_s_terms_in_their_forms_not_their_related_words() -> None:
    partners = "The technology partners of the Stargate Project, announced on 21 January 2025, are Arm and Oracle."
    stargate = (NamedThing("Stargate", "stargate", True),)
    # "partners" are related to "funders" (people asking for Stargate's partners mean both), but a sentence
    # naming partners does not say who funds it: no yes or no
    funded = summarise(question("is stargate government funded", "yes_no", names=stargate), [(partners, 1)], NAMES)
    assert funded is not None and funded.indirect
    partner = summarise(question("is oracle a partner in stargate", "yes_no", names=stargate), [(partners, 1)], NAMES)
    assert partner is not None and partner.text.startswith("Yes — ")
    # a term's related words ("AI infrastructure joint venture" for Stargate) are not asked either
    listed = (
        "In OpenAI's Stargate announcement, Microsoft is listed as a technology partner but not as an equity funder."
    )
    assert holds(listed, "is microsoft a stargate partner")


def test_over_how_many_years_is_answered_by_a_span_of_time_or_until_when() -> None:
    stargate = (
        "OpenAI announced the Stargate Project, which will invest $500 billion over four years in the United States."
    )
    found = spans(stargate, "date", NAMES, counting="years")
    assert [stargate[s.start : s.end] for s in found] == ["over four years"]
    assert spans(stargate, "date", NAMES) == []  # a span of time is no date otherwise
    terms = "On 28 October 2025 the IP rights were extended through 2032."
    assert [terms[s.start : s.end] for s in spans(terms, "date", NAMES, counting="years")] == ["through 2032"]
    asked = question("$500 billion over how many years?", "date", ending=True, counting="years")
    summary = summarise(asked, [(terms, 1), (stargate, 2)], NAMES)
    assert summary is not None and summary.index == 1  # the quote about the figure asked
    assert summary.text.startswith("OpenAI announced") and "**over four years** in" in summary.text


def test_a_why_question_is_answered_by_the_quote_giving_a_reason() -> None:
    fact = (
        "As part of Microsoft's July 2019 investment of $1 billion, Microsoft's Azure became OpenAI's exclusive cloud."
    )
    reason = "OpenAI has frequently cited limited compute resources as a stumbling block."
    summary = summarise(
        question("why did microsoft give up exclusive cloud?", "other"), [(fact, 1), (reason, 2)], NAMES
    )
    assert summary is not None and summary.index == 1 and summary.text.startswith("OpenAI has frequently cited")


def test_a_clause_announcing_what_follows_its_colon_is_not_cut_from_it() -> None:
    asterisk = (
        "However, there is one massive asterisk in these arrangements: if OpenAI attains artificial general "
        "intelligence, AGI, as the two companies define it, essentially AI able to rake in at least AUD$100 billion "
        "in profit, Microsoft will no longer have access to OpenAI’s technology, according to reports."
    )
    summary = summarise(question("whats the deal with the expert panel", "other"), [(asterisk, 1)], NAMES)
    assert summary is not None
    assert not summary.text.startswith("However, there is one massive asterisk in these arrangements… [1]")
    assert "if OpenAI attains artificial general intelligence" in summary.text


def test_a_yes_said_by_two_quotes_about_the_thing_named_gives_both() -> None:
    partners = "The technology partners of the Stargate Project are Arm, Microsoft, NVIDIA, Oracle and OpenAI."
    funders = "The equity funders of the Stargate Project are SoftBank, OpenAI, Oracle and MGX."
    oracle = (NamedThing("Oracle", "oracle", True), NamedThing("Stargate", "stargate", True))
    summary = summarise(question("is oracle in stargate", "yes_no", names=oracle), [(partners, 1), (funders, 2)], NAMES)
    assert summary is not None and summary.indexes == (0, 1)
    # the second quote reads on after the semicolon
    second = "the equity funders of the Stargate Project are SoftBank, OpenAI, Oracle and MGX [2]."
    assert summary.text == f"Yes — {partners[:-1]} [1]; {second}"


def test_or_not_asks_yes_or_no_not_the_negative() -> None:
    listed = (
        "In OpenAI's Stargate announcement, Microsoft is listed as a technology partner but not as an equity funder."
    )
    asked = question(
        "was microsoft named as a stargate partner or not", "yes_no", names=(NamedThing("Stargate", "stargate", True),)
    )
    summary = summarise(asked, [(listed, 1)], NAMES)
    assert summary is not None and summary.text.startswith("Yes — ")
