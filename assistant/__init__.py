"""The agreement assistant: grounded answers about the Microsoft–OpenAI agreement.

``from assistant import answer`` is the public entry point. Importing the package has no side
effects; the offline environment (no model hub, no telemetry) is set by the entry points and when
an assistant is built (:func:`assistant.offline.enforce_offline`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from assistant.api import answer
    from assistant.models import Answer, Citation

__all__ = ["Answer", "Citation", "answer"]


def __getattr__(name: str) -> Any:
    # Lazy, so that `import assistant` stays cheap for commands that do not answer questions.
    if name == "answer":
        from assistant.api import answer

        return answer
    if name in ("Answer", "Citation"):
        from assistant import models

        return getattr(models, name)
    raise AttributeError(name)
