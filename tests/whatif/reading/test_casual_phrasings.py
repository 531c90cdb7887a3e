"""Hypotheticals as people type them: "say …", "fast forward to 2034", "the chatgpt folks", "msft".

Issue 14: each of these was measured going to the wrong place (a plain answer, a timeline, or a
scenario without the facts it states) before the reader learnt the phrasing.
"""

from __future__ import annotations

import datetime

import pytest

from assistant.agreement.money import Money
from assistant.answering.timeline import timeline_response
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.reading.router import route
from assistant.whatif.respond import WhatIfResponse, respond

SOURCES = SourceTexts(PROJECT_ROOT / "corpus", 1_000_000)
TODAY = datetime.date(2026, 12, 2)
B = 10**9


def whatif(question: str, earlier: list[str] | None = None) -> WhatIfResponse:
    """The evaluator's answer, checked to be one (not retrieval, not a timeline)."""
    assert timeline_response(question, SOURCES, today=TODAY) is None, "answered with a timeline"
    response = respond(question, earlier or [], locate=SOURCES.cite, today=TODAY)
    assert response is not None, "sent to retrieval"
    assert response.kind == "whatif" and response.verdict is not None, response.text
    return response


@pytest.mark.parametrize(
    "question",
    [
        "say the chatgpt folks post US$70bn of profit in 2027 — AGI territory?",
        "imagine the chatgpt maker makes US$70bn profit in 2027, is that AGI?",
        "suppose oai makes US$70bn of profit in 2027 - agi?",
        "let's say openai makes US$70bn profit in 2027, does that count as agi",
        "hypothetically openai earns US$70bn profit in 2027 — agi or not?",
        "in a world where openai makes US$70bn of profit in 2027, is that agi?",
        "what happens if the chatgpt company makes US$70bn profit in 2027?",
        "openai makes US$70bn profit in 2027 — agi or not?",
    ],
)
def test_hypotheticals_in_peoples_words_go_to_the_evaluator(question: str) -> None:
    scenario = whatif(question).verdict.scenario  # type: ignore[union-attr]
    assert scenario.profit == Money(amount=70 * B, currency="USD")
    assert scenario.event_date == datetime.date(2027, 1, 1)
    assert scenario.workload is None  # "the chatgpt folks" are OpenAI, not the ChatGPT product


def test_say_the_chatgpt_folks_asks_whether_it_is_agi() -> None:
    response = whatif("say the chatgpt folks post US$70bn of profit in 2027 — AGI territory?")
    assert response.focus == ["agi_reached"]


@pytest.mark.parametrize(
    "question",
    [
        "fast forward to 2034, nothing else has changed — does microsoft still have access to openai's models?",
        "fast forward to 2034, does msft still have ip rights?",
        "say it's 2034 — does MS still have access to the IP?",
    ],
)
def test_fast_forward_to_a_year_is_a_scenario_not_a_timeline(question: str) -> None:
    response = whatif(question)
    assert response.verdict is not None and response.verdict.scenario.event_date == datetime.date(2034, 1, 1)
    assert response.focus == ["microsoft_ip_access"]


@pytest.mark.parametrize(
    ("alias", "company"),
    [("msft", "Microsoft"), ("MS", "Microsoft"), ("ms", "Microsoft"), ("oai", "OpenAI"), ("OAI", "OpenAI"),
     ("the chatgpt folks", "OpenAI"), ("the ChatGPT maker", "OpenAI"), ("the chatgpt company", "OpenAI"),
     ("the chatgpt people", "OpenAI")],
)  # fmt: skip
def test_company_nicknames_are_read_as_the_companies(alias: str, company: str) -> None:
    from assistant.whatif.reading.question_parser import company_names

    assert company_names(f"what if {alias} says yes?") == f"what if {company} says yes?"


def test_nicknames_are_read_but_the_question_is_kept_as_written() -> None:
    parsed = parse_question("suppose the chatgpt folks declare agi in 2028: does msft lose access?", TODAY)
    assert parsed.text == "suppose the chatgpt folks declare agi in 2028: does msft lose access?"
    assert parsed.facts["agi_declared"] is True and "workload" not in parsed.facts
    assert route(parsed) == "whatif"


@pytest.mark.parametrize("word", ["mass", "systems", "atoms", "MSc", "forms"])
def test_words_containing_the_nicknames_are_left_alone(word: str) -> None:
    from assistant.whatif.reading.question_parser import company_names

    assert company_names(f"what about {word}?") == f"what about {word}?"


@pytest.mark.parametrize(
    "phrase",
    ["azure runs dry and can't host a training run", "azure can't cover it", "azure is full", "azure runs out",
     "azure is maxed out", "azure has no room", "azure can't handle it", "azure can't keep up", "azure can't host it",
     "microsoft maxes out", "azure has no room left", "azure cant host the training run",
     "microsoft cant give openai enough compute", "microsoft can't find the capacity"],
)  # fmt: skip
def test_microsoft_cannot_meet_the_request_in_peoples_words(phrase: str) -> None:
    response = whatif(f"let's say {phrase} — can openai go to oracle for training?")
    scenario = response.verdict.scenario  # type: ignore[union-attr]
    assert (scenario.capacity_request, scenario.microsoft_can_meet) == (True, False)
    assert (scenario.provider, scenario.workload) == ("oracle", "training")


def test_azure_that_cannot_keep_up_is_not_where_the_work_goes() -> None:
    parsed = parse_question("what if azure can't keep up with training demand — can openai go elsewhere?", TODAY)
    assert parsed.facts["microsoft_can_meet"] is False
    assert "provider" not in parsed.facts
    trains = parse_question("If OpenAI trains on Azure in 2028, is the API exclusive?", TODAY)
    assert trains.facts["provider"] == "azure"


@pytest.mark.parametrize(
    "question",
    [
        "imagine AGI actually arrives in 2027 — does microsoft keep its access?",
        "what if AGI is here in 2027, does msft keep the IP?",
        "what if AGI shows up in 2027, is the API still exclusive?",
        "what if AGI happens in 2027, does the revenue share stop?",
        "once they hit AGI in 2027, does msft lose the IP?",
        "in a world where AGI is here in 2027, does revenue sharing continue?",
        "suppose agi finally arrives in 2027?",
    ],
)
def test_agi_arriving_in_peoples_words_is_agi_declared(question: str) -> None:
    scenario = whatif(question).verdict.scenario  # type: ignore[union-attr]
    assert scenario.agi_declared is True
    assert scenario.event_date == datetime.date(2027, 1, 1)


@pytest.mark.parametrize(
    "question",
    ["what if AGI never shows up?", "what if agi doesn't arrive before 2031?", "suppose AGI isn't here by 2030"],
)
def test_agi_that_never_arrives_is_agi_not_declared(question: str) -> None:
    assert parse_question(question, TODAY).facts["agi_declared"] is False


def test_the_panel_saying_no_while_openai_says_yes() -> None:
    parsed = parse_question("what if the expert panel says no agi but openai says yes", TODAY)
    assert parsed.problems == []
    assert (parsed.facts["agi_declared"], parsed.facts["agi_verified_by_panel"]) == (True, False)
    assert route(parsed) == "whatif"


@pytest.mark.parametrize(
    "question",
    ["what if agi is verified in 2029, does the revenue share stop", "suppose AGI gets verified in 2029"],
)
def test_agi_verified_is_a_verified_declaration(question: str) -> None:
    parsed = parse_question(question, TODAY)
    assert (parsed.facts["agi_declared"], parsed.facts["agi_verified_by_panel"]) == (True, True)


@pytest.mark.parametrize(
    "question",
    ["what if agi comes up in the talks in 2027?", "Where does the US$100 billion profit definition of AGI come from?"],
)
def test_agi_that_comes_up_or_comes_from_somewhere_is_not_agi_arriving(question: str) -> None:
    assert "agi_declared" not in parse_question(question, TODAY).facts


def test_a_month_and_a_year_alone_are_a_date() -> None:
    assert parse_question("jan 2025?", TODAY).facts["event_date"] == datetime.date(2025, 1, 1)
    assert "event_date" not in parse_question("ip access 2032?", TODAY).facts


def test_what_happens_when_agi_arrives_is_a_scenario() -> None:
    assert whatif("what happens when AGI arrives in 2028?").verdict.scenario.agi_declared is True  # type: ignore[union-attr]


def plain(question: str, earlier: list[str] | None = None) -> None:
    """The question goes to retrieval: the evaluator does not answer it."""
    response = respond(question, earlier or [], locate=SOURCES.cite, today=TODAY)
    assert response is None, response.text if response else ""


@pytest.mark.parametrize(
    "question",
    [
        "How much money is going into Stargate?",
        "how much money upfront for stargate",
        "how much is microsoft putting in?",
        "how much did softbank commit to stargate",
        "how much will stargate cost?",
        "how much money has msft invested in openai?",
        "how much funding does stargate have?",
        "what's msft's stake worth in 2026?",
        "How much did Microsoft invest in OpenAI in July 2019, and was that when Azure became its exclusive cloud?",
    ],
)
def test_money_about_stargate_or_investments_is_a_plain_question(question: str) -> None:
    plain(question)
    assert parse_question(question, TODAY).inverse is None


def test_how_much_money_after_what_is_stargate_is_a_plain_follow_up() -> None:
    plain("how much money is involved?", ["what is stargate?"])


@pytest.mark.parametrize(
    "question",
    [
        "What is the lowest profit that would trigger the AGI clause?",
        "how much money does openai need to make for agi?",
        "How much profit would OpenAI need to trigger the AGI clause?",
    ],
)
def test_money_about_profit_or_agi_is_still_the_profit_threshold(question: str) -> None:
    response = whatif(question)
    assert response.inverse is not None and response.focus == ["agi_reached"]


@pytest.mark.parametrize(
    "question",
    [
        "how long does microsoft get openai's ip",
        "when does the ROFR expire",
        "msft ip rights until when",
        "revenue share until when",
        "When does Microsoft lose its right of first refusal?",
        "From which year is the API no longer exclusive?",
    ],
)
def test_when_does_a_right_end_asks_about_the_agreement_not_a_scenario(question: str) -> None:
    plain(question)  # the real dates changed with later terms: retrieval and its "Changed on" lines answer it


@pytest.mark.parametrize(
    "question",
    [
        "From what date does Microsoft lose its IP access if nothing else happens?",
        "If AGI is never declared, when does the API stop being exclusive?",
        "Suppose OpenAI makes US$50 billion a year: until when does Microsoft keep its IP access?",
    ],
)
def test_when_does_a_right_end_in_a_scenario_is_an_inverse_question(question: str) -> None:
    assert whatif(question).inverse is not None


@pytest.mark.parametrize(
    "question",
    [
        "does ms ip access include post-agi models",
        "does msft keep the models post agi",
        "ip access 2032?",
        "api exclusivity 2030?",
        "does msft get first dibs on new capacity",
        "can we run training on google cloud now?",
        "is the api still exclusive to azure today?",
        # when a change happened is what the documents date, not the terms in force on one of the days
        "did microsoft lose exclusivity in jan 2025 or oct 2025",
        "was the rofr scrapped in october 2025?",
    ],
)
def test_questions_about_the_agreement_as_it_is_are_plain(question: str) -> None:
    plain(question)


@pytest.mark.parametrize(
    ("question", "facts", "focus"),
    [
        ("2033 — does microsoft still get the models", {"event_date": datetime.date(2033, 1, 1)},
         "microsoft_ip_access"),
        ("can openai just declare agi and cut microsoft off", {"agi_declared": True}, "microsoft_ip_access"),
        ("imagine its 2033, does microsoft still have rights to openai models",
         {"event_date": datetime.date(2033, 1, 1)}, "microsoft_ip_access"),
        ("hypothetically we sign a $50bn deal with AWS for training, is that ok",
         {"provider": "aws", "workload": "training", "profit": None}, "openai_may_use_other_cloud"),
        ("if openai moves training to google in 2028, does msft get first dibs?", {"provider": "google"},
         "microsoft_first_refusal"),
    ],
)  # fmt: skip
def test_the_casual_drafts_what_ifs_are_read_with_their_facts(question: str, facts: dict, focus: str) -> None:
    response = whatif(question)
    scenario = response.verdict.scenario  # type: ignore[union-attr]
    for name, value in facts.items():
        assert getattr(scenario, name) == value, name
    assert response.focus[0] == focus


def test_a_supposition_under_named_terms_is_evaluated_under_them() -> None:
    question = "under the jan 2025 terms, if azure couldn't meet demand could openai go elsewhere"
    response = whatif(question)
    assert response.verdict is not None and response.verdict.terms == "2025-01"
    assert (response.verdict.scenario.capacity_request, response.verdict.scenario.microsoft_can_meet) == (True, False)
    plain("Under the October 2025 agreement, when do Microsoft's rights to OpenAI's research IP end?")


@pytest.mark.parametrize(
    "question",
    [
        "does oai still need msft approval for compute",
        "does openai need microsoft's permission to build more capacity?",
        "do they still need microsoft's sign-off for new data centers",
    ],
)
def test_microsofts_say_over_new_capacity_is_the_right_of_first_refusal(question: str) -> None:
    assert parse_question(question, TODAY).focus == ["microsoft_first_refusal"]


def test_approval_without_capacity_is_not_the_right_of_first_refusal() -> None:
    assert "microsoft_first_refusal" not in parse_question("can openai use other clouds without approval?", TODAY).focus


@pytest.mark.parametrize(
    "question",
    [
        "oracle deal allowed?",
        "is the aws contract ok with microsoft",
        "can openai sell its models on aws",
        "what if oai wants oracle too",
        "say openai picks google cloud for training",
        "does openai still have to use azure?",
        "is chatgpt locked into azure",
        "are we allowed to ship stuff on google cloud",
        "can openai ship its models on aws now",
        "could they launch gpt on google cloud",
        "does openai still have to run everything on azure or not",
    ],
)
def test_whether_a_deal_with_another_cloud_is_allowed_asks_about_other_clouds(question: str) -> None:
    assert parse_question(question, TODAY).focus == ["openai_may_use_other_cloud"]


@pytest.mark.parametrize("question", ["who decides if agi has been reached", "who checks if agi happened"])
def test_if_after_a_verb_of_deciding_means_whether_not_a_supposition(question: str) -> None:
    assert not parse_question(question, TODAY).hypothetical
    assert parse_question("what if agi is reached in 2027", TODAY).hypothetical


@pytest.mark.parametrize(
    "question",
    ["why does openai need stargate if it already has azure", "why did openai need stargate if it had azure"],
)
def test_an_if_that_concedes_a_fact_is_no_supposition(question: str) -> None:
    assert not parse_question(question, TODAY).hypothetical


@pytest.mark.parametrize(
    ("question", "supposes"),
    [
        ("openai makes 100bn profit in 2030, agi or not?", True),
        # "or not" after a plain question, or one about today, only asks yes or no
        ("is the api still exclusive or not", False),
        ("msft owns 27% now or not?", False),
    ],
)
def test_or_not_supposes_only_after_a_statement_of_what_might_be(question: str, supposes: bool) -> None:
    assert parse_question(question, TODAY).hypothetical is supposes


def test_getting_a_cut_is_the_revenue_share() -> None:
    assert parse_question("what if oai makes $100bn profit, does msft get a cut", TODAY).focus == ["revenue_sharing"]
    assert "revenue_sharing" not in parse_question("what if microsoft cuts its azure prices", TODAY).focus
    assert "revenue_sharing" not in parse_question("does msft get a cut of stargate", TODAY).focus  # not OpenAI's


def test_running_out_of_money_is_not_microsoft_running_out_of_capacity() -> None:
    parsed = parse_question("what if stargate runs out of money halfway thru", TODAY)
    assert "microsoft_can_meet" not in parsed.facts
    assert parse_question("what if azure runs out next year", TODAY).facts.get("microsoft_can_meet") is False
