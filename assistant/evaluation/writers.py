"""Writing a report's three files into a folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.evaluation import report_html, report_md
from assistant.evaluation.compare import Comparison
from assistant.evaluation.report import write_json


def write_reports(report: dict[str, Any], directory: Path, comparison: Comparison | None = None) -> list[Path]:
    """Write ``report.json``, ``report.md`` and ``report.html`` into ``directory`` (created if needed).

    Args:
        report: The report.
        directory: The folder.
        comparison: A comparison with an earlier report, shown in the Markdown and HTML.

    Returns:
        The three paths.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    json_path = write_json(report, directory / "report.json")
    md_path = directory / "report.md"
    md_path.write_text(report_md.render(report, comparison), encoding="utf-8")
    html_path = directory / "report.html"
    html_path.write_text(report_html.render(report, comparison), encoding="utf-8")
    return [json_path, md_path, html_path]
