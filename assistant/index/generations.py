"""Generations of the index: each ingest builds one aside, then swaps a pointer to it.

A generation is a folder ``generations/<number>/`` holding the generation's manifest and its
BM25 index. The vectors and sentences are content-addressed and shared by all generations
(Chroma and :mod:`assistant.index.sentence_store`); a generation's manifest says which of them belong
to it. The file ``CURRENT`` names the generation readers use. An ingest writes its generation
into ``<number>.building/``, renames it into place, and only then replaces ``CURRENT`` with
``os.replace`` (atomic on POSIX and Windows): a reader sees the old generation or the new one,
never a mixture.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from assistant.atomic_files import write_text_atomically
from assistant.index.lexical import LexicalIndex
from assistant.index.manifest import Manifest

POINTER = "CURRENT"
FOLDER = "generations"
BUILDING = ".building"
MANIFEST = "manifest.json"
LEXICAL = "lexical"


class GenerationError(ValueError):
    """A generation's files are missing, unreadable or disagree with each other."""


@dataclass(frozen=True)
class Generation:
    """One published generation, loaded: what readers search.

    Attributes:
        name: The folder name (the zero-padded number).
        folder: ``<data dir>/generations/<name>``.
        manifest: What the generation holds.
        lexical: Its BM25 index.
        members: Its chunk ids (dense results outside this set belong to another generation).
        stamp: The manifest file's :func:`manifest_stamp` when it was read (``None``: unknown).
    """

    name: str
    folder: Path
    manifest: Manifest
    lexical: LexicalIndex
    members: frozenset[str]
    stamp: tuple[int, int, int] | None = None


def generations_dir(data_dir: Path) -> Path:
    """Where generation folders live."""
    return Path(data_dir) / FOLDER


def read_pointer(data_dir: Path) -> str | None:
    """The current generation's name, or ``None`` when there is none (or the pointer is unreadable)."""
    try:
        name = (Path(data_dir) / POINTER).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    return name if name.isdigit() else None


def read_manifest(folder: Path) -> Manifest | None:
    """A generation folder's manifest, or ``None`` when it is missing or unreadable."""
    try:
        return Manifest.model_validate_json((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValidationError, ValueError):
        return None


def manifest_stamp(folder: Path) -> tuple[int, int, int] | None:
    """The identity of a generation's manifest file (inode, size, mtime), ``None`` when it is missing.

    When it is unchanged, a manifest read earlier from that file need not be parsed again.
    """
    try:
        st = (folder / MANIFEST).stat()
    except OSError:
        return None
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def load_generation(data_dir: Path, name: str) -> Generation:
    """Load a published generation.

    Raises:
        GenerationError: When its manifest or BM25 index is missing, unreadable, or the two
            do not list the same chunks.
    """
    folder = generations_dir(data_dir) / name
    stamp = manifest_stamp(folder)  # before reading: a file replaced meanwhile shows as changed later
    manifest = read_manifest(folder)
    if manifest is None:
        raise GenerationError(f"generation {name}: {folder / MANIFEST} is missing or unreadable")
    try:
        lexical = LexicalIndex.load(folder / LEXICAL)
    except (OSError, ValueError, json.JSONDecodeError) as exc:
        raise GenerationError(f"generation {name}: its BM25 index in {folder / LEXICAL} is unreadable: {exc}") from exc
    members = frozenset(lexical.chunk_ids)
    if len(members) != len(lexical.chunk_ids) or members != manifest.chunk_ids():
        raise GenerationError(f"generation {name}: the BM25 index and the manifest list different chunks")
    return Generation(name, folder, manifest, lexical, members, stamp)


def next_name(data_dir: Path) -> str:
    """The name the next generation gets: one more than any there is or was pointed to."""
    numbers = [int(p.name.split(".")[0]) for p in _entries(data_dir) if p.name.split(".")[0].isdigit()]
    pointed = read_pointer(data_dir)
    if pointed is not None:
        numbers.append(int(pointed))
    return f"{max(numbers, default=0) + 1:06d}"


def publish(data_dir: Path, name: str, manifest: Manifest, lexical: LexicalIndex) -> Generation:
    """Write a generation aside, move it into place, then point ``CURRENT`` at it.

    Returns:
        The published generation.
    """
    root = generations_dir(data_dir)
    building = root / f"{name}{BUILDING}"
    shutil.rmtree(building, ignore_errors=True)
    building.mkdir(parents=True)
    lexical.save(building / LEXICAL)
    (building / MANIFEST).write_text(manifest.model_dump_json(indent=1), encoding="utf-8")
    folder = root / name
    os.replace(building, folder)
    write_text_atomically(Path(data_dir) / POINTER, name + "\n")
    return Generation(name, folder, manifest, lexical, frozenset(lexical.chunk_ids), manifest_stamp(folder))


def prune(data_dir: Path, keep: set[str]) -> list[str]:
    """Delete generation folders (and unfinished builds) whose names are not in ``keep``.

    Returns:
        The names of the folders deleted.
    """
    deleted = []
    for entry in _entries(data_dir):
        if entry.name not in keep:
            shutil.rmtree(entry, ignore_errors=True)
            deleted.append(entry.name)
    for stale in Path(data_dir).glob(f".{POINTER}.*.tmp"):  # a pointer write cut short
        stale.unlink(missing_ok=True)
    return deleted


def _entries(data_dir: Path) -> list[Path]:
    root = generations_dir(data_dir)
    return sorted(p for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
