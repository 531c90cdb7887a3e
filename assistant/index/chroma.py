"""Opening Chroma: a persistent store in the data directory, or a server named by a URL."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ChromaUrlError(ValueError):
    """``ASSISTANT_CHROMA_URL`` is not an ``http(s)://host:port`` URL."""


class ChromaUnavailableError(RuntimeError):
    """The Chroma server named by ``ASSISTANT_CHROMA_URL`` does not answer."""


def parse_chroma_url(url: str) -> tuple[str, int, bool]:
    """``(host, port, ssl)`` of a Chroma server URL such as ``http://127.0.0.1:8000``.

    Raises:
        ChromaUrlError: When the URL has no http(s) scheme or no host.
    """
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ChromaUrlError(f"ASSISTANT_CHROMA_URL must look like http://host:port, not {url!r}")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError as exc:
        raise ChromaUrlError(f"ASSISTANT_CHROMA_URL has an invalid port: {url!r}") from exc
    return parts.hostname, port, parts.scheme == "https"


def open_client(url: str | None, folder: Path, *, fresh: bool = False) -> Any:
    """A Chroma client: ``HttpClient`` for ``url``, else a ``PersistentClient`` on ``folder``.

    Args:
        url: A Chroma server URL, or ``None`` for the local store.
        folder: The local store's folder (created if needed).
        fresh: Drop Chroma's per-process cache of local stores first, so the store is read from
            disk again. A local Chroma loads its vector index once per process and never sees
            what another process wrote later; after another process's ingest, readers reopen.

    Raises:
        ChromaUrlError: When ``url`` is malformed.
        ChromaUnavailableError: When the server cannot be reached.
    """
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if url:
        host, port, ssl = parse_chroma_url(url)
        try:
            return chromadb.HttpClient(host=host, port=port, ssl=ssl, settings=settings)
        except Exception as exc:
            raise ChromaUnavailableError(
                f"cannot reach the Chroma server at {url} (ASSISTANT_CHROMA_URL): {exc}"
            ) from exc
    if fresh:
        forget_local_client(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(folder), settings=settings)


def forget_local_client(folder: Path) -> None:
    """Drop Chroma's per-process cache entry for the store in ``folder``.

    The next client on ``folder`` loads it from disk; clients and collections made earlier keep
    the store they loaded (a question being answered with one finishes with it).
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    key = str(folder)
    SharedSystemClient._identifier_to_system.pop(key, None)
    SharedSystemClient._identifier_to_refcount.pop(key, None)
