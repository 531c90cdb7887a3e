"""Only failures while reading the stores become IndexReadError; being busy or unreachable stay what they are."""

from __future__ import annotations

import sqlite3

import pytest

from assistant.index.chroma import ChromaUnavailableError
from assistant.index.errors import IndexBusyError, IndexReadError, reading


def test_a_failure_while_reading_becomes_an_index_read_error_naming_what_was_done() -> None:
    with pytest.raises(IndexReadError, match=r"^reading chunks: database disk image is malformed$") as raised:
        with reading("reading chunks"):
            raise sqlite3.DatabaseError("database disk image is malformed")
    assert isinstance(raised.value.__cause__, sqlite3.DatabaseError)


@pytest.mark.parametrize(
    "error", [IndexBusyError("busy"), ChromaUnavailableError("down"), IndexReadError("already one")]
)
def test_busy_unreachable_and_already_converted_errors_pass_through(error: Exception) -> None:
    with pytest.raises(type(error)) as raised, reading("reading chunks"):
        raise error
    assert raised.value is error


def test_nothing_happens_without_an_error() -> None:
    with reading("reading chunks"):
        value = 1
    assert value == 1
