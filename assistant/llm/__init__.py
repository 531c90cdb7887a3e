"""Optional language-model backends (LangChain), used only when ``ASSISTANT_LLM`` is set.

With a model configured, answers are written by the model from the retrieved passages and
checked sentence by sentence (:mod:`assistant.llm.grounding`), follow-ups are rewritten with the
conversation before retrieval (:mod:`assistant.llm.rewriter`), and what-if scenarios may be read
by the model through the evaluator's tool (:mod:`assistant.llm.scenario_reader`). Declining
stays deterministic, verdicts stay the evaluator's, and every failure falls back to the offline
answer with a notice (:mod:`assistant.llm.backend`).

Importing this package loads nothing heavy: LangChain's ``init_chat_model`` and the provider
package are imported by :mod:`assistant.llm.factory` on the first model call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from assistant.corpus.sources import SourceTexts
    from assistant.llm.backend import LLMBackend
    from assistant.settings import Settings


def load_backend(settings: Settings, sources: SourceTexts) -> LLMBackend | None:
    """The backend for ``settings.llm``, or ``None`` when no model is configured (offline).

    The prompts are loaded and validated here, at start-up; the model itself is built on first use.
    """
    if not settings.llm:
        return None
    from assistant.llm.backend import LLMBackend

    return LLMBackend(settings, sources)
