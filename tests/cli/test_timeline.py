from __future__ import annotations

import json

from click.testing import CliRunner

from assistant.cli.main import main


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args))


def test_timeline_of_one_provision_by_its_words() -> None:
    result = run("timeline", "ROFR")
    assert result.exit_code == 0, result.output
    assert "Microsoft's right of first refusal on new capacity (first-refusal)" in result.output
    assert "28 Oct 2025  October 2025 definitive agreement: the right of first refusal was removed" in result.output
    assert "notes/2025-10-28-definitive-agreement-cloud-and-compute.md" in result.output


def test_timeline_since_a_date_as_json() -> None:
    result = run("timeline", "--since", "2026-01-01", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [v["id"] for v in data["versions"]] == ["2025-01", "2025-10", "2026-02", "2026-04"]
    assert {e["version"] for e in data["entries"]} == {"2026-02", "2026-04"}


def test_timeline_usage_errors() -> None:
    unknown = run("timeline", "stargate")
    assert unknown.exit_code == 2 and "names no single provision" in unknown.output
    bad_date = run("timeline", "--since", "2026-13-01")
    assert bad_date.exit_code == 2 and "not a date YYYY-MM-DD" in bad_date.output


def test_terms_are_checked_before_anything_is_answered() -> None:
    for command in (["ask", "Is the API exclusive?", "--terms", "bogus"], ["chat", "--terms", "1999-01-01"]):
        result = run(*command)
        assert result.exit_code == 2, result.output
        assert "Invalid value for '--terms'" in result.output
    whatif = run("whatif", "--terms", "bogus", "--date", "2027")
    assert whatif.exit_code == 2 and "unknown terms “bogus”" in whatif.output


def test_whatif_under_later_terms() -> None:
    result = run("whatif", "--terms", "2025-12-01", "--agi-verified", "--date", "2028", "--json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["terms"] == "2025-10"
    assert data["outcomes"]["microsoft_ip_access"] is True and data["outcomes"]["agi_reached"] is True
