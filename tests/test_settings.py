from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.settings import PROJECT_ROOT, Settings

SETTINGS_DOC = PROJECT_ROOT / "docs" / "settings.md"
TABLE_ROWS = set(re.findall(r"^\| `ASSISTANT_(\w+)` \|", SETTINGS_DOC.read_text(encoding="utf-8"), flags=re.M))


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_is_documented_in_the_settings_table(name: str) -> None:
    assert name.upper() in TABLE_ROWS, f"ASSISTANT_{name.upper()} has no row in the table of docs/settings.md"


def test_every_row_of_the_settings_table_is_a_setting() -> None:
    stale = sorted(TABLE_ROWS - {name.upper() for name in Settings.model_fields})
    assert not stale, f"docs/settings.md documents settings that do not exist: {stale}"


@pytest.mark.parametrize("name", sorted(Settings.model_fields))
def test_every_setting_has_a_description(name: str) -> None:
    assert Settings.model_fields[name].description


def test_settings_come_from_prefixed_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_TOP_K", "9")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path))
    settings = Settings()
    assert settings.top_k == 9 and settings.data_dir == tmp_path


def test_invalid_setting_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ASSISTANT_ABSTAIN_THRESHOLD", "7")
    with pytest.raises(ValueError, match="abstain_threshold"):
        Settings()


def test_llm_is_off_unless_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_LLM", raising=False)
    assert Settings().llm is None
    monkeypatch.setenv("ASSISTANT_LLM", "  ")
    assert Settings().llm is None
    monkeypatch.setenv("ASSISTANT_LLM", "ollama:llama3.1:8b")
    monkeypatch.setenv("ASSISTANT_LLM_BASE_URL", "http://127.0.0.1:11434")
    monkeypatch.setenv("ASSISTANT_LLM_TIMEOUT", "2.5")
    settings = Settings()
    assert (settings.llm, settings.llm_base_url, settings.llm_timeout) == (
        "ollama:llama3.1:8b",
        "http://127.0.0.1:11434",
        2.5,
    )


@pytest.mark.parametrize(("name", "value"), [("ASSISTANT_LLM", "gpt-4o-mini"), ("ASSISTANT_LLM_TIMEOUT", "0")])
def test_invalid_llm_settings_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ValueError, match=name.removeprefix("ASSISTANT_").lower()):
        Settings()
