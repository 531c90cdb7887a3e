"""One eval session: load the suites, run them under each variant, and build the report."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import DEFAULT_SUITES_DIR, Suite, display_path, load_suites, suite_paths
from assistant.evaluation.report import build_report, variant_report
from assistant.evaluation.runner import run_suite
from assistant.evaluation.variants import Variant, open_variant, parse_variant
from assistant.evaluation.versions import (
    clause_sheet_fingerprint,
    corpus_fingerprint,
    git_commit,
    index_fingerprint,
    package_versions,
    suite_fingerprints,
)
from assistant.settings import Settings, get_settings


@dataclass(frozen=True)
class Plan:
    """What a session will run, validated before anything runs.

    Attributes:
        suites: The suites, loaded and checked.
        variants: The variants; the first (``default`` unless listed otherwise) heads the report.
        settings: The configured settings the variants change.
        sources: The corpus, for citation checks.
        paths: The suite files.
    """

    suites: list[Suite]
    variants: list[Variant]
    settings: Settings
    sources: SourceTexts
    paths: list[Path]

    @property
    def total_cases(self) -> int:
        """Cases to run over all variants (for a progress bar)."""
        return len(self.variants) * sum(len(s.cases) for s in self.suites)


def plan_session(
    suites: list[str] | tuple[str, ...] = (),
    variants: list[str] | tuple[str, ...] = (),
    *,
    settings: Settings | None = None,
    suites_dir: Path = DEFAULT_SUITES_DIR,
) -> Plan:
    """Load and validate the suites and variants.

    Args:
        suites: Suite names (files in ``suites_dir``) or paths; all suites when empty.
        variants: Variant names; ``default`` is run first unless listed.
        settings: The base settings; the process-wide ones by default.
        suites_dir: Where suite names are looked up.

    Returns:
        The plan.

    Raises:
        SuiteError: When a suite is missing or malformed.
        VariantError: When a variant cannot be understood.
    """
    settings = settings or get_settings()
    sources = SourceTexts(settings.corpus_dir, settings.max_document_bytes)
    paths = suite_paths(list(suites), suites_dir)
    loaded = load_suites(paths, sources)
    parsed = [parse_variant(name) for name in variants]
    if not any(v.name == "default" for v in parsed):
        parsed.insert(0, parse_variant("default"))
    names = [v.name for v in parsed]
    unique = [v for n, v in enumerate(parsed) if v.name not in names[:n]]
    return Plan(loaded, unique, settings, sources, paths)


def run_session(plan: Plan, progress: Callable[[str], None] | None = None) -> dict[str, Any]:
    """Run every suite under every variant of ``plan``.

    Args:
        plan: From :func:`plan_session`.
        progress: Called after each case with ``"variant: suite"``.

    Returns:
        The report (see :mod:`assistant.evaluation.report`).
    """
    reports = []
    for variant in plan.variants:
        with open_variant(variant, plan.settings) as opened:
            tick = None if progress is None else (lambda suite, name=variant.name: progress(f"{name}: {suite}"))
            results = [run_suite(opened.system, suite, plan.sources, tick) for suite in plan.suites]
            reports.append(
                variant_report(
                    variant.name,
                    variant.mode,
                    opened.settings,
                    results,
                    own_index=opened.own_index,
                    notices=opened.notices,
                    index=index_fingerprint(opened.system.assistant.store),
                )
            )
    versions = {
        "packages": package_versions(),
        "git": git_commit(),
        "corpus": corpus_fingerprint(plan.settings.corpus_dir),
        "index": reports[0]["configuration"]["index"],
        "clause_sheet": clause_sheet_fingerprint(),
        "suites": suite_fingerprints(plan.paths),
        "suite_files": [display_path(p) for p in plan.paths],
    }
    return build_report(reports, versions)
