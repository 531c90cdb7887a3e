"""Deterministic generator of agreement-like documents, for the scale benchmark.

Run: ``.venv/bin/python benchmarks/agreement_text.py OUT_DIR --chunks 10000 [--seed 7]``

Each document is a made-up agreement between two or three parties: numbered clauses of
legal-ish sentences with parties, dates, amounts, percentages and cross-references
("Notwithstanding Section 4.2, Northwind Compute shall pay Helios AI US$3.2 billion on or before
14 March 2029."). The same seed gives byte-identical files. Documents are written until the
project's own chunker (default settings) counts the requested number of chunks.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import random
import sys
from pathlib import Path

from assistant.corpus.chunking import chunk_document
from assistant.corpus.documents import Document, DocumentMeta

COMPANIES = [
    "Microsoft", "OpenAI", "Northwind Compute", "Helios AI", "Contoso Cloud", "Fabrikam Labs", "Stargate LLC",
    "SoftBank", "Oracle", "Tailspin Capital", "Woodgrove Bank", "Litware Systems", "Adatum Networks",
    "Proseware Inc.", "Wingtip Energy", "Fourth Coffee Holdings", "Lucerne Publishing", "Margie's Data",
]
ASSETS = [
    "cloud capacity", "model weights", "training compute", "inference capacity", "the API", "research IP",
    "data centre sites", "GPU clusters", "consumer products", "enterprise licences", "safety evaluations",
    "custom silicon", "power purchase agreements", "network capacity",
]
ACTIONS = [
    "terminate this Agreement", "renegotiate the revenue share", "exercise its right of first refusal",
    "suspend the exclusivity", "audit the accounts", "withhold further investment", "appoint an expert panel",
    "transfer the licence to an affiliate", "extend the term by two years", "request additional capacity",
]
CONDITIONS = [
    "regulatory approval", "the expert panel's confirmation", "board approval", "the completion of Phase 2",
    "the availability of power at the site", "a declaration of AGI", "the Licensee's continued compliance",
    "the closing of the Series F financing", "a successful security audit",
]
TEMPLATES = [
    "{a} shall pay {b} {amount} on or before {date}.",
    "Until {date}, {a} holds a right of first refusal on any new {asset} that {b} offers to third parties.",
    "If {b} declares that artificial general intelligence has been achieved, {a} may {action} "
    "within {days} days of the declaration.",
    "{a} grants {b} a non-exclusive, worldwide licence to {asset} for a term ending on {date}.",
    "{a} will invest up to {amount} in {asset} over {years} years, subject to {condition}.",
    "Notwithstanding Section {ref}, revenue sharing of {pct}% continues until {date}.",
    "{b} may procure {asset} from providers other than {a} where {a} cannot meet a request within {days} days.",
    "The parties agree that {asset} remain exclusive to {a} until {date}, unless {condition} occurs earlier.",
    "Any dispute under Section {ref} shall be referred to arbitration in {city} within {days} days.",
    "{a} shall deliver {amount} of {asset} to {b} in {quarter} {year}.",
    "Profits of {b} above {amount} in any fiscal year trigger the review described in Section {ref}.",
    "{a} may not assign its rights under this Section without the prior written consent of {b}.",
    "This Agreement takes effect on {date} and remains in force for {years} years.",
    "Either party may {action} on {days} days' written notice if the other party breaches Section {ref}.",
    "{a} retains all intellectual property in {asset} developed before {date}.",
]
CITIES = ["London", "New York", "Singapore", "Geneva", "Seattle", "San Francisco", "Tokyo", "Paris"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
    "November", "December",
]
CHUNK_MAX_CHARS = 500
CHUNK_OVERLAP = 1


def _amount(rng: random.Random) -> str:
    if rng.random() < 0.6:
        return f"US${rng.randint(1, 300) / 10:.1f} billion"
    return f"{rng.choice(['US$', '€', 'AUD$'])}{rng.randint(5, 950)} million"


def _date(rng: random.Random) -> str:
    day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 12))
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def sentence(rng: random.Random, parties: list[str]) -> str:
    """One clause-like sentence about ``parties``."""
    a, b = rng.sample(parties, 2)
    return rng.choice(TEMPLATES).format(
        a=a,
        b=b,
        amount=_amount(rng),
        date=_date(rng),
        asset=rng.choice(ASSETS),
        action=rng.choice(ACTIONS),
        condition=rng.choice(CONDITIONS),
        days=rng.choice([10, 14, 30, 45, 60, 90, 180]),
        years=rng.randint(2, 15),
        pct=rng.choice([5, 8, 10, 12.5, 15, 20, 25]),
        ref=f"{rng.randint(1, 14)}.{rng.randint(1, 9)}",
        city=rng.choice(CITIES),
        quarter=f"Q{rng.randint(1, 4)}",
        year=rng.randint(2025, 2036),
    )


def agreement(rng: random.Random, number: int) -> tuple[str, str]:
    """``(title, body)`` of one made-up agreement."""
    parties = rng.sample(COMPANIES, rng.choice([2, 2, 3]))
    title = f"Agreement {number:06d} between {' and '.join(parties)}"
    sections = []
    for section in range(1, rng.randint(4, 12) + 1):
        sentences = [sentence(rng, parties) for _ in range(rng.randint(2, 7))]
        sections.append(f"Section {section}. " + " ".join(sentences))
    return title, "\n\n".join(sections) + "\n"


def count_chunks(source: str, body: str) -> int:
    """Chunks the project's chunker makes of ``body`` with the default settings."""
    document = Document(source, body, DocumentMeta(), hashlib.sha256(body.encode()).hexdigest(), Path(source))
    return len(chunk_document(document, max_chars=CHUNK_MAX_CHARS, overlap=CHUNK_OVERLAP)[1])


def write_corpus(folder: Path, chunks: int, seed: int = 7) -> tuple[int, int]:
    """Write agreements into ``folder`` until they make at least ``chunks`` chunks.

    Returns:
        ``(documents, chunks)`` written.
    """
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = documents = 0
    while total < chunks:
        documents += 1
        title, body = agreement(rng, documents)
        source = f"agreements/{documents // 1000:03d}/agreement-{documents:06d}.md"
        front = f"---\ntitle: {title}\ndate: {_date(rng)}\nkind: agreement\nconfidence: reported\n---\n"
        path = folder / source
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(front + body, encoding="utf-8")
        total += count_chunks(source, body)
    return documents, total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--chunks", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    documents, chunks = write_corpus(args.out, args.chunks, args.seed)
    print(f"wrote {documents} documents, {chunks} chunks into {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
