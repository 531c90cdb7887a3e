from __future__ import annotations

import datetime as dt

from assistant.answering.preferences import (
    ACCURACY_BONUS,
    ANNOUNCEMENT_PENALTY,
    ARTICLE_BONUS,
    CONTINUITY_BONUS,
    DATED_BONUS,
    DIRECT_BONUS,
    EVENT_BONUS,
    LEAD_BONUS,
    PAYMENT_BONUS,
    PAYMENT_PENALTY,
    REASON_BONUS,
    RECENCY_BONUS,
    ROLE_BONUS,
    SILENCE_PENALTY,
    SITE_BONUS,
    TITLE_ONLY_PENALTY,
    VALUE_BONUS,
    about_article,
    asks_about_an_event,
    asks_if_accurate,
    asks_if_wrong,
    bonus,
    is_sourcing_note,
    names_period,
    question_values,
)
from assistant.question.model import Question, TimeRef
from assistant.question.names import NamedThing


def question(read: str, **fields: object) -> Question:
    return Question(text=read, read=read, query=read, **fields)  # type: ignore[arg-type]


def dates(source: str) -> str | None:
    return {"notes/oct.md": "2025-10-28", "notes/jan.md": "2025-01-21"}.get(source)


def article(source: str) -> bool:
    return source == "article.txt"


def test_a_sentence_that_states_the_value_asked_about() -> None:
    asked = question("27%?")
    assert question_values(asked) == ["27"]
    assert bonus(asked, "The stake is about 27%.", "notes/oct.md", dates, article) == VALUE_BONUS
    assert bonus(asked, "The stake is about 127%.", "notes/oct.md", dates, article) == 0.0


def test_what_the_documents_of_the_month_asked_about_say() -> None:
    asked = question(
        "what happened in October 2025?", time=TimeRef("date", dt.date(2025, 10, 1), "month", "October 2025")
    )
    assert bonus(asked, "Something happened.", "notes/oct.md", dates, article) == DATED_BONUS
    assert bonus(asked, "Something happened.", "notes/jan.md", dates, article) == 0.0
    # The sentences that name a day of that month are the events.
    event = "On 28 October 2025, Microsoft and OpenAI announced a definitive agreement."
    assert bonus(asked, event, "notes/oct.md", dates, article) == DATED_BONUS + EVENT_BONUS


def test_the_year_of_a_month_asked_about_is_no_value_but_a_year_alone_is() -> None:
    month = question(
        "what happened in October 2025?", time=TimeRef("date", dt.date(2025, 10, 1), "month", "October 2025")
    )
    assert question_values(month) == []
    year = question("2032?", time=TimeRef("date", dt.date(2032, 1, 1), "year", "2032"))
    assert question_values(year) == ["2032"]
    # a year that bounds a period is a date: "in total since 2019" does not ask for 2019's sentences
    since = question(
        "how much has microsoft put in total since 2019",
        time=TimeRef("date", dt.date(2019, 1, 1), "year", "since 2019"),
    )
    assert question_values(since) == []


def test_a_question_about_the_article_itself() -> None:
    asked = question("who wrote this piece")
    assert about_article(asked)
    harnis = bonus(asked, "HARNIS specialises in AI.", "article.txt", dates, article, publishers_note=True)
    assert harnis == ARTICLE_BONUS + LEAD_BONUS  # the publisher's note says who wrote it
    # a note about the article names no author: for who wrote it, it is not as good as the publisher's note
    about = "The project's source article on Stargate, an Australian AI consultancy's post of January 2025, says so."
    assert (
        bonus(question("who wrote the stargate article", answer_type="names"), about, "notes/jan.md", dates, article)
        < harnis
    )
    assert about_article(question("who wrote that australian blog post about stargate"))
    assert bonus(asked, "Stargate is a venture.", "notes/jan.md", dates, article) == 0.0
    assert not about_article(question("who has the right of first refusal"))


def test_a_subjectless_followup_prefers_what_the_answer_before_it_quoted() -> None:
    earlier = (
        "On 21 January 2025, OpenAI announced the Stargate Project, a new company that will invest "
        "$500 billion over four years [1]."
    )
    asked = question("how much?", followup=True, subjectless=True, earlier_answer=earlier)
    quoted = (
        "On 21 January 2025, OpenAI announced the Stargate Project, a new company that will invest "
        "$500 billion over four years."
    )
    other = "The source article gives the AGI profit threshold as AUD$100 billion."
    assert bonus(asked, quoted, "notes/jan.md", dates, article) == CONTINUITY_BONUS
    assert bonus(asked, other, "notes/jan.md", dates, article) == 0.0


def test_a_subjectless_followup_prefers_what_was_quoted_only_if_it_holds_what_is_asked() -> None:
    quoted = "Stargate will invest $500 billion over four years in infrastructure in the United States."
    earlier = f"{quoted[:-1]} [1]."
    where = question("where?", followup=True, subjectless=True, earlier_answer=earlier, answer_type="place")
    how_much = question("how much?", followup=True, subjectless=True, earlier_answer=earlier, answer_type="amount")
    # the sum was quoted, but "where?" is not answered by a whole country: a site sentence must win
    assert bonus(where, quoted, "notes/jan.md", dates, article) == 0.0
    assert bonus(where, "Abilene, Texas is the first site.", "notes/jan.md", dates, article) == SITE_BONUS
    assert bonus(how_much, quoted, "notes/jan.md", dates, article) == CONTINUITY_BONUS


def test_a_name_only_in_the_article_s_title_does_not_make_a_sentence_about_it() -> None:
    asked = question("how much is stargate worth", answer_type="amount")
    titled = "The January 2025 Stargate article gives the AGI profit threshold as AUD$100 billion."
    on = "The project's source article on Stargate gives the AGI profit threshold as AUD$100 billion."
    about = "The Stargate Project will deploy $100 billion immediately."
    assert bonus(asked, titled, "notes/jan.md", dates, article) == -TITLE_ONLY_PENALTY
    assert bonus(asked, on, "notes/jan.md", dates, article) == -TITLE_ONLY_PENALTY
    assert bonus(asked, about, "notes/jan.md", dates, article) == 0.0
    # …unless it names it again, or the question is about the article
    both = "The January 2025 Stargate article says Stargate will invest $500 billion."
    assert bonus(asked, both, "notes/jan.md", dates, article) == 0.0
    assert bonus(question("what does the stargate article say"), titled, "notes/jan.md", dates, article) >= 0.0


def test_a_followup_about_today_or_with_its_own_subject_gets_no_continuity_bonus() -> None:
    earlier = "Microsoft has a right of first refusal on new capacity [1]."
    sentence = "Microsoft has a right of first refusal on new capacity."
    still = question("still there?", followup=True, subjectless=True, earlier_answer=earlier, time=TimeRef("now"))
    own_subject = question("and the API?", followup=True, subjectless=False, earlier_answer=earlier)
    assert bonus(still, sentence, "notes/jan.md", dates, article) <= RECENCY_BONUS  # today's recency, no continuity
    assert bonus(own_subject, sentence, "notes/jan.md", dates, article) == 0.0


def test_a_question_about_today_prefers_the_newer_document_a_little() -> None:
    today = question("who verifies agi now", time=TimeRef(kind="now", date=dt.date(2026, 12, 2)))
    newer = bonus(today, "A panel verifies it.", "notes/oct.md", dates, article)
    older = bonus(today, "The board decides it.", "notes/jan.md", dates, article)
    assert 0 < older < newer <= RECENCY_BONUS <= DIRECT_BONUS  # never enough to count as direct evidence
    assert bonus(today, "Undated background.", "notes/undated.md", dates, article) == 0.0
    assert bonus(question("who verifies agi"), "A panel verifies it.", "notes/oct.md", dates, article) == 0.0


def test_the_article_named_with_a_company_prefers_its_sentences_naming_it() -> None:
    asked = question("what does the article say about oracle", names=(NamedThing("Oracle", "oracle", True),))
    assert bonus(asked, "Oracle joins Stargate.", "article.txt", dates, article, 2000) == ARTICLE_BONUS
    assert bonus(asked, "HARNIS specialises in AI.", "article.txt", dates, article, 2000) == 0.0


def test_the_article_s_opening_on_the_subject_asked_comes_before_a_later_aside() -> None:
    asked = question("what does the article say about oracle", names=(NamedThing("Oracle", "oracle", True),))
    opening = bonus(asked, "Oracle joins Stargate.", "article.txt", dates, article, 100)
    later = bonus(asked, "Oracle joins Stargate.", "article.txt", dates, article, 2000)
    assert opening == later + LEAD_BONUS / 2
    # who wrote it is not asked of the opening, nor of the article's own words on its subject: its publisher says
    wrote = question("who published the stargate article")
    assert bonus(wrote, "Oracle joins Stargate.", "article.txt", dates, article, 100) == 0.0
    note = bonus(wrote, "HARNIS specialises in AI.", "article.txt", dates, article, 2000, publishers_note=True)
    assert note == ARTICLE_BONUS + LEAD_BONUS


def test_a_note_about_the_article_comes_after_the_article_s_own_words() -> None:
    asked = question("what does the article say about oracle", names=(NamedThing("Oracle", "oracle", True),))
    own = bonus(asked, "Oracle joins Stargate.", "article.txt", dates, article, 2000)
    note = bonus(asked, "The article says Oracle joins Stargate.", "notes/jan.md", dates, article)
    assert 0 < note < own


def test_a_sentence_that_only_says_how_a_fact_is_sourced_is_no_answer_unless_sourcing_is_asked() -> None:
    caveat = "The WIRED account of the AGI terms is a press report and has not been confirmed."
    assert bonus(question("how does the contract define agi"), caveat, "notes/jan.md", dates, article) < 0
    assert bonus(question("is the agi account confirmed"), caveat, "notes/jan.md", dates, article) == 0.0


def test_a_sentence_that_only_announces_an_event_answers_only_when_or_whether_it_happened() -> None:
    event = "On 28 October 2025, Microsoft and OpenAI announced a definitive agreement on their partnership."
    lasts = question("until when does the partnership last", answer_type="date", ending=True)
    assert not asks_about_an_event(lasts)
    assert bonus(lasts, event, "notes/oct.md", dates, article) == -ANNOUNCEMENT_PENALTY
    assert bonus(question("what is the microsoft openai partnership"), event, "notes/oct.md", dates, article) < 0
    # what was agreed then is no event: "what did msft get in oct 2025?"
    october = TimeRef(kind="date", date=dt.date(2025, 10, 1), precision="month", words="oct 2025")
    got = question("what did msft get in oct 2025", time=october)
    assert not asks_about_an_event(got) and bonus(got, event, "notes/oct.md", dates, article) < DATED_BONUS
    for asked in (
        question("when was the definitive agreement signed", answer_type="date"),
        question("did the deal change again this year", answer_type="yes_no"),
        question("what happened in oct 2025", time=october),
    ):
        assert asks_about_an_event(asked)
        assert bonus(asked, event, "notes/oct.md", dates, article) >= 0.0  # no penalty


def test_a_text_s_silence_on_something_says_nothing_of_what_it_is() -> None:
    silent = "According to press reports, the official text of the amendment does not mention AGI or the expert panel."
    assert bonus(question("what does the agi expert panel actually do"), silent, "notes/jan.md", dates, article) == (
        -SILENCE_PENALTY
    )
    # whether a text mentions it, or whether it survives, the silence does answer
    for asked in ("does the amendment mention the expert panel", "is the expert panel still a thing"):
        assert bonus(question(asked), silent, "notes/jan.md", dates, article) == 0.0


def test_a_payment_the_other_way_round_is_no_answer() -> None:
    asked = question("does Microsoft still pay OpenAI for anything")
    stops = "Under the amendment, Microsoft stops paying a revenue share to OpenAI."
    keeps = "Under the amendment, OpenAI keeps paying Microsoft the same revenue-share percentage until 2030."
    assert bonus(asked, stops, "notes/jan.md", dates, article) == PAYMENT_BONUS
    assert bonus(asked, keeps, "notes/jan.md", dates, article) == -PAYMENT_PENALTY


def test_whether_the_article_is_right_is_answered_by_the_notes_comparing_it() -> None:
    later = "The right of first refusal described in the January 2025 Stargate article was later removed."
    differs = "The article gives the threshold as AUD$100 billion, while every other source gives it as US$100 billion."
    own = "In simpler terms, Microsoft gets the first crack at hosting OpenAI's expanding AI workloads."
    stale, wrong = question("is the article still accurate"), question("what does the article get wrong")
    assert asks_if_accurate(stale) and not asks_if_wrong(stale) and asks_if_wrong(wrong)
    # out of date: what changed after it first; wrong when written: where it differs from the others first
    assert bonus(stale, later, "notes/jan.md", dates, article) == ACCURACY_BONUS
    assert bonus(stale, differs, "notes/jan.md", dates, article) == ACCURACY_BONUS / 2
    assert bonus(wrong, differs, "notes/jan.md", dates, article) == ACCURACY_BONUS
    # its own words do not say whether it is right ("gets" is no answer to "get wrong")
    assert bonus(wrong, own, "article.txt", dates, article) == 0.0
    assert not asks_if_accurate(question("what does the article say about oracle"))


def test_the_publisher_s_note_answers_only_who_published() -> None:
    note = "HARNIS specialises in AI."
    about = question("what's the article about")
    assert bonus(about, note, "article.txt", dates, article, 5000, publishers_note=True) < 0
    assert bonus(question("who wrote the article"), note, "article.txt", dates, article, 5000, publishers_note=True) > 0
    contact = "please reach out to us at hello@harnis.ai about AI in your business"
    asked = question("what email does the article give for AI in your business")
    assert bonus(asked, contact, "article.txt", dates, article, 5200, publishers_note=True) > 0


def test_a_question_about_the_whole_article_prefers_its_opening() -> None:
    about = question("what's the article about")
    opening = bonus(about, "Microsoft is no longer the sole provider.", "article.txt", dates, article, 0)
    later = bonus(about, "Only time will tell.", "article.txt", dates, article, 4000)
    assert opening == later + LEAD_BONUS


def test_a_who_question_prefers_the_sentence_saying_the_role_it_asks_about() -> None:
    stargate = (NamedThing("Stargate", "stargate", True),)
    funders = "The equity funders of the Stargate Project are SoftBank, OpenAI, Oracle and MGX."
    partners = "The technology partners of the Stargate Project are Arm, Microsoft, NVIDIA and Oracle."
    funded = question("who funded stargate?", answer_type="names", names=stargate)
    assert bonus(funded, funders, "notes/jan.md", dates, article) == ROLE_BONUS  # "funded": "funders"
    assert bonus(funded, partners, "notes/jan.md", dates, article) == 0.0
    # what the question asks for ("which companies") is no role; nor is what it names
    listed = question("which companies are in stargate?", answer_type="names", names=stargate)
    assert bonus(listed, "Stargate is a new company.", "notes/jan.md", dates, article) == 0.0
    # only who/which questions
    amount = question("how much funding for stargate?", answer_type="amount", names=stargate)
    assert bonus(amount, funders, "notes/jan.md", dates, article) == 0.0


def test_a_where_question_prefers_a_site_to_a_whole_country() -> None:
    where = question("where is stargate being built?", answer_type="place")
    site = "Abilene, Texas is the first site of the Stargate Project."
    country = "Stargate will invest $500 billion in infrastructure in the United States."
    assert bonus(where, site, "notes/jan.md", dates, article) == SITE_BONUS
    assert bonus(where, "Construction had already begun in Texas.", "notes/jan.md", dates, article) == SITE_BONUS
    assert bonus(where, country, "notes/jan.md", dates, article) == 0.0
    # organisations are no places ("…like SoftBank and Oracle, Microsoft has…")
    firms = "In deals with giants like SoftBank and Oracle, Microsoft has signed a contract."

    def names(text: str) -> list[tuple[int, int]]:
        return [(text.index(n), text.index(n) + len(n)) for n in ("Oracle", "Microsoft") if n in text]

    assert bonus(where, firms, "notes/jan.md", dates, article, find_names=names) == 0.0
    assert bonus(where, firms, "notes/jan.md", dates, article) == SITE_BONUS  # without names, it looks like one


def test_a_sentence_names_the_month_or_year_asked_about() -> None:
    june = dt.date(2025, 6, 1)
    assert names_period("The June 2025 WIRED report describes two mechanisms.", june, "month")
    assert names_period("On 3 June 2025, they met.", june, "month")
    assert not names_period("The January 2025 article says 2030.", june, "month")
    assert names_period("On 22 July 2019, OpenAI announced it.", dt.date(2019, 1, 1), "year")
    assert not names_period("It cost $2019 million.", dt.date(2019, 1, 1), "year")


def test_a_sourcing_note() -> None:
    assert is_sourcing_note("The WIRED account is a press report and has not been confirmed by either.")
    assert not is_sourcing_note("According to a WIRED report, OpenAI's board can declare AGI.")


def test_a_why_question_prefers_a_sentence_giving_a_reason() -> None:
    why = question("why did microsoft and openai renegotiate")
    reason = "OpenAI has frequently cited limited compute resources as a stumbling block."
    event = "On 27 April 2026, Microsoft and OpenAI amended the terms of their partnership."
    assert bonus(why, reason, "stargate-article.txt", dates, article) == REASON_BONUS
    assert bonus(why, event, "notes/apr.md", dates, article) == 0.0
    # only questions asking why
    assert bonus(question("what did openai cite"), reason, "stargate-article.txt", dates, article) == 0.0
