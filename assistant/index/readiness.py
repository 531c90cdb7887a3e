"""Making the index ready to answer from: check it, then build, refresh or rebuild it as needed.

While an ingest runs in another process, questions are answered from the generation published
before it; only when there is none is the caller told to wait (:class:`IndexBusyError`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from assistant.index.errors import IndexBusyError
from assistant.index.freshness import Freshness, Status
from assistant.index.generations import read_pointer
from assistant.index.ingest import IngestReport
from assistant.index.view import IndexView
from assistant.settings import Settings

Ingester = Callable[[bool], IngestReport]  # runs IndexStore.ingest(rebuild=...) over the whole corpus


class Readiness:
    """One check of the index and the repair it calls for.

    Args:
        settings: Where the corpus is.
        view: This process's view of the index.
        freshness: The checks.
        ingest: Runs an ingest of the whole corpus, a rebuild when given ``True``, taking the
            writers' locks (``IndexStore.ingest``).
        encoder_ready: Makes the question encoder ready (``IndexStore.ensure_query_encoder``).
    """

    def __init__(
        self,
        settings: Settings,
        view: IndexView,
        freshness: Freshness,
        ingest: Ingester,
        encoder_ready: Callable[[], list[str]],
    ) -> None:
        self.settings = settings
        self.view = view
        self.freshness = freshness
        self.ingest = ingest
        self.encoder_ready = encoder_ready

    def check_and_repair(self) -> list[str]:
        """Build the index if it is missing, refresh it if stale, rebuild it if damaged.

        Returns:
            User-facing notices describing what was done (empty when nothing was needed).

        Raises:
            IndexBusyError: When another process is ingesting and there is no consistent index
                to answer from meanwhile (the caller may wait for it and check again).
        """
        state = self.freshness.status()
        loaded = self.view.loaded
        current = loaded is not None and loaded.name == read_pointer(self.view.layout.data_dir)
        if state == "fresh" and current and self.freshness.present():
            return self.encoder_ready()
        consistent = state != "missing" and self.freshness.is_consistent()
        corpus = Path(self.settings.corpus_dir)
        if not corpus.is_dir() and state == "stale" and consistent:
            return [f"The corpus folder {corpus} is missing; answering from the index built earlier."]
        if state == "fresh" and consistent:
            return self.encoder_ready()
        try:
            return self._repair(state, consistent)
        except IndexBusyError:
            if not consistent:
                raise
            return [
                "The corpus changed and another ingest is refreshing the index; "
                "this answer comes from the index as it was."
            ]

    def _repair(self, state: Status, consistent: bool) -> list[str]:
        """Refresh a stale index, build a missing one, rebuild a damaged one; return what was done."""
        if state == "stale" and consistent:
            report = self.ingest(False)
            return [f"The corpus changed, so the index was refreshed: {report.summary()}", *report.notices]
        if state == "missing" and read_pointer(self.view.layout.data_dir) is None:
            report = self.ingest(False)
            return [f"Built the index for the first time: {report.summary()}", *report.notices]
        report = self.ingest(True)
        return [f"The index was missing or damaged and has been rebuilt: {report.summary()}", *report.notices]
