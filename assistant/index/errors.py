"""The index's errors, and the rule that turns a failure while reading the stores into one."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from assistant.index.chroma import ChromaUnavailableError


class IndexBusyError(RuntimeError):
    """Another ingest holds the lock."""


class IndexReadError(RuntimeError):
    """Reading the index failed: a store is damaged, missing or was replaced under the reader.

    Only errors raised while reading the stores become this one, so a caller that repairs the
    index on it (:meth:`assistant.index.store.IndexStore.recover`) never mistakes a bug or bad
    input for damage.
    """


@contextmanager
def reading(what: str) -> Iterator[None]:
    """Turn a failure while reading the stores into :class:`IndexReadError`.

    A busy lock or an unreachable Chroma server stay what they are: neither is damage.

    Args:
        what: What was being done, for the message (``"reading chunks"``).
    """
    try:
        yield
    except (IndexBusyError, IndexReadError, ChromaUnavailableError):
        raise
    except Exception as exc:
        raise IndexReadError(f"{what}: {exc}") from exc
