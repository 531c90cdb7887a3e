from __future__ import annotations

from assistant.question.names import NameFinder

KNOWN = {"Microsoft", "OpenAI", "SoftBank", "Oracle", "Stargate"}


def finder() -> NameFinder:
    return NameFinder(lambda name: name in KNOWN)


def test_names_are_found_however_people_write_them_and_told_apart_by_the_documents() -> None:
    found = finder().find("anthropic amazon deal vs msft and the chatgpt team")
    names = {thing.name: thing.known for thing in found}
    assert names == {"Microsoft": True, "OpenAI": True, "Amazon": False, "Anthropic": False}
    assert {t.name for t in found if t.party} == {"Microsoft", "OpenAI"}


def test_where_gives_the_offsets_of_every_name() -> None:
    text = "SoftBank, OpenAI, Oracle and MGX"
    spans = finder().where(text)
    assert [text[a:b] for a, b in spans] == ["SoftBank", "OpenAI", "Oracle", "MGX"]


def test_parts_of_words_are_not_names() -> None:
    assert finder().find("the armature of the oracles' openairs") == []


def test_the_bedrock_of_a_partnership_is_no_amazon_product() -> None:
    assert finder().find("the bedrock of its long running partnership") == []
    assert [thing.name for thing in finder().find("is openai on bedrock?")] == ["OpenAI", "Amazon"]
