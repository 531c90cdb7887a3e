"""How the deal stands now: the answer to "tl;dr the partnership", "latest status of the deal?".

A question about the agreement as a whole, asked of today, wants its terms as they stand, not the
sentence that shares most of its few words ("On 27 April 2026, Microsoft and OpenAI amended the terms
of their partnership"). Its first sentence states the latest clause of each main provision, each in the
words of the dated note it rests on, grouped by the terms version that brought it:

    As the deal stands now: under the Microsoft-OpenAI amendment of 27 April 2026, OpenAI may sell all
    of its products on any cloud [1], Microsoft's licence … becomes non-exclusive [2] and OpenAI keeps
    paying Microsoft the same revenue-share percentage until 2030, up to a total cap [3]; under the
    Microsoft-OpenAI definitive agreement of 28 October 2025, Microsoft's right of first refusal (ROFR)
    on OpenAI's compute was removed [4].

Nothing in it is outside the cited quotes but the opening and the joining words.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from assistant.agreement.clause_file import Clause
from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.quotes import Locate
from assistant.agreement.versions import TimelineEntry, provision_timeline
from assistant.answering.claim import PARTIES, claim_words
from assistant.answering.preferences import about_article
from assistant.index.lexical import tokenize
from assistant.models import Citation
from assistant.question.model import Question

#: The provisions an overview of the deal states, in the order it states them: where OpenAI may run its
#: products, Microsoft's rights to its IP, the money, and the right the article led with.
OVERVIEW_PROVISIONS: tuple[str, ...] = ("api-exclusivity", "ip-access", "revenue-sharing", "first-refusal")
#: A supporting quote joins a change's quote when it holds at least this many words its summary adds.
_SUPPORT_WORDS = 2
#: The kinds of entries that state a provision's terms (a reaffirmation or a dispute states none of its own).
_STATING = frozenset({"initial", "added", "changed", "ended"})
#: Words that by themselves ask for an overview, whatever the question's form ("where do things stand…?").
_OVERVIEW_ASKED = frozenset(
    tokenize(
        "status latest standing stand stands tldr tl dr summary summarise summarize gist overview rundown recap"
        " nutshell lowdown eli5"
    )
)
#: Words of a question that asks how the whole deal stands, not about one of its terms.
_OVERVIEW_WORDS = _OVERVIEW_ASKED | frozenset(
    tokenize(
        "state situation current overall whole everything general key main basic basically sum brief short quick"
        " simple simply plain words explain terms thing things look looks like give tell update do me us on with"
        " between arrangement arrangements relationship"
    )
)
_PREAMBLE = re.compile(r"^(?:under|according\s+to)\b[^,]{0,120},\s*", re.IGNORECASE)


def asks_how_the_deal_stands(question: Question) -> bool:
    """Whether a plain question asks how the agreement as a whole stands today.

    "latest status of the deal", "tl;dr the whole partnership", "what is the microsoft openai partnership
    in simple words": about the deal or the parties, of today or no moment in particular, and with no
    word of its own but words asking for an overview. A question naming a term ("the deal's revenue
    share?"), the article, a date or a supposition asks something else.
    """
    if question.kind != "plain" or question.followup or question.provisions or about_article(question):
        return False  # "article tldr" asks what the article says
    if question.time.kind not in ("now", "unspecified") or question.answer_type in ("yes_no", "date", "amount"):
        return False
    if question.facts is not None and question.facts.hypothetical:
        return False
    words = set(tokenize(question.read))
    if not words & PARTIES and not question.implied_subject:
        return False
    if question.answer_type not in ("other", "definition") and not words & _OVERVIEW_ASKED:
        return False  # "who is in the deal?" asks for names; "where do things stand?" for no place
    if any(not thing.party for thing in question.names):
        return False
    return not (claim_words(question) - _OVERVIEW_WORDS)


@dataclass(frozen=True)
class Standing:
    """One provision as it stands: the quote of its latest change, and the day that change came in.

    Attributes:
        provision: The provision id.
        date: The day the version that changed it last came into force.
        citations: The change's quote, then the clause's supporting quote that says what the change's
            summary says beyond it ("Azure stays OpenAI's primary cloud"), if one does.
    """

    provision: str
    date: dt.date
    citations: tuple[Citation, ...]


def standing_entries(today: dt.date, locate: Locate) -> list[Standing]:
    """How each provision of :data:`OVERVIEW_PROVISIONS` stands on ``today``, in that order.

    Its latest change by then (the clauses of the version in force give the supporting quote). Changes whose
    quote is not in the corpus are left out; so is one resting on a passage an earlier one cites.
    """
    version = bundled_sheet().in_force_on(today)
    found: list[Standing] = []
    for provision in OVERVIEW_PROVISIONS:
        stating = [
            e
            for e in provision_timeline(provision, locate=locate)
            if e.kind in _STATING and e.date <= today and e.citation is not None
        ]
        if not stating or stating[-1].citation is None:
            continue
        latest, citation = stating[-1], stating[-1].citation
        if any(citation.quote == c.quote for s in found for c in s.citations):
            continue
        # a quote another provision's change rests on is that provision's news, not this one's support
        others = {
            e.citation.quote
            for e in provision_timeline(since=latest.date, locate=locate)
            if e.provision != provision and e.citation is not None
        }
        extra = _supporting(latest, version.clauses if version is not None else [], locate, others)
        found.append(Standing(provision, latest.date, (citation, *extra)))
    return found


def _supporting(entry: TimelineEntry, clauses: list[Clause], locate: Locate, others: set[str]) -> list[Citation]:
    """The supporting quote of ``entry``'s clause that says most of what its summary adds to its quote.

    At least two of those words: "Azure exclusivity ended: …, with Azure as its primary cloud" brings
    "Azure stays OpenAI's primary cloud"; a summary all in its quote's words brings nothing, and a quote
    another provision's change rests on (``others``) is not taken.
    """
    assert entry.citation is not None
    added = set(tokenize(entry.summary)) - set(tokenize(entry.citation.quote))
    best: tuple[int, Citation] | None = None
    for clause in clauses:
        if clause.provision != entry.provision or clause.quote != entry.citation.quote:
            continue
        for support in clause.supporting:
            if support.quote in others:
                continue
            shared = len(added & set(tokenize(support.quote)))
            found = locate(support.source, support.quote) if shared >= _SUPPORT_WORDS else None
            if found is not None and (best is None or shared > best[0]):
                best = (shared, found)
    return [best[1]] if best else []


def standing_summary(entries: list[Standing]) -> str:
    """The first sentence stating ``entries``, their quotes cited [1], [2], … in the order ``entries`` hold them.

    Quotes resting on one terms version are joined under that version's words ("under the … amendment of
    27 April 2026, A [1], B [2] and C [3]"), the newest version first.
    """
    groups: dict[str, list[tuple[str, int]]] = {}
    order: list[str] = []
    numbered = enumerate((c for entry in entries for c in entry.citations), start=1)
    markers = [[next(numbered)[0] for _ in entry.citations] for entry in entries]
    said = [
        (citation, marker)
        for entry, numbers in sorted(zip(entries, markers, strict=True), key=lambda pair: -pair[0].date.toordinal())
        for citation, marker in zip(entry.citations, numbers, strict=True)
    ]
    for citation, marker in said:
        quote = citation.quote.rstrip(". ")
        preamble = _PREAMBLE.match(quote)
        head = preamble.group(0).rstrip(", ") if preamble else ""
        body = quote[preamble.end() :] if preamble else quote
        if head not in groups:
            groups[head] = []
            order.append(head)
        groups[head].append((body, marker))
    parts = []
    for head in order:
        bodies = [f"{body} [{marker}]" for body, marker in groups[head]]
        joined = bodies[0] if len(bodies) == 1 else f"{', '.join(bodies[:-1])} and {bodies[-1]}"
        parts.append(f"{head[:1].lower()}{head[1:]}, {joined}" if head else joined)
    return f"As the deal stands now: {'; '.join(parts)}."
