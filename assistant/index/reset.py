"""Deleting an index: its collections on a Chroma server, its files in the data folder (never the corpus)."""

from __future__ import annotations

from assistant.index.chroma import ChromaUnavailableError
from assistant.index.chunk_store import delete_remote_collections
from assistant.index.view import IndexView


def delete_index(view: IndexView) -> None:
    """Delete every stored row and generation of the index ``view`` reads; the caller holds the writers' locks.

    Raises:
        ChromaUnavailableError: When the Chroma server cannot be reached (nothing is deleted).
    """
    settings = view.settings
    if view.remote:
        # (and the sentence collection of the layout before sentences moved to SQLite)
        names = [settings.collection, f"{settings.collection}-sentences"]
        try:
            delete_remote_collections(view.client(), str(settings.chroma_url), names)
        except ChromaUnavailableError:
            view.drop_client()
            raise
    view.close()  # (the next open_client() forgets Chroma's cached store for the folder)
    view.sentences.delete_files()
    view.layout.delete_local_files()
