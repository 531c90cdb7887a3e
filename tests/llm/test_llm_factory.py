from __future__ import annotations

import sys

import pytest

from assistant.llm.calls import LLMFailure
from assistant.llm.factory import LOCAL_SERVER_KEY, make_chat_model, provider_kwargs, split_spec

# Building ChatOpenAI probes socket options with an unconnected socket; nothing connects anywhere.
pytestmark = pytest.mark.allow_hosts(["127.0.0.1"])


def test_split_spec_keeps_colons_in_the_model_name() -> None:
    assert split_spec("ollama:llama3.1:8b") == ("ollama", "llama3.1:8b")
    assert split_spec("Azure-OpenAI:gpt-4o") == ("azure_openai", "gpt-4o")


def test_provider_kwargs_set_timeout_and_no_retries() -> None:
    assert provider_kwargs("openai", "http://127.0.0.1:1/v1", 3.0) == {
        "timeout": 3.0,
        "max_retries": 0,
        "base_url": "http://127.0.0.1:1/v1",
    }
    assert provider_kwargs("ollama", None, 3.0) == {"client_kwargs": {"timeout": 3.0}}


def test_openai_model_for_a_local_server(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = make_chat_model("openai:local-model", "http://127.0.0.1:9/v1", 2.0)
    assert type(model).__name__ == "ChatOpenAI"
    assert model.model_name == "local-model"  # type: ignore[attr-defined]
    assert model.request_timeout == 2.0 and model.max_retries == 0  # type: ignore[attr-defined]
    assert model.openai_api_base == "http://127.0.0.1:9/v1"  # type: ignore[attr-defined]
    assert model.openai_api_key.get_secret_value() == LOCAL_SERVER_KEY  # type: ignore[attr-defined]


def test_a_real_key_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test")
    model = make_chat_model("openai:gpt-4o-mini", "http://127.0.0.1:9/v1", 2.0)
    assert model.openai_api_key.get_secret_value() == "sk-test"  # type: ignore[attr-defined]


def test_missing_provider_package_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "langchain_ollama", None)
    with pytest.raises(LLMFailure, match=r"the ollama provider package is missing \(pip install '\.\[ollama\]'\)"):
        make_chat_model("ollama:llama3.1", None, 2.0)


def test_unknown_provider_is_a_failure_not_a_crash() -> None:
    with pytest.raises(LLMFailure, match=r"cannot set up nosuch:model"):
        make_chat_model("nosuch:model", None, 2.0)
