"""The configured corpus, for commands that cite quotes without building an assistant."""

from __future__ import annotations

from assistant.agreement.quotes import Locate
from assistant.corpus.sources import SourceTexts
from assistant.settings import get_settings


def configured_locate() -> Locate:
    """Finds quotes in the corpus the settings name (``ASSISTANT_CORPUS_DIR``, default ``corpus/``)."""
    settings = get_settings()
    return SourceTexts(settings.corpus_dir, settings.max_document_bytes).cite
