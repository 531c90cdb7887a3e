"""What one process reads: the generation ``CURRENT`` names, and the stores it is read through.

A search takes one :meth:`IndexView.snapshot` and uses it throughout, so it sees one generation
whole even when an ingest publishes another meanwhile. The generation is loaded once per swap.

A local Chroma loads its vector index when its client is opened and never sees what another
process writes later, so when a generation published by another process is loaded, the client is
dropped and the next use opens it again from disk. Which generation is loaded and which client
it is read through therefore change together, under one lock (:attr:`IndexView._lock`); reads take
no lock, they use the generation and collection they were handed.
"""

from __future__ import annotations

import threading
from typing import Any

from assistant.index.chroma import open_client
from assistant.index.chunk_store import open_collection
from assistant.index.encoder import Encoder
from assistant.index.generations import (
    Generation,
    GenerationError,
    load_generation,
    manifest_stamp,
    read_manifest,
    read_pointer,
)
from assistant.index.layout import Layout
from assistant.index.manifest import Manifest
from assistant.index.sentence_store import SentenceStore
from assistant.settings import Settings


class IndexView:
    """The loaded generation, the Chroma client and the sentence store of one process.

    Args:
        settings: Where the chunks live (``chroma_url``) and the collection's name.
        layout: The data folder's paths.
        embedder: The encoder handed to Chroma with the collection.
    """

    def __init__(self, settings: Settings, layout: Layout, embedder: Encoder) -> None:
        self.settings = settings
        self.layout = layout
        self.embedder = embedder
        self.sentences = SentenceStore(layout.sentences_path)
        self._lock = threading.Lock()  # guards the four fields below as one state
        self._client: Any = None
        self._opened_at: str | None = None  # the generation CURRENT named when the client was opened
        self._generation: Generation | None = None
        self._published: set[str] = set()  # generations this process published (its client saw them written)
        self._handle: tuple[Any, Any] | None = None  # (client, its chunk collection); a cache, no lock needed

    @property
    def remote(self) -> bool:
        """Whether the chunk collection lives on a Chroma server (``settings.chroma_url``)."""
        return bool(self.settings.chroma_url)

    @property
    def loaded(self) -> Generation | None:
        """The generation loaded last (without looking at ``CURRENT``), or ``None``."""
        return self._generation

    def client(self) -> Any:
        """The Chroma client, opened on first use (and again after the view dropped it)."""
        client = self._client
        if client is not None:
            return client
        with self._lock:
            if self._client is None:
                # The pointer is read before the store is opened: everything the generation it
                # names wrote is then on disk, and a later one makes readers reopen (snapshot()).
                opened_at = read_pointer(self.layout.data_dir)
                self._client = open_client(self.settings.chroma_url, self.layout.chroma_dir, fresh=not self.remote)
                self._opened_at = opened_at
            return self._client

    def chunks(self) -> Any:
        """The Chroma collection of chunks (of every stored generation: see :meth:`snapshot`)."""
        # The handle is kept while its client is: get_or_create costs a round trip (~1 ms).
        client = self.client()
        handle = self._handle
        if handle is not None and handle[0] is client:
            return handle[1]
        collection = open_collection(client, self.settings.collection, self.embedder)
        self._handle = (client, collection)
        return collection

    def snapshot(self) -> Generation:
        """The generation ``CURRENT`` names, loaded once per swap.

        When ``CURRENT`` goes missing the loaded generation keeps serving (the freshness check
        notices and rebuilds).

        Raises:
            GenerationError: When no generation has been published, or the one named is damaged.
        """
        data_dir = self.layout.data_dir
        name = read_pointer(data_dir)
        current = self._generation
        if current is not None and (name is None or name == current.name):
            return current
        with self._lock:
            current = self._generation
            name = read_pointer(data_dir)
            if current is not None and (name is None or name == current.name):
                return current
            if name is None:
                raise GenerationError(f"no index has been built in {data_dir} yet")
            generation = load_generation(data_dir, name)
            if not self.remote and name not in self._published and name != self._opened_at:
                self._client = None  # another process published it: open the local store again
            self._generation = generation
            return generation

    def load_manifest(self) -> Manifest | None:
        """The current generation's manifest, or ``None`` when there is none or it is unreadable.

        The loaded generation's copy is returned while its file is unchanged: the freshness check
        runs every few seconds, and at 100k chunks parsing the manifest costs about 0.1 s.
        """
        folder = self.layout.generation_dir
        if folder is None:
            return None
        loaded = self._generation
        if loaded is not None and loaded.folder == folder and loaded.stamp is not None:
            if loaded.stamp == manifest_stamp(folder):
                return loaded.manifest
        return read_manifest(folder)

    def adopt(self, generation: Generation) -> None:
        """Serve ``generation``, which this process just published (its client saw every row written)."""
        with self._lock:
            self._published.add(generation.name)
            self._generation = generation

    def drop_client(self) -> None:
        """Forget the Chroma client (the next use opens a new one)."""
        with self._lock:
            self._client = None

    def close(self) -> None:
        """Forget the client, the loaded generation and the sentence connections (the next use reopens them)."""
        with self._lock:
            self._client = None
            self._generation = None
        self.sentences.close()
