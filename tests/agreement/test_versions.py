"""The agreement over time: terms versions, each provision's history, and what changed when."""

from __future__ import annotations

import datetime
import itertools
from collections import Counter

import pytest

from assistant.agreement.clauses import bundled_sheet
from assistant.agreement.sheet import UnknownTermsError
from assistant.agreement.versions import (
    CHANGE_KINDS,
    changes_after,
    check_terms,
    latest_terms,
    provision_periods,
    provision_timeline,
    provisions,
    terms_versions,
    without_version_names,
)
from assistant.corpus.documents import read_document
from assistant.corpus.sources import SourceTexts
from assistant.settings import PROJECT_ROOT

CORPUS = PROJECT_ROOT / "corpus"
LOCATE = SourceTexts(CORPUS, 1_000_000).cite
D = datetime.date


def test_terms_versions_in_order_with_the_day_each_was_in_force() -> None:
    versions = terms_versions(LOCATE)
    assert [v.id for v in versions] == ["2025-01", "2025-10", "2026-02", "2026-04"]
    assert [v.date for v in versions] == [D(2025, 1, 21), D(2025, 10, 28), D(2026, 2, 27), D(2026, 4, 27)]
    assert [v.until for v in versions] == [D(2025, 10, 27), D(2026, 2, 26), D(2026, 4, 26), None]
    for version in versions:
        assert version.title and version.label and version.source
        assert version.citation is not None and version.citation.quote
    assert versions[0].source == "stargate-article.txt"
    assert latest_terms() == "2026-04"


def test_every_provision_has_a_title_and_keywords() -> None:
    catalogue = provisions()
    used = {c.provision for v in bundled_sheet().versions.values() for c in v.clauses}
    assert used <= {p.id for p in catalogue}
    for provision in catalogue:
        assert provision.title and provision.keywords


def test_every_provisions_versions_cover_time_without_gaps_or_overlaps() -> None:
    periods = provision_periods()
    assert set(periods) == {p.id for p in provisions()}
    first_day = terms_versions(LOCATE)[0].date
    for provision, spans in periods.items():
        assert spans, provision
        assert spans[0].start == first_day, (provision, "a provision of the article starts with the article's terms")
        for earlier, later in itertools.pairwise(spans):
            assert earlier.end is not None, (provision, "only the last period may be open")
            assert earlier.end + datetime.timedelta(days=1) == later.start, (provision, earlier, later)
            assert earlier.version != later.version
        ended = spans[-1].end is not None
        assert ended == (provision == "agi-consequence"), provision


def test_every_clause_starts_the_day_its_version_comes_into_force() -> None:
    for version in bundled_sheet().versions.values():
        for clause in version.clauses:
            assert clause.effective.start == version.info.in_force_from, clause.id
            assert clause.effective.end is None, clause.id


def test_each_version_says_what_became_of_each_provision_exactly_once() -> None:
    sheet = bundled_sheet()
    ordered = sorted(sheet.versions.values(), key=lambda v: v.info.in_force_from)
    alive: set[str] = set()
    for version in ordered:
        counts = Counter(entry.provision for entry in version.changes)
        assert all(n == 1 for n in counts.values()), (version.info.id, counts)
        carried = {c.provision for c in version.clauses}
        ended = {e.provision for e in version.changes if e.kind == "ended"}
        assert set(counts) == carried | ended, version.info.id
        assert ended <= alive and not (ended & carried)
        alive = (alive | carried) - ended


def _rules(version_id: str, provision: str) -> list[tuple[str, tuple[tuple[str, bool], ...], str | None]]:
    version = bundled_sheet().versions[version_id]
    rules = [
        (c.condition, tuple(sorted(c.outcomes.items())), c.exception_to)
        for c in version.clauses
        if c.provision == provision
    ]
    return sorted(rules, key=repr)


def test_a_provision_marked_unchanged_has_the_same_rules_and_a_changed_rule_is_never_unmarked() -> None:
    ordered = [v.id for v in terms_versions(LOCATE)]
    sheet = bundled_sheet()
    for previous, current in itertools.pairwise(ordered):
        for entry in sheet.versions[current].changes:
            same = _rules(previous, entry.provision) == _rules(current, entry.provision)
            if entry.kind in ("unchanged", "reaffirmed"):
                assert same, (current, entry.provision, "marked unchanged but its rules differ")
            if not same:
                assert entry.kind in ("changed", "contested", "ended", "added"), (current, entry.provision)


def test_history_quotes_are_verbatim_in_their_notes() -> None:
    for version in bundled_sheet().versions.values():
        for entry in version.changes:
            if entry.kind == "unchanged":
                continue
            assert entry.source and entry.quote, (version.info.id, entry.provision)
            document = read_document(CORPUS / entry.source, CORPUS, max_bytes=1_000_000)
            assert entry.quote in document.text, (version.info.id, entry.provision, entry.quote)


def test_the_timeline_of_the_first_refusal() -> None:
    entries = provision_timeline("first-refusal", locate=LOCATE)
    assert [(e.version, e.kind) for e in entries] == [
        ("2025-01", "initial"),
        ("2025-10", "changed"),
        ("2026-02", "reaffirmed"),
        ("2026-04", "unchanged"),
    ]
    removed = entries[1]
    assert removed.date == D(2025, 10, 28) and "removed" in removed.summary
    assert removed.citation is not None and removed.citation.confidence == "primary"
    assert removed.citation.source == "notes/2025-10-28-definitive-agreement-cloud-and-compute.md"
    assert entries[0].citation is not None and entries[0].citation.source == "stargate-article.txt"
    assert entries[3].citation is None
    assert all(e.provision_title == "Microsoft's right of first refusal on new capacity" for e in entries)


def test_the_timeline_since_a_date_and_for_every_provision() -> None:
    since = provision_timeline(since=D(2025, 11, 1), locate=LOCATE)
    assert {e.version for e in since} == {"2026-02", "2026-04"}
    everything = provision_timeline(locate=LOCATE)
    assert {e.kind for e in everything} <= set(CHANGE_KINDS)
    assert [e.date for e in everything] == sorted(e.date for e in everything)
    assert {e.provision for e in everything} == {p.id for p in provisions()}
    with pytest.raises(ValueError, match="unknown provision 'rofr'"):
        provision_timeline("rofr", locate=LOCATE)


def test_the_agi_definition_is_contested_in_april_2026() -> None:
    april = [e for e in provision_timeline("agi-definition", locate=LOCATE) if e.version == "2026-04"]
    assert len(april) == 1 and april[0].kind == "contested"
    assert april[0].citation is not None and april[0].citation.confidence == "contested"


def test_changes_after_a_version_are_the_real_changes_in_date_order() -> None:
    changes = changes_after("2025-01", ["first-refusal", "ip-access"], LOCATE)
    assert [(c.version, c.provision) for c in changes] == [
        ("2025-10", "ip-access"),
        ("2025-10", "first-refusal"),
        ("2026-04", "ip-access"),
    ]
    assert all(c.kind in ("changed", "contested", "ended", "added") for c in changes)
    assert changes_after("2026-04", ["first-refusal", "ip-access"], LOCATE) == []
    assert changes_after("2025-10", ["agi-definition"], LOCATE)[0].kind == "contested"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (None, "2025-01"),
        ("", "2025-01"),
        ("2025-10", "2025-10"),
        (" 2026-04 ", "2026-04"),
        ("2026-03-01", "2026-02"),
        ("2025-10-28", "2025-10"),
    ],
)
def test_check_terms_accepts_a_version_or_a_date(given: str | None, expected: str) -> None:
    assert check_terms(given) == expected


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("2024-12-31", "no terms version was in force on 2024-12-31"),
        ("latest", "unknown terms “latest”"),
        ("2025-02-30", "not a date that exists"),
        (2025, "terms must be a version id"),
        ("2025-13", "unknown terms “2025-13”"),
    ],
)
def test_check_terms_rejects_with_a_message(given: object, message: str) -> None:
    with pytest.raises(UnknownTermsError, match=message):
        check_terms(given)


def test_a_text_without_the_names_of_terms_versions() -> None:
    assert "amendment" not in without_version_names("is the 2026 amendment public")
    assert "public" in without_version_names("is the 2026 amendment public")
    assert "definitive agreement" not in without_version_names("does the definitive agreement give msft 27%").lower()
