"""Building the chat model named by ``ASSISTANT_LLM`` with LangChain's ``init_chat_model``.

``langchain`` and the provider package are imported here, on first use, and only when a model
is configured: the offline path never loads them. Each provider gets the timeout and no
retries in its own parameter names, so a call fails fast instead of retrying past the deadline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.llm.calls import LLMFailure

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

#: The pip extra that installs each provider's LangChain package.
PROVIDER_EXTRAS = {"openai": "openai", "azure_openai": "openai", "ollama": "ollama", "anthropic": "anthropic"}
#: Stands in for an API key when a local OpenAI-compatible server needs none.
LOCAL_SERVER_KEY = "not-needed"


def split_spec(spec: str) -> tuple[str, str]:
    """``"ollama:llama3.1:8b"`` → ``("ollama", "llama3.1:8b")`` (the provider is before the first colon)."""
    provider, _, model = spec.partition(":")
    return provider.strip().lower().replace("-", "_"), model.strip()


def provider_kwargs(provider: str, base_url: str | None, timeout: float) -> dict[str, Any]:
    """The constructor arguments for the timeout, retries and base URL of one provider."""
    if provider == "ollama":
        kwargs: dict[str, Any] = {"client_kwargs": {"timeout": timeout}}
    else:
        kwargs = {"timeout": timeout, "max_retries": 0}
    if base_url:
        kwargs["base_url"] = base_url
    return kwargs


def make_chat_model(spec: str, base_url: str | None, timeout: float, **extra: Any) -> BaseChatModel:
    """Build the chat model for ``spec`` (``provider:model``).

    Args:
        spec: ``provider:model`` as ``init_chat_model`` takes it.
        base_url: The server's base URL, or ``None`` for the provider's default.
        timeout: Seconds before the provider's client gives up.
        **extra: More constructor arguments (``streaming=True`` in tests).

    Returns:
        The chat model.

    Raises:
        LLMFailure: With a one-line reason when the packages are missing or the spec is unknown.
    """
    provider, model = split_spec(spec)
    extra_name = PROVIDER_EXTRAS.get(provider)
    install = f"pip install '.[{extra_name}]'" if extra_name else "install its LangChain package"
    try:
        from langchain.chat_models import init_chat_model
    except ImportError as exc:
        raise LLMFailure(f"LangChain is not installed ({install})") from exc
    kwargs = {**provider_kwargs(provider, base_url, timeout), **extra}
    try:
        try:
            chat_model = init_chat_model(model, model_provider=provider, **kwargs)
        except ImportError:
            raise
        except Exception:
            if not _local_openai(provider, base_url, kwargs):
                raise
            chat_model = None
        if _local_openai(provider, base_url, kwargs) and getattr(chat_model, "openai_api_key", None) is None:
            # A local OpenAI-compatible server (vLLM, llama.cpp, LM Studio) needs no key: give it any.
            chat_model = init_chat_model(model, model_provider=provider, api_key=LOCAL_SERVER_KEY, **kwargs)
    except ImportError as exc:
        raise LLMFailure(f"the {provider} provider package is missing ({install})") from exc
    except Exception as exc:
        reason = " ".join(str(exc).split())[:160]
        raise LLMFailure(f"cannot set up {spec}: {reason}") from exc
    return chat_model


def _local_openai(provider: str, base_url: str | None, kwargs: dict[str, Any]) -> bool:
    """An OpenAI-compatible server at ``base_url`` with no key given (the key is then optional)."""
    return provider == "openai" and bool(base_url) and "api_key" not in kwargs
