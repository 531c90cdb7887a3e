"""``python -m assistant.cli`` runs the ``assistant`` command."""

from __future__ import annotations

from assistant.cli.main import main

main()
