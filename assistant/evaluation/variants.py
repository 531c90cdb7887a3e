"""Variants: the assistant in other retrieval and answering configurations, side by side.

A variant is a name such as ``dense-only`` or ``k=3``; several join with ``+``
(``dense-only+k=3``). Each is applied by building :class:`~assistant.settings.Settings`, the
:class:`~assistant.api.Assistant` and its :class:`~assistant.retrieval.langchain_retriever.HybridRetriever` with
overrides — never by touching the environment. A variant that changes chunking gets its own index,
built in a temporary folder and deleted afterwards; the configured data folder is never written.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from assistant.api import Assistant
from assistant.evaluation.matching import Span
from assistant.index.store import IndexStore
from assistant.models import Answer
from assistant.retrieval.hybrid import HybridSearch
from assistant.settings import Settings

MODES = {"hybrid": "hybrid", "dense-only": "dense", "lexical-only": "lexical"}
NUMERIC = {
    "k": ("top_k", int),
    "threshold": ("abstain_threshold", float),
    "chunk": ("chunk_max_chars", int),
    "overlap": ("chunk_overlap_sentences", int),
    "rrf": ("rrf_k", int),
    "sentences": ("answer_max_sentences", int),
}
INDEX_SETTINGS = ("chunk_max_chars", "chunk_overlap_sentences")
WARM_UP_QUESTION = "What is the Stargate deal?"
VARIANT_HELP = (
    "default, hybrid, dense-only, lexical-only, k=N (chunks to the answerer), threshold=X (abstention), "
    "chunk=N (chunk characters), overlap=N (overlap sentences), rrf=N, sentences=N (quoted sentences); "
    "join several with '+', e.g. dense-only+k=3"
)


class VariantError(ValueError):
    """A variant name that cannot be understood, or a value the settings refuse."""


@dataclass(frozen=True)
class Variant:
    """A named configuration.

    Attributes:
        name: As the user wrote it.
        overrides: Settings fields to change.
        mode: Retrieval mode: ``hybrid``, ``dense`` or ``lexical``.
    """

    name: str
    overrides: dict[str, Any] = field(default_factory=dict)
    mode: str = "hybrid"


def parse_variant(name: str) -> Variant:
    """Read a variant name (see :data:`VARIANT_HELP`).

    Raises:
        VariantError: For an unknown part or a value that is not a number.
    """
    text = name.strip()
    if not text:
        raise VariantError(f"empty variant name; known: {VARIANT_HELP}")
    overrides: dict[str, Any] = {}
    mode = "hybrid"
    for part in text.split("+"):
        part = part.strip()
        if part == "default":
            continue
        if part in MODES:
            mode = MODES[part]
            continue
        key, sep, value = part.partition("=")
        if sep and key.strip() in NUMERIC:
            setting, kind = NUMERIC[key.strip()]
            try:
                overrides[setting] = kind(value.strip())
            except ValueError as exc:
                raise VariantError(f"variant {name!r}: {value.strip()!r} is not a valid {kind.__name__}") from exc
            continue
        raise VariantError(f"unknown variant {part!r} in {name!r}; known: {VARIANT_HELP}")
    return Variant(text, overrides, mode)


def variant_settings(variant: Variant, base: Settings) -> Settings:
    """``base`` with the variant's overrides, validated like any settings.

    Raises:
        VariantError: When a value is out of the setting's range.
    """
    try:
        return Settings.model_validate({**base.model_dump(), **variant.overrides})
    except ValidationError as exc:
        error = exc.errors()[0]
        where = ".".join(str(p) for p in error["loc"])
        raise VariantError(f"variant {variant.name!r}: {where}: {error['msg']}") from exc


class AssistantSystem:
    """The real assistant as the runner's system under test.

    Args:
        assistant: The assistant, already configured.
        mode: The retrieval mode it was built with.
    """

    def __init__(self, assistant: Assistant, mode: str) -> None:
        self.assistant = assistant
        self.mode = mode
        self.top_k = assistant.settings.top_k

    def answer(self, question: str, history: list[tuple[str, str]], terms: str | None) -> Answer:
        """Answer through :meth:`Assistant.answer`."""
        return self.assistant.answer(question, history, terms=terms)

    def retrieve(self, question: str, depth: int) -> list[tuple[str, Span]]:
        """Rank chunks as the assistant's retriever does, ``depth`` deep."""
        retriever = HybridSearch(self.assistant.store, k=depth, rrf_k=self.assistant.settings.rrf_k, mode=self.mode)
        hits, _ = retriever.search(question)
        return [
            (
                h.chunk.id,
                Span(str(h.chunk.metadata["source"]), int(h.chunk.metadata["start"]), int(h.chunk.metadata["end"])),
            )
            for h in hits
        ]


@dataclass
class OpenedVariant:
    """A variant ready to run: its system, settings and what preparing it did."""

    variant: Variant
    settings: Settings
    system: AssistantSystem
    notices: list[str]
    own_index: bool


@contextmanager
def open_variant(variant: Variant, base: Settings) -> Iterator[OpenedVariant]:
    """Build the assistant for ``variant`` (its own temporary index when chunking changes).

    Args:
        variant: The variant.
        base: The configured settings the variant changes.

    Yields:
        The ready variant (its model loaded by one warm-up question, so latencies are warm); a
        temporary index is deleted on exit.
    """
    settings = variant_settings(variant, base)
    own_index = any(getattr(settings, name) != getattr(base, name) for name in INDEX_SETTINGS)
    scratch: Path | None = None
    if own_index:
        scratch = Path(tempfile.mkdtemp(prefix="assistant-eval-index-"))
        settings = settings.model_copy(update={"data_dir": scratch})
    try:
        store = IndexStore(settings)
        assistant = Assistant(settings, store)
        assistant.retriever = HybridSearch(store, k=settings.top_k, rrf_k=settings.rrf_k, mode=variant.mode)
        notices = assistant.prepare()
        # Load the model and warm the caches here, so the first case's latency is not a cold start.
        assistant.answer(WARM_UP_QUESTION)
        yield OpenedVariant(variant, settings, AssistantSystem(assistant, variant.mode), notices, own_index)
    finally:
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
