from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from filelock import FileLock

from assistant.cli.main import main


def test_help_lists_the_commands() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    for command in ("ask", "chat", "ingest"):
        assert command in result.output


@pytest.mark.slow
def test_ask_json_prints_the_answer_object() -> None:
    result = CliRunner().invoke(main, ["ask", "Is the OpenAI API exclusive to Azure?", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["kind"] == "answer" and data["citations"]


@pytest.mark.slow
def test_ask_renders_sources_and_confidence() -> None:
    result = CliRunner().invoke(main, ["ask", "Who", "has", "the", "right", "of", "first", "refusal?"])
    assert result.exit_code == 0
    assert "Sources:" in result.output and "[1]" in result.output and "confidence" in result.output


@pytest.mark.slow
def test_empty_question_gets_a_message_not_a_traceback() -> None:
    result = CliRunner().invoke(main, ["ask", "   "])
    assert result.exit_code == 0 and "Please type a question" in result.output


@pytest.mark.usefixtures("fake_encoder")  # the command's mechanics, not the model's vectors
def test_ingest_prints_a_summary_and_warns_about_skipped_files(
    small_corpus,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    (Path(small_corpus.corpus_dir) / "bad.txt").write_bytes(b"\xff\xfe")
    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(small_corpus.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(small_corpus.data_dir))
    from assistant.settings import get_settings

    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["ingest"])
        assert result.exit_code == 0, result.output
        assert "Indexed 2 documents" in result.output and "skipped bad.txt" in result.output
        again = CliRunner().invoke(main, ["ingest", "--if-stale"])
        assert "up to date" in again.output
        outside = CliRunner().invoke(main, ["ingest", "/"])
        assert outside.exit_code == 2 and "outside the corpus" in outside.output
        rebuilt = CliRunner().invoke(main, ["ingest", "--rebuild"])
        assert rebuilt.exit_code == 0 and "2 added" in rebuilt.output, rebuilt.output
        partial = CliRunner().invoke(main, ["ingest", "--rebuild", str(Path(small_corpus.corpus_dir) / "beta.txt")])
        assert partial.exit_code == 2 and "whole corpus" in partial.output, partial.output
        lock = FileLock(str(Path(small_corpus.data_dir) / "ingest.lock"))
        with lock:
            busy = CliRunner().invoke(main, ["ingest", "--rebuild"])
        assert busy.exit_code == 1 and "another ingest is running" in busy.output
        assert "Traceback" not in busy.output
    finally:
        get_settings.cache_clear()


@pytest.mark.enable_socket
@pytest.mark.allow_hosts(["127.0.0.1"])
def test_ingest_against_an_unreachable_chroma_server_is_a_message(
    small_corpus,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    from assistant.settings import get_settings

    from ..conftest import free_port

    monkeypatch.setenv("ASSISTANT_CORPUS_DIR", str(small_corpus.corpus_dir))
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(small_corpus.data_dir))
    monkeypatch.setenv("ASSISTANT_CHROMA_URL", f"http://127.0.0.1:{free_port()}")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["ingest"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "cannot reach the Chroma server" in result.output


@pytest.mark.slow
def test_chat_keeps_history_for_followups() -> None:
    script = (
        "Until when does the Microsoft-OpenAI partnership remain intact according to the article?\n"
        "And what about the API?\n/quit\n"
    )
    result = CliRunner().invoke(main, ["chat"], input=script)
    assert result.exit_code == 0
    assert result.output.count("Sources:") == 2
