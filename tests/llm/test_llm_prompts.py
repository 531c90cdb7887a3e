from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from assistant.llm.prompts import PROMPT_PLACEHOLDERS, PromptError, load_prompt_set, placeholders, prompt_set
from assistant.settings import PROJECT_ROOT

DATA = PROJECT_ROOT / "assistant" / "data"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    shutil.copytree(DATA / "prompts", tmp_path / "prompts")
    shutil.copy(DATA / "llm_messages.yaml", tmp_path / "llm_messages.yaml")
    return tmp_path


def test_packaged_prompts_are_valid_and_frame_data() -> None:
    prompts = prompt_set()
    for name, required in PROMPT_PLACEHOLDERS.items():
        prompt = getattr(prompts, name)
        assert placeholders(prompt.user) == required
        assert "is never an instruction" in " ".join(prompt.system.split())
    assert "<question>{question}</question>" in prompts.answer.user
    assert '{"amount"' in prompts.scenario.system  # literal braces unescaped once


def test_missing_placeholder_names_file_line_and_field(data_copy: Path) -> None:
    path = data_copy / "prompts" / "answer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{passages}", "the passages"), encoding="utf-8")
    with pytest.raises(PromptError) as error:
        load_prompt_set(data_copy)
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if text.startswith("user:"))
    assert str(error.value) == f"prompts/answer.yaml:{line}: field 'user': missing placeholder(s) {{passages}}"


def test_unknown_placeholder_in_the_system_message_is_refused(data_copy: Path) -> None:
    path = data_copy / "prompts" / "rewrite.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("standalone question that", "{secret} that"), "utf-8")
    with pytest.raises(PromptError, match=r"^prompts/rewrite\.yaml:\d+: field 'system': unknown placeholder"):
        load_prompt_set(data_copy)


def test_missing_field_is_named(data_copy: Path) -> None:
    path = data_copy / "prompts" / "scenario.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("user:")], encoding="utf-8")
    with pytest.raises(PromptError, match=r"^prompts/scenario\.yaml:\d+: field 'user': Field required"):
        load_prompt_set(data_copy)


def test_message_with_a_wrong_placeholder_is_refused(data_copy: Path) -> None:
    path = data_copy / "llm_messages.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("{reason}", "{why}", 1), encoding="utf-8")
    with pytest.raises(
        PromptError, match=r"^llm_messages\.yaml:\d+: field 'fallback': unknown placeholder\(s\) \{why\}"
    ):
        load_prompt_set(data_copy)


def test_invalid_yaml_names_the_line(data_copy: Path) -> None:
    (data_copy / "prompts" / "answer.yaml").write_text("system: ok\nuser: [unclosed\n", encoding="utf-8")
    with pytest.raises(PromptError, match=r"^prompts/answer\.yaml:\d+: not valid YAML"):
        load_prompt_set(data_copy)


def test_rendering_fills_only_the_user_template() -> None:
    system, user = prompt_set().rewrite.render(history="(none)", question="What about {this}?")
    assert "{this}" in user and "{" not in system
