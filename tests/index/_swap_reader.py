"""A reader in its own process for tests/index/test_swap.py (not a test module).

Usage: ``python tests/index/_swap_reader.py CORPUS DATA LOG STOP``. Until the file STOP exists it takes
a snapshot of the index over and over and checks that the snapshot is one whole generation;
it writes one JSON line per check to LOG: the generation, the revision its texts are at, any
violation found, and when the check ended (``time.time()``).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

from assistant.index.fake_encoder import FakeEncoder
from assistant.index.store import IndexStore
from assistant.settings import Settings

REVISION = re.compile(r"revision (\d+)")


def check(store: IndexStore) -> dict[str, object]:
    generation = store.snapshot()
    violations: list[str] = []
    ids = sorted(generation.members)
    chunks = store.get_chunks(ids)
    if len(chunks) != len(ids):
        violations.append(f"{len(ids) - len(chunks)} of {len(ids)} chunks missing")
    revisions = sorted({m.group(1) for c in chunks.values() for m in REVISION.finditer(c.text)})
    if len(revisions) != 1:
        violations.append(f"chunks at revisions {revisions}")
    sources = {c.metadata["source"] for c in chunks.values()}
    if sources != set(generation.manifest.documents):
        violations.append(f"chunks from {sorted(sources)}, manifest lists {sorted(generation.manifest.documents)}")
    sentence_ids = sorted(generation.manifest.sentence_ids())
    sentences = store.get_sentences(sentence_ids)
    if len(sentences) != len(sentence_ids):
        violations.append(f"{len(sentence_ids) - len(sentences)} of {len(sentence_ids)} sentences missing")
    for record in list(sentences.values())[:3]:
        dense = store.dense_search(record.vector, 10, generation)
        if len(dense) != min(10, len(ids)) or not {i for i, _ in dense} <= generation.members:
            violations.append(
                f"dense search gave {len(dense)} hits, {len({i for i, _ in dense} - generation.members)} foreign"
            )
    lexical = generation.lexical.search("Microsoft capacity", 10)
    if not lexical or not {i for i, _ in lexical} <= generation.members:
        violations.append("lexical search outside the generation")
    return {"generation": generation.name, "revisions": revisions, "violations": violations}


def main() -> int:
    corpus, data, log, stop = (Path(a) for a in sys.argv[1:5])
    store = IndexStore(Settings(corpus_dir=corpus, data_dir=data), embedder=FakeEncoder())  # as the writer's
    with log.open("w", encoding="utf-8") as out:
        while not stop.exists():
            try:
                line = check(store)
            except Exception as exc:  # reported, not raised: the test reads the log
                line = {"generation": None, "revisions": [], "violations": [f"{type(exc).__name__}: {exc}"]}
            line["at"] = time.time()
            out.write(json.dumps(line) + "\n")
            out.flush()
            time.sleep(0.005)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
