from __future__ import annotations

from pathlib import Path

from assistant.index.lexical import LexicalIndex, tokenize


def test_tokenize_stems_and_drops_stop_words_and_possessives() -> None:
    assert tokenize("Microsoft’s exclusivity of the APIs") == ["microsoft", "exclus", "api"]


def test_search_save_and_load(tmp_path: Path) -> None:
    index = LexicalIndex.build(
        ["a", "b", "c"],
        ["Microsoft gets the first crack at hosting", "The OpenAI API is exclusive to Azure", "revenue sharing"],
    )
    assert [i for i, _ in index.search("Is the API exclusive?", 3)] == ["b"]
    index.save(tmp_path / "lex")
    loaded = LexicalIndex.load(tmp_path / "lex")
    assert [i for i, _ in loaded.search("revenue share", 3)] == ["c"]
    assert loaded.search("completely unrelated words", 3) == []


def test_empty_index_answers_nothing(tmp_path: Path) -> None:
    index = LexicalIndex.build([], [])
    index.save(tmp_path / "lex")
    assert LexicalIndex.load(tmp_path / "lex").search("anything", 5) == []
