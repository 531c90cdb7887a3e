"""The agreement assistant: grounded answers about the Microsoft–OpenAI agreement.

``from assistant import answer`` is the public entry point. Importing the package sets
the offline environment (no model hub, no telemetry) before any model library loads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from assistant.offline import enforce_offline

enforce_offline()

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
