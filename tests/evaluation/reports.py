"""A small real report, built from a fake system's run, for the report, compare and gate tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.corpus.sources import SourceTexts
from assistant.evaluation.cases import load_suite
from assistant.evaluation.report import build_report, variant_report
from assistant.evaluation.runner import run_suite
from assistant.models import Answer
from assistant.settings import Settings

from .conftest import FakeSystem

SUITE = """\
suite: qa
cases:
  - {id: ok, question: "ok?", must_state: ["yes"]}
  - {id: bad, question: "bad?", must_state: ["yes"], category: hard}
"""


def make_report(
    tmp_path: Path, sources: SourceTexts, *, bad_answer: str = "no", name: str = "default"
) -> dict[str, Any]:
    path = tmp_path / "qa.yaml"
    path.write_text(SUITE, encoding="utf-8")
    system = FakeSystem(
        answers={
            "ok?": Answer(kind="answer", text="yes", confidence=0.9),
            "bad?": Answer(kind="answer", text=bad_answer, confidence=0.4),
        }
    )
    result = run_suite(system, load_suite(path, sources), sources)
    settings = Settings(data_dir=tmp_path / "data")
    variant = variant_report(name, "hybrid", settings, [result], notices=["built"], index="abc")
    return build_report([variant], {"git": {"commit": "deadbeef", "dirty": False}, "corpus": "c0", "packages": {}})
