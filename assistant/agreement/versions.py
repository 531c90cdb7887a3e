"""The agreement over time: its terms versions and what became of each provision, with sources.

This is the core API a user interface needs for a terms selector and a timeline view:

- :func:`terms_versions` lists the versions (``2025-01`` the article's, ``2025-10``, ``2026-02``,
  ``2026-04``) with the day each came into force, the last day it was in force, a label and the
  citation that dates it;
- :func:`provision_timeline` lists, provision by provision, what each version did to it
  (``initial``, ``changed``, ``reaffirmed``, ``unchanged``, ``contested``, ``ended``), each with a
  verbatim citation of the dated note that says so;
- :func:`changes_after` gives the changes worth telling a reader after a given version;
- :func:`check_terms` turns a version id or an ISO date into the version id, or raises
  :class:`~assistant.agreement.clauses.UnknownTermsError` with a message for the user.

All of it comes from the clause sheet (``assistant/data/clauses/*.yaml``): its ``terms`` block and
its ``history`` entries. The citations are found in the corpus the caller gives (a
:data:`~assistant.agreement.quotes.Locate`, such as the assistant's ``SourceTexts.cite``).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from functools import lru_cache

from pydantic import BaseModel

from assistant.agreement.clause_file import CHANGE_KINDS, CHANGE_NEWS, ChangeKind, ProvisionChange
from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.dates import short_date
from assistant.agreement.provisions import Provision, provision_catalogue, provision_order, provision_title
from assistant.agreement.quotes import Locate
from assistant.agreement.sheet import ClauseSheet, TermsRules
from assistant.citation import Citation

__all__ = [
    "CHANGE_KINDS",
    "CHANGE_NEWS",
    "ProvisionPeriod",
    "TermsVersion",
    "TimelineEntry",
    "changes_after",
    "check_terms",
    "latest_terms",
    "provision_periods",
    "provision_timeline",
    "provisions",
    "short_date",
    "terms_name",
    "terms_versions",
    "version_changes",
]


class TermsVersion(BaseModel):
    """One version of the agreement's terms, for selectors and timelines.

    Attributes:
        id: ``YYYY-MM`` (what ``answer(..., terms=...)`` takes).
        date: The day it came into force (was announced).
        until: The last day it was in force, ``None`` for the latest.
        title: What it is.
        label: A short name ("October 2025 definitive agreement").
        source: The corpus document that establishes it.
        citation: A verbatim sentence of that document, with its date, URL and confidence.
    """

    id: str
    date: datetime.date
    until: datetime.date | None
    title: str
    label: str
    source: str
    citation: Citation | None


class TimelineEntry(BaseModel):
    """What one version did to one provision.

    Attributes:
        provision: The provision id (``first-refusal``).
        provision_title: Its title.
        date: The day the version came into force.
        version: The version id.
        version_label: The version's short name.
        kind: ``initial``, ``added``, ``changed``, ``reaffirmed``, ``unchanged``, ``contested`` or ``ended``.
        summary: What happened, in words ("the right of first refusal was removed").
        citation: The verbatim quote it rests on (``None`` only for ``unchanged``).
        headline: One of the changes the version is known for (said first of what it changed).
    """

    provision: str
    provision_title: str
    date: datetime.date
    version: str
    version_label: str
    kind: ChangeKind
    summary: str
    citation: Citation | None
    headline: bool = False

    def line(self) -> str:
        """``Changed on 28 Oct 2025: the right of first refusal was removed`` (without the marker)."""
        kind = " (contested)" if self.kind == "contested" else ""
        return f"Changed on {short_date(self.date)}{kind}: {self.summary}"


class ProvisionPeriod(BaseModel):
    """A stretch of time in which one version's clauses state a provision.

    Attributes:
        version: The version id.
        start: Its first day.
        end: Its last day, ``None`` when still in force.
    """

    version: str
    start: datetime.date
    end: datetime.date | None


def _sheet() -> ClauseSheet:
    return bundled_sheet()


def _until(ordered: list[TermsRules], index: int) -> datetime.date | None:
    if index + 1 >= len(ordered):
        return None
    return ordered[index + 1].info.in_force_from - datetime.timedelta(days=1)


def terms_versions(locate: Locate) -> list[TermsVersion]:
    """Every terms version, oldest first, each with the citation that dates it (found by ``locate``)."""
    ordered = _sheet().ordered()
    return [
        TermsVersion(
            id=v.info.id,
            date=v.info.in_force_from,
            until=_until(ordered, i),
            title=v.info.title,
            label=v.info.label,
            source=v.info.source,
            citation=locate(v.info.source, v.info.quote),
        )
        for i, v in enumerate(ordered)
    ]


def named_versions(text: str) -> list[tuple[int, TermsRules]]:
    """The terms versions ``text`` names, each with where its name starts, in the order it names them.

    A version is named by one of its aliases ("the definitive agreement", "April 2026").
    """
    named = [
        (min(starts), version)
        for version in _sheet().ordered()
        if (starts := [m.start() for alias in version.info.aliases if (m := re.search(alias, text, re.IGNORECASE))])
    ]
    return sorted(named, key=lambda item: item[0])


@lru_cache(maxsize=1024)
def without_version_names(text: str) -> str:
    """``text`` with the names of terms versions taken out ("is the 2026 amendment public?": "is the 2026  public?")."""
    for version in _sheet().ordered():
        for alias in version.info.aliases:
            text = re.sub(alias, " ", text, flags=re.IGNORECASE)
    return text


def first_named_version(text: str) -> tuple[int, TermsRules] | None:
    """The terms version ``text`` names first, with where its name starts; ``None`` when it names none."""
    named = named_versions(text)
    return named[0] if named else None


def latest_terms() -> str:
    """The id of the version in force now (the latest)."""
    return _sheet().ordered()[-1].info.id


def terms_name(terms: object) -> str:
    """How answers name a version in a sentence: ``the October 2025 definitive agreement``."""
    return _sheet().resolve(terms).info.name


def check_terms(terms: object) -> str:
    """The version id for a version id, an ISO date (the version in force then), or ``None``/``""`` (default).

    Raises:
        UnknownTermsError: With a message for the user naming the known versions.
    """
    return _sheet().resolve(terms).info.id


def provisions() -> list[Provision]:
    """The provisions in timeline order, with titles and keywords."""
    return list(provision_catalogue())


def _entry(version: TermsRules, entry: ProvisionChange, locate: Locate) -> TimelineEntry:
    citation = locate(entry.source, entry.quote) if entry.source and entry.quote else None
    return TimelineEntry(
        provision=entry.provision,
        provision_title=provision_title(entry.provision),
        date=version.info.in_force_from,
        version=version.info.id,
        version_label=version.info.label,
        kind=entry.kind,
        summary=" ".join(entry.summary.split()),
        citation=citation,
        headline=entry.headline,
    )


def _all_changes() -> list[tuple[TermsRules, ProvisionChange]]:
    """Every version's changes, by date, then in catalogue order."""
    order = provision_order()
    found = [(v, c) for v in _sheet().ordered() for c in v.changes]
    return sorted(found, key=lambda item: (item[0].info.in_force_from, order.get(item[1].provision, len(order))))


def provision_timeline(
    provision: str | None = None, *, since: datetime.date | None = None, locate: Locate
) -> list[TimelineEntry]:
    """What each version did to each provision, by date, then in catalogue order.

    Args:
        provision: One provision id; ``None`` for all of them.
        since: Keep only the entries dated on or after this day.
        locate: Finds each entry's quote in the corpus (an entry whose quote is not there has no citation).

    Returns:
        The entries, each with its citation.

    Raises:
        ValueError: When ``provision`` is not a known provision id.
    """
    known = [p.id for p in provision_catalogue()]
    if provision is not None and provision not in known:
        raise ValueError(f"unknown provision {provision!r} (known: {', '.join(known)})")
    return [
        _entry(v, c, locate)
        for v, c in _all_changes()
        if (provision is None or c.provision == provision) and (since is None or v.info.in_force_from >= since)
    ]


def changes_after(terms: object, provision_ids: Iterable[str], locate: Locate) -> list[TimelineEntry]:
    """The news for these provisions in versions later than ``terms``: changed, contested, ended, added.

    Args:
        terms: The version the reader is looking at (id, ISO date, or ``None`` for the article's).
        provision_ids: The provisions of interest.
        locate: Finds each entry's quote in the corpus (an entry whose quote is not there has no citation).

    Returns:
        The entries by date, then in catalogue order.

    Raises:
        UnknownTermsError: When ``terms`` names no version.
    """
    start = _sheet().resolve(terms).info.in_force_from
    wanted = set(provision_ids)
    return [
        _entry(v, c, locate)
        for v, c in _all_changes()
        if v.info.in_force_from > start and c.provision in wanted and c.kind in CHANGE_NEWS
    ]


def version_changes(terms: object, locate: Locate) -> list[TimelineEntry]:
    """The news of one version (changed, contested, ended, added), in catalogue order, with citations.

    Raises:
        UnknownTermsError: When ``terms`` names no version.
    """
    version = _sheet().resolve(terms)
    order = provision_order()
    found = sorted(
        (c for c in version.changes if c.kind in CHANGE_NEWS),
        key=lambda c: order.get(c.provision, len(order)),
    )
    return [_entry(version, c, locate) for c in found]


def provision_periods() -> dict[str, list[ProvisionPeriod]]:
    """For each provision, the consecutive stretches of time each version's clauses state it.

    A provision's versions cover time without gaps or overlaps when each stretch ends the day
    before the next begins and only the last is open (a provision that ended has a closed last one).
    """
    ordered = _sheet().ordered()
    periods: dict[str, list[ProvisionPeriod]] = {p.id: [] for p in provision_catalogue()}
    for index, version in enumerate(ordered):
        for provision in dict.fromkeys(c.provision for c in version.clauses):
            periods.setdefault(provision, []).append(
                ProvisionPeriod(version=version.info.id, start=version.info.in_force_from, end=_until(ordered, index))
            )
    return periods
