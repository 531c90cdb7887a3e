from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.agreement.clauses import CLAUSES_DIR, bundled_sheet, load_sheet
from assistant.agreement.outcomes import OUTCOMES
from assistant.agreement.sheet import DEFAULT_TERMS, UnknownTermsError
from assistant.yaml_source import DataFileError

BUNDLED = (CLAUSES_DIR / "2025-01.yaml").read_text(encoding="utf-8")


def write_sheet(tmp_path: Path, text: str, name: str = "2025-01.yaml") -> Path:
    folder = tmp_path / "clauses"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def line_of(text: str, fragment: str) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def mutate(old: str, new: str) -> str:
    assert BUNDLED.count(old) >= 1, old
    return BUNDLED.replace(old, new, 1)


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(DataFileError) as info:
        load_sheet(write_sheet(tmp_path, text))
    return str(info.value)


def test_bundled_sheet_loads_and_covers_every_outcome() -> None:
    version = bundled_sheet().resolve(None)
    assert version.info.id == DEFAULT_TERMS == "2025-01"
    for outcome in OUTCOMES:
        assert version.clauses_for(outcome), outcome
    assert version.outcome_order.index("agi_reached") < version.outcome_order.index("microsoft_ip_access")
    assert version.outcome_order.index("api_exclusive_to_azure") < version.outcome_order.index(
        "openai_may_use_other_cloud"
    )
    for clause in version.clauses:
        assert clause.terms == "2025-01"
        assert clause.source and clause.quote and clause.explanation
        if clause.exception_to:
            assert clause.priority_reason


def test_provisions_are_labels_later_versions_can_share() -> None:
    provisions = {c.provision for c in bundled_sheet().resolve(None).clauses}
    assert {"agi-definition", "ip-access", "api-exclusivity", "revenue-sharing", "first-refusal", "term"} <= provisions


def test_terms_resolution() -> None:
    sheet = bundled_sheet()
    assert sheet.resolve("2025-01").info.id == "2025-01"
    assert sheet.resolve("2025-01-21").info.id == "2025-01"
    assert sheet.resolve("2025-10-27").info.id == "2025-01"
    assert sheet.resolve("2025-10-28").info.id == "2025-10"
    assert sheet.resolve(" 2026-03-01 ").info.id == "2026-02"
    assert sheet.resolve("2030-01-01").info.id == "2026-04"
    with pytest.raises(UnknownTermsError, match="no terms version was in force on 2024-12-31"):
        sheet.resolve("2024-12-31")
    with pytest.raises(UnknownTermsError, match="unknown terms “2025-11”"):
        sheet.resolve("2025-11")
    with pytest.raises(UnknownTermsError, match="not a date that exists"):
        sheet.resolve("2025-02-30")


def test_a_bad_condition_names_file_line_clause_and_field(tmp_path: Path) -> None:
    text = mutate('condition: "event_date > 2030-12-31"', 'condition: "event_date > 2030-12-31 and evnt_date"')
    message = load_error(tmp_path, text)
    assert f"data/clauses/2025-01.yaml:{line_of(text, 'evnt_date')}" in message
    assert "clause 'core-terms-end-2025-01'" in message
    assert "field 'condition'" in message
    assert "unknown name 'evnt_date'" in message


def test_a_bad_outcome_name_names_the_field(tmp_path: Path) -> None:
    text = mutate("outcomes: {agi_reached: false}", "outcomes: {agi_reachd: false}")
    message = load_error(tmp_path, text)
    assert "clause 'agi-not-reached-2025-01'" in message
    assert "field 'outcomes.agi_reachd" in message
    assert f":{line_of(text, 'agi_reachd')}:" in message


def test_a_missing_field_is_reported(tmp_path: Path) -> None:
    text = mutate('    explanation: "AGI has been declared (attained), so it is reached."\n', "")
    message = load_error(tmp_path, text)
    assert "clause 'agi-declared-2025-01'" in message and "field 'explanation'" in message
    assert re.search(r"2025-01\.yaml:\d+", message)


def test_an_unknown_field_is_reported(tmp_path: Path) -> None:
    text = mutate("    label: agi-default\n", "    label: agi-default\n    priority: 3\n")
    message = load_error(tmp_path, text)
    assert "field 'priority'" in message and f":{line_of(text, 'priority: 3')}:" in message


def test_an_exception_to_an_unknown_label_is_reported(tmp_path: Path) -> None:
    text = mutate("exception_to: agi-default", "exception_to: agi-defualt")
    message = load_error(tmp_path, text)
    assert "no clause has label 'agi-defualt'" in message
    assert "field 'exception_to'" in message


def test_an_exception_must_override_the_same_outcome(tmp_path: Path) -> None:
    text = mutate("    exception_to: cloud-freed\n", "    exception_to: core-terms\n")
    message = load_error(tmp_path, text)
    assert "no clause labelled 'core-terms' decides 'openai_may_use_other_cloud'" in message


def test_an_exception_needs_a_reason(tmp_path: Path) -> None:
    text = mutate(
        '    priority_reason: "Attaining AGI is the exception to the default that it has not been reached."\n', ""
    )
    assert "priority_reason" in load_error(tmp_path, text)


def test_exception_cycles_are_reported(tmp_path: Path) -> None:
    text = mutate(
        "    label: agi-default\n", "    label: agi-default\n    exception_to: agi-test\n    priority_reason: x\n"
    )
    assert "cycle" in load_error(tmp_path, text)


def test_outcome_dependency_cycles_are_reported(tmp_path: Path) -> None:
    text = mutate('condition: "agi_declared"', 'condition: "agi_declared or not microsoft_ip_access"')
    assert "cycle" in load_error(tmp_path, text)


def test_wrong_terms_in_a_clause(tmp_path: Path) -> None:
    text = BUNDLED.replace('    terms: "2025-01"\n    label: agi-test', '    terms: "2025-10"\n    label: agi-test', 1)
    message = load_error(tmp_path, text)
    assert "field 'terms'" in message and "'2025-10'" in message


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    text = BUNDLED.replace("clauses:\n", "clauses:\n  - id: [unclosed\n", 1)
    message = load_error(tmp_path, text)
    assert re.search(r"2025-01\.yaml:\d+: not valid YAML", message)


def test_duplicate_terms_across_files(tmp_path: Path) -> None:
    folder = write_sheet(tmp_path, BUNDLED)
    (folder / "copy.yaml").write_text(BUNDLED.replace("-2025-01\n", "-copy\n"), encoding="utf-8")
    with pytest.raises(DataFileError, match="already"):
        load_sheet(folder)


def test_a_second_version_file_loads_beside_the_first(tmp_path: Path) -> None:
    later = (
        BUNDLED.replace('id: "2025-01"', 'id: "2025-10"', 1)
        .replace('terms: "2025-01"', 'terms: "2025-10"')
        .replace("in_force_from: 2025-01-21", "in_force_from: 2025-10-28")
        .replace("{from: 2025-01-21}", "{from: 2025-10-28}")
        .replace("-2025-01\n", "-2025-10\n")
        .replace("kind: initial", "kind: reaffirmed")
    )
    folder = write_sheet(tmp_path, BUNDLED)
    (folder / "2025-10.yaml").write_text(later, encoding="utf-8")
    sheet = load_sheet(folder)
    assert sorted(sheet.versions) == ["2025-01", "2025-10"]
    assert sheet.resolve("2025-10-27").info.id == "2025-01"
    assert sheet.resolve("2025-10-28").info.id == "2025-10"
    assert sheet.resolve(None).info.id == "2025-01"


def test_two_clauses_that_disagree_without_priority_are_a_reported_conflict(tmp_path: Path) -> None:
    import datetime

    from assistant.whatif.engine.evaluator import evaluate
    from assistant.whatif.engine.scenario import Scenario

    text = mutate('condition: "capacity_request and not microsoft_can_meet"', 'condition: "capacity_request"')
    sheet = load_sheet(write_sheet(tmp_path, text))
    scenario = Scenario(
        event_date=datetime.date(2027, 1, 1), capacity_request=True, microsoft_can_meet=True, workload="product"
    )
    verdict = evaluate(scenario, sheet=sheet)
    assert verdict.outcomes["openai_may_use_other_cloud"] is None
    assert verdict.decisions["openai_may_use_other_cloud"].status == "conflict"
    assert "conflict" in verdict.reasons["openai_may_use_other_cloud"]


def test_a_provision_without_history_is_reported(tmp_path: Path) -> None:
    start = BUNDLED.index("  - provision: capacity-approval\n")
    text = BUNDLED[:start]
    message = load_error(tmp_path, text)
    assert "no history entry for provision 'capacity-approval'" in message
    assert re.search(r"2025-01\.yaml:\d+", message)


def test_history_needs_a_quote_except_when_unchanged(tmp_path: Path) -> None:
    head, history = BUNDLED.split("\nhistory:\n")
    entry = (
        "    kind: initial\n"
        '    summary: "Microsoft approved OpenAI building additional capacity, focused on research and training"\n'
    )
    assert entry in history
    history = history.replace(entry + "    source: stargate-article.txt\n", entry)
    text = head + "\nhistory:\n" + history
    message = load_error(tmp_path, text)
    assert "entry of kind 'initial' needs a source and a verbatim quote" in message
    line = text[: text.rindex("- provision: capacity-approval")].count("\n") + 1
    assert f"2025-01.yaml:{line}: field 'history.7'" in message


def _later(text: str) -> str:
    return (
        text.replace('id: "2025-01"', 'id: "2025-10"', 1)
        .replace('terms: "2025-01"', 'terms: "2025-10"')
        .replace("in_force_from: 2025-01-21", "in_force_from: 2025-10-28")
        .replace("{from: 2025-01-21}", "{from: 2025-10-28}")
        .replace("-2025-01\n", "-2025-10\n")
        .replace("kind: initial", "kind: reaffirmed")
    )


def test_a_provision_a_later_version_drops_silently_is_reported(tmp_path: Path) -> None:
    folder = write_sheet(tmp_path, BUNDLED)
    later = _later(BUNDLED)
    later = later.replace("    provision: capacity-approval\n", "    provision: first-refusal\n", 1)
    start = later.index("  - provision: capacity-approval\n")
    (folder / "2025-10.yaml").write_text(later[:start], encoding="utf-8")
    with pytest.raises(DataFileError, match=r"provision 'capacity-approval' of data/clauses/2025-01\.yaml is neither"):
        load_sheet(folder)


def test_an_ended_provision_may_not_keep_clauses(tmp_path: Path) -> None:
    folder = write_sheet(tmp_path, BUNDLED)
    later = _later(BUNDLED).replace(
        "  - provision: capacity-approval\n    kind: reaffirmed", "  - provision: capacity-approval\n    kind: ended"
    )
    (folder / "2025-10.yaml").write_text(later, encoding="utf-8")
    with pytest.raises(DataFileError, match="'capacity-approval' is 'ended' but clauses of this version carry it"):
        load_sheet(folder)


def test_a_bool_parameter_needs_bool_readings(tmp_path: Path) -> None:
    text = mutate("    type: money\n", "    type: bool\n")
    message = load_error(tmp_path, text)
    assert "is not of type bool" in message and "field 'parameters.0'" in message
