"""Answering "What changed?" questions with a dated timeline, provision by provision.

A question is a timeline question when it asks what changed, what is different or new, how
something has changed or evolved, or for the history or timeline of the agreement, supposes
nothing ("What if … changes?" goes to the clause evaluator), and names nobody the sources never
mention ("What changed in Anthropic's deal with Google?" goes to retrieval, which declines it).
From the question are read:

- the provisions, by their keywords (``assistant/data/provisions.yaml``); none named means all;
- the period: a version named by one of its aliases ("the definitive agreement", "April 2026")
  or a date, with "since"/"from" (that day on), "after" (strictly later) or otherwise "in" (that
  version, or that day, month or year, only). No period means the whole history, from the article.

The answer lists, for each provision, each version's entry (what it did, with the kind when it
is not a plain change) and its citation; it ends with the disagreements the cited passages touch.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache

from pydantic import BaseModel, Field

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import period_end
from assistant.agreement.provisions import provision_catalogue, provisions_in
from assistant.agreement.sheet import TermsRules
from assistant.agreement.versions import (
    TimelineEntry,
    first_named_version,
    named_versions,
    provision_timeline,
    short_date,
)
from assistant.answering.caveats import disagreement_lines
from assistant.answering.unknown_names import unknown_names
from assistant.citation import Citation
from assistant.corpus.sources import SourceTexts
from assistant.whatif.reading.dates_text import find_dates
from assistant.whatif.reading.question_parser import parse_question
from assistant.whatif.render import CitationList

_I = re.IGNORECASE
_ASKS_CHANGE = [
    re.compile(r"\bwhat(?:'s|’s|\s+has|\s+have|\s+had)?\s+(?:changed|changes)\b", _I),
    re.compile(r"\bwhat\s+(?:did|does|do|will)\b[^?.!]{0,60}\bchange\b", _I),
    re.compile(r"\bhow\s+(?:has|have|had|did|was|were|is|are)\b[^?.!]{0,80}\b(?:chang|evolv|amend)", _I),
    re.compile(r"\bwhat(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:different|new)\b", _I),
    re.compile(r"\bchanges?\s+(?:to|in|since|between|after|from)\b|\bdifferences?\s+(?:to|in|since|after|from)\b", _I),
    # "were there any amendments in 2026?", "any changes since oct?", "was the deal amended in 2026?"
    re.compile(
        r"\b(?:were|was|is|are)\s+there\s+(?:any\s+)?(?:new\s+)?(?:amendments?|changes?|updates?|revisions?)\b", _I
    ),
    re.compile(r"\bany\s+(?:new\s+)?(?:amendments?|changes?|updates?)\b", _I),
    re.compile(r"\b(?:was|were|has|have|did)\b[^?.!]{0,60}\b(?:amended|revised|renegotiated|updated)\b", _I),
    re.compile(r"\b(?:history|timeline)\s+of\b|\btimeline\b", _I),
    re.compile(r"\bhas\b[^?.!]{0,80}\bchanged\b", _I),
]
#: "what happened in oct 2025?", "what did ms give up in october 2025?", "oct 2025 deal terms": what a dated
#: event did, which is a timeline question when a terms version falls in that period (otherwise retrieval
#: answers it: "what happened in 2019?" is the first investment, no change of terms).
_ASKS_EVENT = [
    re.compile(
        r"\bwhat\s+(?:happened|was\s+(?:agreed|announced|signed|decided)"
        r"|did\s+(?:they|microsoft|openai|msft|ms|oai|the\s+(?:two|companies|parties))\s+"
        r"(?:agree|announce|sign|decide|give\s+up|concede|trade|swap))\b",
        _I,
    ),
    re.compile(r"\b(?:deal|agreement|contract|partnership)\s+terms\b|\bterms\s+of\s+the\b", _I),
]
_DIFFERENCE = re.compile(
    r"\bdiff(?:erence|erent|ers?)\b[^?.!]{0,20}\b(?:between|from)\b|\bcompared?\s+(?:to|with)\b|\bvs\.?\b", _I
)


def _version_name(version: TermsRules) -> str:
    """How a period names a version: "the October 2025 definitive agreement (28 Oct 2025)"."""
    label = version.info.label
    if label.lower().startswith("the "):
        label = label[0].lower() + label[1:]
    return label if "(" in label else f"the {label} ({short_date(version.info.in_force_from)})"


def _versions_compared(text: str) -> bool:
    """"difference between the oct 2025 deal and the april amendment": a comparison that names a terms version.

    A difference between two things that are not versions ("openai inc vs openai group pbc") is no
    question about what changed.
    """
    return bool(_DIFFERENCE.search(text)) and first_named_version(text) is not None


_KIND_NOTE = {
    "initial": "",
    "added": " (added)",
    "changed": "",
    "reaffirmed": " (reaffirmed)",
    "unchanged": " (unchanged, not mentioned)",
    "contested": " (contested)",
    "ended": " (ended)",
}


@dataclass(frozen=True)
class TimelineQuery:
    """What a timeline question asks for.

    Attributes:
        provisions: Provision ids, in catalogue order (all when the question names none).
        start: Entries dated on or after this day (``None``: from the beginning).
        end: Entries dated on or before this day (``None``: to the latest).
        period: The period in words, for the answer's first line ("since 28 Oct 2025").
        event: The question asks what happened at a time ("what happened in oct 2025?") rather than what
            changed: answered only when a terms version falls in that period.
    """

    provisions: list[str]
    start: datetime.date | None
    end: datetime.date | None
    period: str
    event: bool = False


class TimelineResponse(BaseModel):
    """A dated timeline answer.

    Attributes:
        text: Markdown with ``[n]`` markers.
        citations: In marker order.
        entries: The timeline entries shown, in the order shown.
        confidence: 0.9, or 0.75 when a cited source is marked contested or reported.
        summary: The first sentence of ``text``: which versions changed the terms in the period, and when.
    """

    text: str
    citations: list[Citation] = Field(default_factory=list)
    entries: list[TimelineEntry] = Field(default_factory=list)
    confidence: float = Field(ge=0.0, le=1.0)
    summary: str | None = None


def _preposition(text: str, start: int) -> str:
    """The last "since"/"after"/"in"… in the few words before ``start`` ("since the April 2026 …")."""
    before = text[max(0, start - 30) : start].lower()
    found = re.findall(r"\b(since|from|after|before|until|in|during|with)\b", before)
    return found[-1] if found else ""


@lru_cache(maxsize=4)
def _sheet_words(sources: SourceTexts) -> frozenset[str]:
    """Lower-case words of every document the clause sheet quotes (the agreement's sources), as ``sources`` has them."""
    quoted = {v.info.source for v in bundled_sheet().versions.values()}
    for version in bundled_sheet().versions.values():
        quoted.update(q.source for c in version.clauses for q in c.quotes())
        quoted.update(e.source for e in version.changes if e.source)
    words: set[str] = set()
    for source in quoted:
        document = sources.get(source)
        if document is not None and document.text:
            words.update(re.findall(r"[a-z0-9]+", document.text.lower()))
    return frozenset(words)


def _unknown_names(text: str, sources: SourceTexts) -> list[str]:
    """Capitalised names in the question (not its first word) that the agreement's sources never use."""
    words = _sheet_words(sources)
    if not words:
        return []
    return unknown_names(text, lambda name: name.lower() in words)


def _span(
    prep: str, first: datetime.date, last: datetime.date, name: str
) -> tuple[datetime.date | None, datetime.date | None, str]:
    if prep in ("since", "from"):
        return first, None, f"since {name}"
    if prep == "after":
        return last + datetime.timedelta(days=1), None, f"after {name}"
    if prep in ("before", "until"):
        return None, last, f"until {name}"
    return first, last, f"in {name}"


def read_timeline_query(question: str, today: datetime.date, sources: SourceTexts) -> TimelineQuery | None:
    """Read a timeline question, or return ``None`` when the question is not one.

    Args:
        question: The question.
        today: For relative dates ("last year").
        sources: The documents, to tell the names they use from those they never mention.

    Returns:
        The provisions and the period it asks about.
    """
    text = " ".join(question.split())
    event = not any(p.search(text) for p in _ASKS_CHANGE) and not _versions_compared(text)
    if event and not any(p.search(text) for p in _ASKS_EVENT):
        return None
    if parse_question(text, today).hypothetical or _unknown_names(text, sources):
        return None
    named = provisions_in(text)
    provisions = named or [p.id for p in provision_catalogue()]
    compared = named_versions(text) if _versions_compared(text) else []
    if len(compared) >= 2:
        # "difference between the October 2025 deal and the April amendment": what the later one changed
        earlier, later = sorted((version for _, version in compared[:2]), key=lambda v: v.info.in_force_from)
        after_earlier = earlier.info.in_force_from + datetime.timedelta(days=1)
        between = f"between {_version_name(earlier)} and {_version_name(later)}"
        return TimelineQuery(provisions, after_earlier, later.info.in_force_from, between, event)
    usable = [
        d
        for d in find_dates(text, today)
        if d.date is not None and d.error is None and d.text.lower() not in ("today", "now", "currently", "at present")
    ]
    if event and not usable:
        return None  # "what happened with the amazon deal?": no time asked about, so no question about changes
    version_named = first_named_version(text)
    if version_named is not None:
        position, version = version_named
        day = version.info.in_force_from
        start, end, period = _span(_preposition(text, position), day, day, _version_name(version))
        return TimelineQuery(provisions, start, end, period, event)
    if usable:
        mention = usable[0]
        assert mention.date is not None
        inner = re.match(r"(since|from|after|before|until|in|during)\b", mention.text, _I)
        prep = inner.group(1).lower() if inner else _preposition(text, mention.start)
        if inner and prep in ("after", "before"):
            prep = "since" if prep == "after" else "until"  # the year was already shifted
        first, last = mention.date, period_end(mention.date, mention.precision)
        name = _period_name(mention.date, mention.precision)  # "October 2025" for "oct 2025", "in oct", "10/2025"
        start, end, period = _span(prep, first, last, name)
        return TimelineQuery(provisions, start, end, period, event)
    return TimelineQuery(provisions, None, None, "since the article's terms of January 2025")


def _period_name(day: datetime.date, precision: str) -> str:
    """A date as the answer names it, to its precision: "2025", "October 2025", "28 Oct 2025"."""
    if precision == "year":
        return str(day.year)
    if precision == "month":
        return f"{day:%B} {day.year}"
    return short_date(day)


def _entry_line(entry: TimelineEntry, citations: CitationList) -> str:
    marker = citations.marker([entry.citation]) if entry.citation is not None else ""
    head = f"- {short_date(entry.date)}, {entry.version_label}{_KIND_NOTE[entry.kind]}"
    return f"{head}: {entry.summary} {marker}".rstrip()


def timeline_response(
    question: str, sources: SourceTexts, today: datetime.date | None = None
) -> TimelineResponse | None:
    """Answer a "What changed?" question, or return ``None`` when the question is not one.

    Args:
        question: The question.
        sources: The documents the answer quotes; entries whose quote is not in them are shown
            without a citation.
        today: For relative dates; defaults to the system date.

    Returns:
        The timeline answer.
    """
    query = read_timeline_query(question, today or datetime.date.today(), sources)
    if query is None:
        return None
    citations = CitationList()
    shown: list[TimelineEntry] = []
    sections: list[str] = []
    per_provision: list[list[TimelineEntry]] = []
    for provision in query.provisions:
        entries = [
            e
            for e in provision_timeline(provision, locate=sources.cite)
            if (query.start is None or e.date >= query.start) and (query.end is None or e.date <= query.end)
        ]
        if entries:
            per_provision.append(entries)
            shown.extend(entries)
    if query.event and all(e.kind == "initial" for e in shown):
        # "what happened in jan 2025?": no change of terms then (the article's own terms start the story,
        # beside the Stargate announcement), so the documents tell what happened
        return None
    if not per_provision:
        text = (
            f"Nothing changed {query.period}: the terms versions are "
            + ", ".join(f"{v.info.label} ({short_date(v.info.in_force_from)})" for v in bundled_sheet().ordered())
            + "."
        )
        return TimelineResponse(text=text, confidence=0.9, summary=text)
    every = len(query.provisions) == len(provision_catalogue())
    scope = "provision by provision" if every else "for the provisions you asked about"
    lead = f"How the agreement changed {query.period}, {scope} (the article describes the terms of January 2025):"
    # The first sentence is read first: its markers are numbered first, the timeline's after them.
    summary = _summary(query.period, shown, citations, every=every) or _start_summary(
        query.period, shown, sources, citations
    )
    for entries in per_provision:
        lines = [f"**{entries[0].provision_title}**"] + [_entry_line(e, citations) for e in entries]
        sections.append("\n".join(lines))
    body = "\n\n".join([summary, lead, *sections])
    cited = list(citations.items)
    lines = disagreement_lines(question, citations, sources.cite)
    text = "\n\n".join([body, *lines])
    marks = {c.confidence for c in cited}
    confidence = 0.75 if marks & {"contested", "reported"} else 0.9
    return TimelineResponse(text=text, citations=citations.items, entries=shown, confidence=confidence, summary=summary)


#: The most changes of one version the first sentence says (one each when the period holds several versions).
MAX_CHANGES_SAID = 3
#: What a version did to the terms, from the kinds of its entries in the period.
_KEPT = frozenset({"reaffirmed", "unchanged"})


def _summary(period: str, entries: list[TimelineEntry], citations: CitationList, *, every: bool) -> str | None:
    """The answer in one sentence: each version of the period, its date, what it did to the terms.

    "In 2026: the February 2026 joint statement (27 Feb 2026) kept the terms as they were [1]; the
    April 2026 amendment (27 Apr 2026) changed the terms: Azure exclusivity ended… [2]." A version that
    changed several provisions says what it changed first (up to :data:`MAX_CHANGES_SAID`, one each when
    the period holds several versions); asked about some provisions (``every`` false), a version that
    changed one says what it did ("… — the right of first refusal was removed [2]").
    The article's own terms, where the story starts, are not a change: a period holding only them has
    no such sentence (``None``; see :func:`_start_summary`).
    """
    versions: dict[str, list[TimelineEntry]] = {}
    for entry in sorted(entries, key=lambda e: e.date):
        if entry.kind != "initial":
            versions.setdefault(entry.version, []).append(entry)
    parts: list[str] = []
    for found in versions.values():
        first = found[0]
        cited = next((e.citation for e in found if e.citation is not None), None)
        # the quote the sentence ends on, numbered only once it is used (an unused number leaves a gap)
        ends_on: Citation | None = cited
        changed = [e for e in found if e.kind not in _KEPT]
        if not changed:
            did = " kept the terms as they were" if every or len(found) > 1 else " left it as it was"
        elif all(e.kind == "contested" for e in changed):
            did = " is read differently by different sources"
        elif not every and len(changed) == 1:
            did = f" — {changed[0].summary}"
            ends_on = changed[0].citation
        else:
            verb = " changed them" if any("changed the terms" in p for p in parts) else " changed the terms"
            # what it changed, what it is known for first (the clause sheet's headline changes), then in the
            # provisions' order: up to three for one version, else one each
            shown = [(e, e.citation) for e in changed if e.kind != "contested" and e.citation is not None]
            shown.sort(key=lambda pair: not pair[0].headline)
            shown = shown[: 1 if len(versions) > 1 else MAX_CHANGES_SAID]
            said = "; ".join(f"{e.summary} {citations.marker([cited])}" for e, cited in shown)
            if said:
                did, ends_on = f"{verb}: {said}", None
            else:
                did = verb
        label = first.version_label
        named = label if label.lower().startswith("the ") else f"the {label}"
        compared = period.lower().startswith("between ")  # two versions named: neither is "it"
        if label.lower() in period.lower() and len(versions) > 1 and not did.startswith(" — ") and not compared:
            named = "it"  # "Since the October 2025 agreement: it changed the terms; …"
        dated = named if named == "it" else f"{named} ({short_date(first.date)})"
        marker = f" {citations.marker([ends_on])}" if ends_on is not None else ""
        parts.append(f"{dated}{did}{marker}")
    if not parts:
        return None
    joined = "; ".join(parts)
    if len(parts) == 1 and first.version_label.lower() in period.lower():
        return f"{joined[0].upper()}{joined[1:]}."  # the period is that version ("in the October 2025 agreement")
    return f"{period[0].upper()}{period[1:]}: {joined}."


def _start_summary(period: str, entries: list[TimelineEntry], sources: SourceTexts, citations: CitationList) -> str:
    """The first sentence for a period that holds only the article's terms, where the timeline starts.

    "what changed in jan 2025?": those terms took effect then, and the quote that dates them says what
    was new ("…grants it “right of first refusal”…"), with the marker of the entry that cites it.
    """
    first = bundled_sheet().ordered()[0]
    label = first.info.label
    took = f"took effect on {short_date(first.info.in_force_from)}"
    opening = (
        f"{label} {took}"
        if label.lower() in period.lower()
        else f"{period[0].upper()}{period[1:]}: {label[0].lower()}{label[1:]} {took}"
    )
    cited = sources.cite(first.info.source, first.info.quote)
    if cited is None:
        return f"{opening}, where this timeline starts."
    shown = next(
        (e.citation for e in entries if e.citation is not None and e.citation.quote in cited.quote),
        cited,
    )
    return f"{opening} — “{cited.quote.rstrip('.')}” {citations.marker([shown])}."
