"""Scale: ingest throughput, index size, query latency and HNSW recall on generated corpora.

Run: ``.venv/bin/python benchmarks/scale.py --chunks 10000 [--queries 200] [--raw-sample 0] [--work DIR]``

On a corpus of agreement-like documents from ``benchmarks/agreement_text.py`` (seeded):

- Ingest: ``IndexStore.ingest()`` from an empty data folder (chunking, encoding every sentence
  once, the Chroma chunk collection, the SQLite sentence store, BM25, manifest, publishing the
  generation), in sentences per second, against the raw
  batch-encoding throughput of the same (glossary-expanded) sentence texts with
  ``SentenceTransformer.encode`` in one call, measured in the same run, once before and once
  after the ingest (the machine is shared: the mean of the two brackets the ingest).
  ``--raw-sample N`` times the raw encoding on a seeded sample of N of those sentences (a
  throughput, so a sample of the same texts estimates it; 0 = all). Target: ratio >= 0.9.
- Index size: bytes on disk of the Chroma store, the sentence store and the generation (manifest
  and lexical index).
- Query: ``answer()`` and the retrieval step alone (``HybridSearch.search``: ONNX question
  encoding, Chroma, BM25, fusion), p50 and p95 over generated questions. Target: p50 <= 25 ms.
- Re-ingest time with nothing changed, and with one document changed.
- Recall@10 of Chroma's HNSW (search breadth set when the collection is created) against exact
  search (brute-force dot products over every chunk vector), for the same questions.
  Target: >= 0.95.
"""

from __future__ import annotations

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))

from agreement_text import ASSETS, COMPANIES, write_corpus

from assistant.api import Assistant
from assistant.corpus.chunking import chunk_document
from assistant.corpus.documents import scan_corpus
from assistant.corpus.glossary import expand
from assistant.index.embedding import shared_embedder
from assistant.index.store import HNSW_CONFIGURATION, IndexStore
from assistant.settings import Settings, get_settings

QUESTION_TEMPLATES = [
    "Who holds a right of first refusal on {asset} offered by {a}?",
    "How much does {a} pay {b} and by when?",
    "Which licence does {a} grant {b} over {asset}?",
    "Which rights does {a} keep in {asset} developed before the agreement?",
    "How much will {a} invest in {asset}?",
    "Which {asset} does {a} buy from {b}?",
    "On what notice may {b} terminate its agreement with {a}?",
    "Where are disputes between {a} and {b} arbitrated?",
]


def questions(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        a, b = rng.sample(COMPANIES, 2)
        out.append(rng.choice(QUESTION_TEMPLATES).format(a=a, b=b, asset=rng.choice(ASSETS)))
    return out


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def sentence_texts(settings: Settings) -> list[str]:
    scan = scan_corpus(Path(settings.corpus_dir).resolve(), max_bytes=settings.max_document_bytes)
    texts: dict[str, str] = {}
    for doc in scan.documents:
        sentences, _ = chunk_document(
            doc, max_chars=settings.chunk_max_chars, overlap=settings.chunk_overlap_sentences
        )
        texts.update((s.id, s.text) for s in sentences)
    return list(texts.values())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--raw-sample", type=int, default=4000, help="time raw encoding on N sentences (0: all)")
    parser.add_argument("--work", type=Path, default=None, help="working folder (default: a temporary one)")
    parser.add_argument("--keep", action="store_true", help="keep the working folder")
    args = parser.parse_args()

    work = args.work or Path(tempfile.mkdtemp(prefix="assistant-scale-"))
    corpus, data = work / "corpus", work / "data"
    shutil.rmtree(corpus, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    started = time.perf_counter()
    documents, chunks = write_corpus(corpus, args.chunks, args.seed)
    elapsed = time.perf_counter() - started
    print(f"corpus      {documents} documents, {chunks} chunks (seed {args.seed}) in {elapsed:.1f} s")

    # The ONNX export depends only on the model: share the project's one.
    settings = Settings(corpus_dir=corpus, data_dir=data, encoder_dir=get_settings().encoder_folder)
    embedder = shared_embedder()
    texts = [expand(t) for t in sentence_texts(settings)]
    embedder.model.encode(texts[:64], batch_size=embedder.batch_size)  # load and warm up
    sample = texts
    if args.raw_sample and args.raw_sample < len(texts):
        sample = random.Random(args.seed).sample(texts, args.raw_sample)

    def raw(when: str) -> float:
        started = time.perf_counter()
        embedder.model.encode(sample, batch_size=embedder.batch_size, normalize_embeddings=True, convert_to_numpy=True)
        seconds = time.perf_counter() - started
        rate = len(sample) / seconds
        print(f"raw encode  {when}: {len(sample)} sentences in {seconds:.1f} s: {rate:.0f} sentences/s")
        return rate

    before = raw("before ingest")
    store = IndexStore(settings, embedder)
    report = store.ingest()
    ingest_rate = len(texts) / report.seconds
    print(
        f"ingest      {len(texts)} sentences, {report.chunks} chunks in {report.seconds:.1f} s: "
        f"{ingest_rate:.0f} sentences/s, {report.chunks / report.seconds:.0f} chunks/s"
    )
    raw_rate = (before + raw("after ingest")) / 2
    ratio = ingest_rate / raw_rate
    print(f"ratio       ingest / raw encoding throughput (mean of both) = {ratio:.2f}   (target >= 0.9)")
    share = report.encode_seconds / report.seconds
    seconds = f"{report.encode_seconds:.1f} of {report.seconds:.1f} s"
    print(f"            in the ingest, encoding took {seconds} ({share:.2f})")
    sizes = {name: folder_bytes(data / name) for name in ("chroma", "sentences.sqlite3", "generations")}
    print(
        f"index size  {sum(sizes.values()) / 1e6:.1f} MB on disk ("
        + ", ".join(f"{k} {v / 1e6:.1f} MB" for k, v in sizes.items())
        + f"); {sum(sizes.values()) / report.chunks / 1e3:.1f} kB per chunk"
    )

    assistant = Assistant(settings, store)
    assistant.prepare()
    asked = questions(args.queries, args.seed)
    for q in asked[:10]:
        assistant.answer(q)
    search: list[float] = []
    answers: list[float] = []
    for q in asked:
        t0 = time.perf_counter()
        assistant.retriever.search(q)
        t1 = time.perf_counter()
        assistant.answer(q)
        t2 = time.perf_counter()
        search.append(t1 - t0)
        answers.append(t2 - t1)
    print(
        f"query       answer(): p50 {statistics.median(answers) * 1000:.1f} ms, "
        f"p95 {percentile(answers, 0.95) * 1000:.1f} ms; "
        f"retrieval alone: p50 {statistics.median(search) * 1000:.1f} ms, p95 {percentile(search, 0.95) * 1000:.1f} ms "
        f"over {len(asked)} questions   (target p50 <= 25 ms)"
    )

    collection = store.chunks()
    ids: list[str] = []
    vectors: list[np.ndarray] = []
    for offset in range(0, collection.count(), 5000):
        page = collection.get(include=["embeddings"], limit=5000, offset=offset)
        ids.extend(page["ids"])
        vectors.append(np.asarray(page["embeddings"], dtype=np.float32))
    matrix = np.concatenate(vectors)
    encoder = store.query_encoder()
    query_vectors = encoder.encode(asked)
    recalls = []
    hnsw: list[float] = []
    for vector in query_vectors:
        exact = {ids[i] for i in np.argsort(-(matrix @ vector), kind="stable")[:10]}
        t0 = time.perf_counter()
        found = collection.query(query_embeddings=[vector], n_results=10, include=[])["ids"][0]
        hnsw.append(time.perf_counter() - t0)
        recalls.append(len(exact & set(found)) / 10)
    print(
        f"recall@10   HNSW vs exact: {statistics.mean(recalls):.3f} (min {min(recalls):.1f}) "
        f"over {len(asked)} questions; "
        f"Chroma query p50 {statistics.median(hnsw) * 1000:.1f} ms; HNSW {HNSW_CONFIGURATION}   (target >= 0.95)"
    )
    # Re-ingest: nothing changed (publishes nothing), then one document changed (a new generation:
    # its chunks encoded and added, every other chunk's text read back for the BM25 index).
    started = time.perf_counter()
    unchanged = store.ingest()
    idle = time.perf_counter() - started
    changed_doc = sorted(Path(corpus).rglob("*.md"))[0]
    changed_doc.write_text(changed_doc.read_text(encoding="utf-8") + "\nThe parties amend this section.\n", "utf-8")
    started = time.perf_counter()
    one = store.ingest()
    print(
        f"re-ingest   unchanged corpus {idle:.2f} s ({unchanged.unchanged} unchanged); one document changed "
        f"{time.perf_counter() - started:.2f} s (generation {one.generation}, {len(one.updated)} updated)"
    )
    if args.keep:
        print(f"kept        {work}")
    else:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
